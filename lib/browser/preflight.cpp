#include "preflight.h"

#include "mimetype.h"

#include <algorithm>

namespace SseScope {

namespace {

bool isCorsUnsafeRequestHeaderByte(char c)
{
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 && b != 0x09) {
        return true;
    }
    return QByteArrayLiteral("\"():<>?@[\\]{}\x7f").contains(c);
}

} // namespace

QList<QByteArray> parseCorsHeaderList(const QByteArray &value)
{
    // Chromium's parser splits on commas and trims; it never fails (browser-rules.md §1.1 #17/#18).
    QList<QByteArray> items;
    const QList<QByteArray> parts = value.split(',');
    for (const QByteArray &part : parts) {
        const QByteArray item = trimmedHeaderValue(part);
        if (!item.isEmpty()) {
            items.append(item);
        }
    }
    return items;
}

bool isCorsSafelistedMethod(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "POST";
}

QByteArray normalizedMethod(const QByteArray &method)
{
    const QByteArray upper = method.toUpper();
    static const QList<QByteArray> normalized = {QByteArrayLiteral("DELETE"), QByteArrayLiteral("GET"),
        QByteArrayLiteral("HEAD"), QByteArrayLiteral("OPTIONS"), QByteArrayLiteral("POST"), QByteArrayLiteral("PUT")};
    return normalized.contains(upper) ? upper : method;
}

