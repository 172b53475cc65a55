#include "fetchresponse.h"

#include "mimetype.h"
#include "preflight.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SseScope {

bool isCorsSafelistedResponseHeaderName(const QByteArray &name)
{
    static const QList<QByteArray> names = {QByteArrayLiteral("cache-control"), QByteArrayLiteral("content-language"),
        QByteArrayLiteral("content-length"), QByteArrayLiteral("content-type"), QByteArrayLiteral("expires"),
        QByteArrayLiteral("last-modified"), QByteArrayLiteral("pragma")};
    return names.contains(name.toLower());
}

bool isForbiddenResponseHeaderName(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "set-cookie" || lower == "set-cookie2";
}

QString readHeaderReasonName(ReadHeaderReason reason)
{
    switch (reason) {
    case ReadHeaderReason::SameOrigin:
        return QStringLiteral("same-origin");
    case ReadHeaderReason::Safelisted:
        return QStringLiteral("safelisted");
    case ReadHeaderReason::Exposed:
        return QStringLiteral("exposed");
    case ReadHeaderReason::ExposedByWildcard:
        return QStringLiteral("exposed-by-wildcard");
    case ReadHeaderReason::Forbidden:
        return QStringLiteral("forbidden");
    case ReadHeaderReason::NotExposed:
        return QStringLiteral("not-exposed");
    case ReadHeaderReason::WildcardWithCredentials:
        return QStringLiteral("wildcard-with-credentials");
    case ReadHeaderReason::Absent:
        return QStringLiteral("absent");
    }
    return QString();
}

ReadHeader readResponseHeader(
    const HttpHeaders &response, const QByteArray &name, bool corsTainted, CredentialsMode credentials)
{
    ReadHeader read;
    read.name = name;
    const QByteArray value = response.combinedValue(name);
    read.sent = !value.isNull();
    // Fetch §3.2.3: basic and CORS filtered responses both drop the forbidden response-header names.
    if (isForbiddenResponseHeaderName(name)) {
        read.reason = ReadHeaderReason::Forbidden;
        return read;
    }
    if (!corsTainted) {
        read.reason = read.sent ? ReadHeaderReason::SameOrigin : ReadHeaderReason::Absent;
        if (read.sent) {
            read.value = value;
        }
        return read;
    }
    // Main fetch step 14.3: the CORS-exposed header-name list is the extracted
    // Access-Control-Expose-Headers; `*` stands for every name only when credentials are not
    // "include" (Chromium cors_url_loader.cc / Blink FetchResponseData::CreateCorsFilteredResponse).
    const QList<QByteArray> exposed
        = parseCorsHeaderList(response.combinedValue(QByteArrayLiteral("Access-Control-Expose-Headers")));
    bool listed = false;
    bool star = false;
    for (const QByteArray &item : exposed) {
        listed = listed || headerNameEquals(item, name);
        star = star || item == "*";
    }
    const bool include = credentials == CredentialsMode::Include;
    ReadHeaderReason reason = ReadHeaderReason::NotExposed;
    if (isCorsSafelistedResponseHeaderName(name)) {
        reason = ReadHeaderReason::Safelisted;
    } else if (listed) {
        reason = ReadHeaderReason::Exposed;
    } else if (star && !include) {
        reason = ReadHeaderReason::ExposedByWildcard;
    } else if (star) {
        reason = ReadHeaderReason::WildcardWithCredentials;
    }
    const bool readable = reason == ReadHeaderReason::Safelisted || reason == ReadHeaderReason::Exposed
        || reason == ReadHeaderReason::ExposedByWildcard;
    if (!read.sent) {
        read.reason = ReadHeaderReason::Absent;
    } else {
        read.reason = reason;
        if (readable) {
            read.value = value;
        }
    }
    return read;
}

QList<ReadHeader> readResponseHeaders(
    const HttpHeaders &response, const QList<QByteArray> &names, bool corsTainted, CredentialsMode credentials)
{
    QList<ReadHeader> reads;
    reads.reserve(names.size());
    for (const QByteArray &name : names) {
        reads.append(readResponseHeader(response, name, corsTainted, credentials));
    }
    return reads;
}

QList<Finding> readHeaderFindings(const QList<ReadHeader> &reads)
{
    QList<Finding> findings;
    for (const ReadHeader &read : reads) {
        const QString name = QString::fromLatin1(read.name);
        switch (read.reason) {
        case ReadHeaderReason::NotExposed:
            findings.append(makeFinding("fetch.header-not-exposed", name));
            break;
        case ReadHeaderReason::WildcardWithCredentials:
            findings.append(makeFinding("fetch.expose-wildcard-with-credentials", name));
            break;
        case ReadHeaderReason::Forbidden:
            findings.append(makeFinding("fetch.header-forbidden", name));
            break;
        case ReadHeaderReason::Absent:
            findings.append(makeFinding("fetch.header-absent", name));
            break;
        case ReadHeaderReason::SameOrigin:
        case ReadHeaderReason::Safelisted:
        case ReadHeaderReason::Exposed:
        case ReadHeaderReason::ExposedByWildcard:
            break;
        }
    }
    return findings;
}

QList<Finding> checkFetchStreamHead(const ResponseHead &response)
{
    if (response.status < 200 || response.status > 299) {
        return {}; // fetch.not-ok-status says it
    }
    const ParsedContentType type = parseContentType(response.headers);
    if (type.essence.toLower() == "text/event-stream") {
        return {};
    }
    return {makeFinding("fetch.not-event-stream",
        QStringLiteral("Content-Type: ")
            + (type.present ? QString::fromLatin1(response.headers.combinedValue(QByteArrayLiteral("Content-Type")))
                            : QStringLiteral("(none)")))};
}

QList<Finding> checkFetchStreamBody(const ResponseHead &response, const QByteArray &body)
{
    const ParsedContentType type = parseContentType(response.headers);
    if (type.essence.toLower() == "text/event-stream") {
        return {};
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || document.isNull()) {
        return {};
    }
    // The common error shapes: OpenAI {"error": {"message"}}, JSON-RPC {"error": {"message"}},
    // {"error": "…"}, {"message": "…"}, {"detail": "…"}.
    QString message;
    if (document.isObject()) {
        const QJsonObject object = document.object();
        const QJsonValue errorValue = object.value(QStringLiteral("error"));
        if (errorValue.isObject()) {
            message = errorValue.toObject().value(QStringLiteral("message")).toString();
        } else if (errorValue.isString()) {
            message = errorValue.toString();
        }
        for (const char *key : {"message", "detail"}) {
            if (message.isEmpty()) {
                message = object.value(QLatin1String(key)).toString();
            }
        }
    }
    QString detail = QStringLiteral("HTTP ") + QString::number(response.status);
    if (!message.isEmpty()) {
        detail += QStringLiteral(": ") + message.left(200);
    }
    return {makeFinding("fetch.json-error-body", detail)};
}

} // namespace SseScope
