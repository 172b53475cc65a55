#include "fetchrequest.h"

#include "preflight.h"

#include <algorithm>

namespace SseScope {

namespace {

// RFC 9110 token characters (Fetch "method": a method is a byte sequence that matches token).
bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        return true;
    }
    return QByteArrayLiteral("!#$%&'*+-.^_`|~").contains(c);
}

} // namespace

QString fetchInitTypeError(const RequestIntent &intent)
{
    if (intent.mode != RequestMode::Fetch) {
        return QString();
    }
    const QByteArray &method = intent.method;
    if (method.isEmpty() || !std::all_of(method.cbegin(), method.cend(), isTokenChar)) {
        return QLatin1Char('\'') + QString::fromLatin1(method) + QStringLiteral("' is not a valid HTTP method.");
    }
    // Fetch "forbidden method": CONNECT, TRACE, TRACK, byte-case-insensitively.
    const QByteArray upper = method.toUpper();
    if (upper == "CONNECT" || upper == "TRACE" || upper == "TRACK") {
        return QLatin1Char('\'') + QString::fromLatin1(method) + QStringLiteral("' HTTP method is unsupported.");
    }
    // Step 35: a non-null body with GET or HEAD (after normalization) throws.
    const QByteArray normalized = normalizedMethod(method);
    if (intent.hasBody && (normalized == "GET" || normalized == "HEAD")) {
        return QStringLiteral("Request with GET/HEAD method cannot have body.");
    }
    return QString();
}

QList<Finding> fetchInitFindings(const RequestIntent &intent)
{
    const QString message = fetchInitTypeError(intent);
    if (message.isEmpty()) {
        return {};
    }
    return {makeFinding("fetch.init-type-error", message)};
}

QString chromiumFetchTypeErrorConsole(const QString &message)
{
    return QStringLiteral("Uncaught (in promise) TypeError: Failed to execute 'fetch' on 'Window': ") + message;
}

QByteArray fetchStringBodyContentType()
{
    return QByteArrayLiteral("text/plain;charset=UTF-8");
}

bool isRequestBodyHeaderName(const QByteArray &name)
{
    for (const char *bodyHeader : {"Content-Encoding", "Content-Language", "Content-Location", "Content-Type"}) {
        if (headerNameEquals(name, QByteArray(bodyHeader))) {
            return true;
        }
    }
    return false;
}

HttpHeaders fetchRequestHeaders(const RequestIntent &intent)
{
    HttpHeaders headers = intent.extraHeaders;
    if (intent.mode == RequestMode::Fetch && intent.hasBody
        && !intent.extraHeaders.contains(QByteArrayLiteral("Content-Type"))) {
        headers.append(QByteArrayLiteral("Content-Type"), fetchStringBodyContentType());
    }
    return headers;
}

} // namespace SseScope