bool isForbiddenRequestHeaderName(const QByteArray &name)
{
    static const QList<QByteArray> forbidden = {"accept-charset", "accept-encoding", "access-control-request-headers",
        "access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect",
        "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade",
        "user-agent", // no longer forbidden by Fetch, still dropped by Chromium (net/http/http_util.cc)
        "via"};
    const QByteArray lower = name.toLower();
    return forbidden.contains(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

bool isCorsSafelistedRequestHeader(const QByteArray &name, const QByteArray &value)
{
    if (value.size() > 128) {
        return false;
    }
    const QByteArray lower = name.toLower();
    if (lower == "accept") {
        return std::none_of(value.cbegin(), value.cend(), isCorsUnsafeRequestHeaderByte);
    }
    if (lower == "accept-language" || lower == "content-language") {
        return std::all_of(value.cbegin(), value.cend(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '*'
                || c == ',' || c == '-' || c == '.' || c == ';' || c == '=';
        });
    }
    if (lower == "content-type") {
        if (std::any_of(value.cbegin(), value.cend(), isCorsUnsafeRequestHeaderByte)) {
            return false;
        }
        const QByteArray essence = mimeEssence(value);
        return essence == "application/x-www-form-urlencoded" || essence == "multipart/form-data"
            || essence == "text/plain";
    }
    if (lower == "range") {
        // A single "bytes=N-[M]" range (Fetch "simple range header value").
        if (!value.startsWith("bytes=")) {
            return false;
        }
        const QByteArray spec = value.mid(6);
        const qsizetype dash = spec.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        const QByteArray first = spec.left(dash);
        const QByteArray last = spec.mid(dash + 1);
        auto digits = [](const QByteArray &s) {
            return std::all_of(s.cbegin(), s.cend(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (!digits(first) || !digits(last)) {
            return false;
        }
        return last.isEmpty() || first.toULongLong() <= last.toULongLong();
    }
    return false;
}

QList<QByteArray> corsUnsafeRequestHeaderNames(const HttpHeaders &headers)
{
    QList<QByteArray> unsafe;
    qsizetype safelistedBytes = 0;
    QList<QByteArray> safelistedNames;
    for (const HttpHeader &header : headers.lines()) {
        if (isForbiddenRequestHeaderName(header.name)) {
            continue;
        }
        const QByteArray lower = header.name.toLower();
        if (isCorsSafelistedRequestHeader(header.name, header.value)) {
            safelistedBytes += header.value.size();
            safelistedNames.append(lower);
        } else {
            unsafe.append(lower);
        }
    }
    if (safelistedBytes > 1024) {
        unsafe += safelistedNames;
    }
    std::sort(unsafe.begin(), unsafe.end());
    unsafe.erase(std::unique(unsafe.begin(), unsafe.end()), unsafe.end());
    return unsafe;
}

bool needsPreflight(const QByteArray &method, const HttpHeaders &headers)
{
    return !isCorsSafelistedMethod(normalizedMethod(method)) || !corsUnsafeRequestHeaderNames(headers).isEmpty();
}

RequestHead buildPreflightRequest(const QUrl &url, const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
    const QString &serializedOrigin)
{
    RequestHead preflight;
    preflight.method = QByteArrayLiteral("OPTIONS");
    preflight.url = url;
    preflight.headers.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*"));
    preflight.headers.append(QByteArrayLiteral("Access-Control-Request-Method"), normalizedMethod(method));
    if (!unsafeHeaderNames.isEmpty()) {
        preflight.headers.append(QByteArrayLiteral("Access-Control-Request-Headers"), unsafeHeaderNames.join(','));
    }
    preflight.headers.append(QByteArrayLiteral("Origin"), serializedOrigin.toLatin1());
    return preflight;
}

CorsCheckResult PreflightResult::allows(const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
    bool includeCredentials, const BrowserProfile &profile) const
{
    // Chromium PreflightResult::EnsureAllowedCrossOriginMethod: listed (case-sensitive), safelisted,
    // or `*` without credentials.
    const QByteArray m = normalizedMethod(method);
    const bool wildcardMethods = !includeCredentials && methods.contains(QByteArrayLiteral("*"));
    if (!methods.contains(m) && !isCorsSafelistedMethod(m) && !wildcardMethods) {
        return {CorsError::MethodDisallowedByPreflightResponse, QString::fromLatin1(m)};
    }
    // EnsureAllowedCrossOriginHeaders: each unsafe name listed, or `*` without credentials. The
    // standard keeps Authorization out of `*`; observed Chromium 156 lets `*` cover it.
    const bool wildcardHeaders = !includeCredentials && headers.contains(QByteArrayLiteral("*"));
    for (const QByteArray &name : unsafeHeaderNames) {
        if (headers.contains(name)) {
            continue;
        }
        if (wildcardHeaders && (name != "authorization" || profile.wildcardCoversAuthorization)) {
            continue;
        }
        return {CorsError::HeaderDisallowedByPreflightResponse, QString::fromLatin1(name)};
    }
    return {};
}

PreflightCheck checkPreflightResponse(const ResponseHead &response, const QString &serializedOrigin,
    CredentialsMode credentials, const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
    const BrowserProfile &profile)
{
    PreflightCheck check;
    if (response.status >= 300 && response.status < 400) {
        check.cors = {CorsError::PreflightDisallowedRedirect, QString()};
        return check;
    }
    check.cors = checkPreflightAccess(response.headers, serializedOrigin, credentials);
    if (!check.cors.ok()) {
        return check;
    }
    if (response.status < 200 || response.status > 299) {
        check.cors = {CorsError::PreflightInvalidStatus, QString::number(response.status)};
        return check;
    }
    const bool include = credentials == CredentialsMode::Include;
    PreflightResult &result = check.result;
    result.credentials = include;
    result.methods
        = parseCorsHeaderList(response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Methods")));
    const QList<QByteArray> headers
        = parseCorsHeaderList(response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Headers")));
    for (const QByteArray &h : headers) {
        result.headers.append(h.toLower());
    }
    // Access-Control-Max-Age: default 5 s when absent or unparseable, capped by the engine
    // (Chromium 7200 s, preflight_result.cc kMaxTimeout).
    const QByteArray maxAge
        = trimmedHeaderValue(response.headers.combinedValue(QByteArrayLiteral("Access-Control-Max-Age")));
    bool parsed = false;
    const qint64 seconds = maxAge.toLongLong(&parsed);
    if (parsed && seconds >= 0) {
        result.maxAgePresent = true;
        result.maxAgeSeconds = std::min<qint64>(seconds, profile.preflightMaxAgeCapSeconds);
        result.maxAgeCapped = seconds > profile.preflightMaxAgeCapSeconds;
    }
    check.cors = result.allows(method, unsafeHeaderNames, include, profile);
    if (check.cors.ok() && unsafeHeaderNames.contains(QByteArrayLiteral("authorization"))
        && !result.headers.contains(QByteArrayLiteral("authorization"))) {
        check.authorizationCoveredByWildcard = true;
    }
    return check;
}

PreflightCache::PreflightCache(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

QString PreflightCache::key(const QString &serializedOrigin, const QUrl &url)
{
    return serializedOrigin + QLatin1Char(' ') + url.toString(QUrl::FullyEncoded);
}

void PreflightCache::store(
    const QString &serializedOrigin, const QUrl &url, const PreflightResult &result, qint64 nowMs)
{
    if (result.maxAgeSeconds <= 0) {
        m_entries.remove(key(serializedOrigin, url));
        return;
    }
    const QString k = key(serializedOrigin, url);
    if (!m_entries.contains(k) && m_entries.size() >= m_capacity) {
        auto oldest = std::min_element(m_entries.begin(), m_entries.end(),
            [](const Entry &a, const Entry &b) { return a.storedAtMs < b.storedAtMs; });
        m_entries.erase(oldest);
    }
    m_entries.insert(k, Entry {result, nowMs + result.maxAgeSeconds * 1000, nowMs});
}

bool PreflightCache::covers(const QString &serializedOrigin, const QUrl &url, const QByteArray &method,
    const QList<QByteArray> &unsafeHeaderNames, bool includeCredentials, const BrowserProfile &profile,
    qint64 nowMs) const
{
    const auto it = m_entries.constFind(key(serializedOrigin, url));
    if (it == m_entries.constEnd() || nowMs >= it->expiresAtMs) {
        return false;
    }
    if (includeCredentials && !it->result.credentials) {
        return false;
    }
    return it->result.allows(method, unsafeHeaderNames, includeCredentials, profile).ok();
}

void PreflightCache::clear()
{
    m_entries.clear();
}

} // namespace SseScope
