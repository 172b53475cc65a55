#include "harsanitizer.h"

#include "session.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace SseScope {

namespace {

// Shorter values are too likely to be ordinary words or numbers to be masked in free text; they
// are still masked where they sit (the query value, the header).
constexpr qsizetype minimumFreeTextSecret = 4;

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '.' || c == '[' || c == ']';
}

bool isParameterBoundary(char c)
{
    return c == '?' || c == '&' || c == ';' || c == '#' || c == ' ' || c == '\t' || c == '\'' || c == '"'
        || c == '(' || c == ',' || c == '\n';
}

bool endsValue(char c)
{
    return c == '&' || c == '#' || c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\''
        || c == '"' || c == '<' || c == '>' || c == ')' || c == ',';
}

} // namespace

HarSanitizer::HarSanitizer(const Session &session)
{
    collectFromUrl(session.info().url.toEncoded());
    collectFromUrl(session.info().loginUrl.toEncoded());
    for (const SessionExchange &exchange : session.exchanges()) {
        collectFromUrl(exchange.request.url.toEncoded());
        collectFromUrl(exchange.plannedRequest.url.toEncoded());
        collectFromHeaders(exchange.request.headers);
        collectFromHeaders(exchange.plannedRequest.headers);
        collectFromBody(exchange.requestBody);
        if (exchange.response) {
            collectFromHeaders(exchange.response->headers);
        }
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
        [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
}

bool HarSanitizer::isSecretParameterName(QByteArrayView name)
{
    static const QList<QByteArray> exact = {
        "token",
        "access_token",
        "accesstoken",
        "refresh_token",
        "id_token",
        "auth",
        "authorization",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "jwt",
        "sig",
        "signature",
        "secret",
        "client_secret",
        "password",
        "passwd",
        "pwd",
        "session",
        "sessionid",
        "session_id",
        "sid",
        "code",
        "ticket",
        "credential",
        "credentials",
    };
    const QByteArray lower = name.toByteArray().toLower();
    if (exact.contains(lower)) {
        return true;
    }
    // x-amz-signature, x-goog-credential, auth_token, csrf-token, my_secret, private_key …
    static const QList<QByteArray> suffixes
        = {"token", "secret", "signature", "_sig", "-sig", "_key", "-key", "password", "credential"};
    return std::any_of(suffixes.cbegin(), suffixes.cend(), [&](const QByteArray &s) { return lower.endsWith(s); });
}

bool HarSanitizer::isDroppedHeaderName(QByteArrayView name)
{
    const QByteArray n = name.toByteArray();
    return headerNameEquals(n, "Cookie") || headerNameEquals(n, "Set-Cookie")
        || headerNameEquals(n, "Authorization") || headerNameEquals(n, "Proxy-Authorization");
}

bool HarSanitizer::isSecretHeaderName(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    return lower.contains("token") || lower.contains("api-key") || lower.contains("apikey")
        || lower.contains("secret") || lower.contains("password") || lower.endsWith("-auth")
        || lower.startsWith("x-auth") || lower.contains("signature");
}

void HarSanitizer::addSecret(const QByteArray &value)
{
    // A value inside the mask itself ("REDA") is not hunted in free text: masking it would grow
    // every mask already written ("REDACTEDCTED"), and a second export would differ from the first.
    const QByteArray trimmed = value.trimmed();
    if (trimmed.size() < minimumFreeTextSecret || mask().contains(trimmed) || m_secrets.contains(trimmed)) {
        return;
    }
    m_secrets.append(trimmed);
    // Free text may quote the decoded form (a console line) as well as the encoded one.
    const QByteArray decoded = QByteArray::fromPercentEncoding(trimmed);
    if (decoded != trimmed && decoded.size() >= minimumFreeTextSecret && !mask().contains(decoded)
        && !m_secrets.contains(decoded)) {
        m_secrets.append(decoded);
    }
}

void HarSanitizer::collectFromUrl(const QByteArray &url)
{
    // Every `name=value` after a boundary, in the query and in the fragment alike.
    qsizetype i = 0;
    while (i < url.size()) {
        const bool atBoundary = i == 0 || isParameterBoundary(url.at(i - 1));
        if (!atBoundary || !isNameChar(url.at(i))) {
            ++i;
            continue;
        }
        qsizetype nameEnd = i;
        while (nameEnd < url.size() && isNameChar(url.at(nameEnd))) {
            ++nameEnd;
        }
        if (nameEnd < url.size() && url.at(nameEnd) == '='
            && isSecretParameterName(QByteArrayView(url).sliced(i, nameEnd - i))) {
            qsizetype valueEnd = nameEnd + 1;
            while (valueEnd < url.size() && !endsValue(url.at(valueEnd))) {
                ++valueEnd;
            }
            addSecret(url.mid(nameEnd + 1, valueEnd - nameEnd - 1));
            i = valueEnd;
        } else {
            i = nameEnd;
        }
    }
}

void HarSanitizer::collectFromHeaders(const HttpHeaders &headers)
{
    for (const HttpHeader &line : headers.lines()) {
        if (headerNameEquals(line.name, "Cookie")) {
            for (const QByteArray &pair : line.value.split(';')) {
                const qsizetype eq = pair.indexOf('=');
                addSecret(eq < 0 ? pair : pair.mid(eq + 1));
            }
        } else if (headerNameEquals(line.name, "Set-Cookie")) {
            const QByteArray pair = line.value.left(line.value.indexOf(';'));
            const qsizetype eq = pair.indexOf('=');
            addSecret(eq < 0 ? pair : pair.mid(eq + 1));
        } else if (headerNameEquals(line.name, "Authorization") || headerNameEquals(line.name, "Proxy-Authorization")) {
            addSecret(line.value);
            const qsizetype space = line.value.trimmed().indexOf(' ');
            if (space > 0) {
                addSecret(line.value.trimmed().mid(space + 1)); // the credentials after "Bearer "
            }
        } else if (isSecretHeaderName(line.name)) {
            addSecret(line.value);
        } else {
            collectFromUrl(line.value); // Referer, Location, Link …
        }
    }
}

QByteArray HarSanitizer::cleanText(const QByteArray &text) const
{
    QByteArray out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const bool atBoundary = i == 0 || isParameterBoundary(text.at(i - 1));
        if (!atBoundary || !isNameChar(text.at(i))) {
            out.append(text.at(i));
            ++i;
            continue;
        }
        qsizetype nameEnd = i;
        while (nameEnd < text.size() && isNameChar(text.at(nameEnd))) {
            ++nameEnd;
        }
        out.append(text.constData() + i, nameEnd - i);
        if (nameEnd < text.size() && text.at(nameEnd) == '='
            && isSecretParameterName(QByteArrayView(text).sliced(i, nameEnd - i))) {
            qsizetype valueEnd = nameEnd + 1;
            while (valueEnd < text.size() && !endsValue(text.at(valueEnd))) {
                ++valueEnd;
            }
            out.append('=');
            if (valueEnd > nameEnd + 1) {
                out.append(mask());
            }
            i = valueEnd;
        } else {
            i = nameEnd;
        }
    }
    for (const QByteArray &secret : m_secrets) {
        out.replace(secret, mask());
    }
    return out;
}

QString HarSanitizer::cleanText(const QString &text) const
{
    return QString::fromUtf8(cleanText(text.toUtf8()));
}

QByteArray HarSanitizer::cleanUrl(const QUrl &url) const
{
    const QByteArray encoded = url.toEncoded();
    if (!url.isValid() || url.isRelative()) {
        return cleanText(encoded);
    }
    // scheme://user@host:port, then path?query#fragment.
    const QByteArray authority = url.toEncoded(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    bool maskHost = cleanText(authority) != authority;
    for (const QByteArray &secret : m_secrets) {
        const qsizetype at = encoded.indexOf(secret);
        maskHost = maskHost || (at >= 0 && at < authority.size());
    }
    QByteArray head = authority;
    if (maskHost) {
        QUrl masked;
        masked.setScheme(url.scheme());
        masked.setHost(QStringLiteral("redacted"));
        masked.setPort(url.port());
        head = masked.toEncoded();
    }
    // The cleaned URL must read back to the same bytes, or a sanitized file would not load again.
    const auto readsBack = [](const QByteArray &candidate) {
        const QUrl parsed = QUrl::fromEncoded(candidate, QUrl::StrictMode);
        return parsed.isValid() && !parsed.isRelative() && parsed.toEncoded() == candidate;
    };
    const QByteArray cleaned = head + cleanText(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
    return readsBack(cleaned) ? cleaned : head + '/' + mask();
}

HttpHeaders HarSanitizer::cleanHeaders(const HttpHeaders &headers) const
{
    HttpHeaders out;
    for (const HttpHeader &line : headers.lines()) {
        if (isDroppedHeaderName(line.name)) {
            continue;
        }
        out.append(line.name, isSecretHeaderName(line.name) ? mask() : cleanText(line.value));
    }
    return out;
}

} // namespace SseScope
