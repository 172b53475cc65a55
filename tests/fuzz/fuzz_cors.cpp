// libFuzzer target: CORS header parsing and the CORS and preflight checks (lib/browser/corscheck.h,
// preflight.h; docs/hardening.md). One input is a request (origin, credentials mode, method,
// request header fields) and a response (status, Access-Control-Allow-Origin and -Credentials
// lines, -Allow-Methods, -Allow-Headers, -Expose-Headers, -Max-Age), then a few preflight-cache
// operations. Checks besides "no crash, no sanitizer report":
//  - header lists: items are non-empty, trimmed and comma-free; a list written out reads back the
//    same; reading "a,b" is reading a then b;
//  - the CORS check: spaces and tabs around a value and the header names' case change nothing; a
//    pass with credentials is a pass without; a pass means ACAO is `*` (without credentials) or the
//    origin; an error quotes the value the console quotes; the preflight check gives the
//    preflight twin of the same error;
//  - preflights: a request needs one exactly when its method or header names are not safelisted; the
//    OPTIONS request lists exactly the unsafe names; a passing preflight response allows the
//    request, and what it allows with credentials (or for more header names) it allows without
//    (or for fewer); the max age stays within the engine's cap;
//  - the preflight cache: never over its capacity; a fresh entry covers what its result allows.
#include <browser/corscheck.h>
#include <browser/preflight.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_cors: %s %s\n", what, detail.toPercentEncoding(" :/,*").constData());
        std::abort();
    }
}

QByteArray bytes(FuzzedDataProvider &fdp, size_t max)
{
    const std::string s = fdp.ConsumeRandomLengthString(max);
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A value that is sometimes one the checks care about, else fuzzer bytes.
QByteArray pick(FuzzedDataProvider &fdp, std::initializer_list<const char *> likely, size_t max)
{
    const int i = fdp.ConsumeIntegralInRange<int>(0, int(likely.size()));
    return i < int(likely.size()) ? QByteArray(likely.begin()[i]) : bytes(fdp, max);
}

// RFC 9110 token: what fetch() accepts as a header name.
bool isToken(const QByteArray &name)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.contains(c);
    });
}

QByteArray blanks(FuzzedDataProvider &fdp)
{
    static const char *const options[] = {"", " ", "\t", "  ", " \t"};
    return options[fdp.ConsumeIntegralInRange<int>(0, 4)];
}

void checkList(const QByteArray &value, const QByteArray &other)
{
    const QList<QByteArray> items = parseCorsHeaderList(value);
    for (const QByteArray &item : items) {
        check(!item.isEmpty(), "an empty list item:", value);
        check(!item.contains(','), "a list item with a comma:", value);
        const char first = item.front();
        const char last = item.back();
        check(first != ' ' && first != '\t' && last != ' ' && last != '\t', "an untrimmed list item:", value);
    }
    check(parseCorsHeaderList(items.join(',')) == items, "a list written out reads back differently:", value);
    check(parseCorsHeaderList(items.join(", ")) == items, "a list written out reads back differently:", value);
    check(parseCorsHeaderList(value + ',' + other) == items + parseCorsHeaderList(other),
          "reading \"a,b\" is not reading a then b:", value);
}

HttpHeaders withNames(const HttpHeaders &headers, bool lower)
{
    HttpHeaders out;
    for (const HttpHeader &h : headers.lines()) {
        out.append(lower ? h.name.toLower() : h.name.toUpper(), h.value);
    }
    return out;
}

QByteArray joinedAllowOrigin(const HttpHeaders &headers)
{
    const QList<QByteArray> lines = headers.values("Access-Control-Allow-Origin");
    if (lines.isEmpty()) {
        return QByteArray();
    }
    QList<QByteArray> trimmed;
    for (const QByteArray &line : lines) {
        trimmed.append(trimmedHeaderValue(line));
    }
    return trimmed.join(", ");
}

void checkAccess(const HttpHeaders &headers, const HttpHeaders &padded, const QString &origin, CredentialsMode mode)
{
    const CorsCheckResult result = checkCorsAccess(headers, origin, mode);
    check(checkCorsAccess(padded, origin, mode) == result, "blanks around the values changed the CORS result");
    check(checkCorsAccess(withNames(headers, true), origin, mode) == result, "the names' case changed the result");
    check(checkCorsAccess(withNames(headers, false), origin, mode) == result, "the names' case changed the result");
    const CorsCheckResult preflight = checkPreflightAccess(headers, origin, mode);
    check(preflight.failedParameter == result.failedParameter, "the preflight check quotes another value");
    check(result.ok() == preflight.ok(), "the preflight check disagrees");
    const QByteArray acao = joinedAllowOrigin(headers);
    if (result.ok()) {
        check(acao == "*" ? mode != CredentialsMode::Include : QString::fromLatin1(acao) == origin,
              "passed with another ACAO:", acao);
        if (mode == CredentialsMode::Include) {
            check(checkCorsAccess(headers, origin, CredentialsMode::SameOrigin).ok(),
                  "passes with credentials, fails without:", acao);
        }
        return;
    }
    check(!isPreflightCorsError(result.error), "a preflight error from the plain check");
    check(isPreflightCorsError(preflight.error), "the preflight check gave a plain error");
    check(!corsErrorName(result.error).isEmpty() && !corsErrorName(preflight.error).isEmpty(), "an unnamed error");
    check(corsErrorFindingId(result.error) != nullptr && corsErrorFindingId(preflight.error) != nullptr,
          "an error without a finding");
    switch (result.error) {
    case CorsError::MultipleAllowOriginValues:
    case CorsError::InvalidAllowOriginValue:
    case CorsError::AllowOriginMismatch:
        check(result.failedParameter == QString::fromLatin1(acao), "the error quotes another ACAO:", acao);
        break;
    case CorsError::MissingAllowOriginHeader:
        check(acao.isNull(), "missing ACAO, but there is one:", acao);
        break;
    default:
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    const QString origin = QString::fromLatin1(
        pick(fdp, {"http://localhost:8080", "https://example.com", "null", "https://a.example.com"}, 64));
    const auto mode = static_cast<CredentialsMode>(fdp.ConsumeIntegralInRange<int>(0, 2));
    const bool include = mode == CredentialsMode::Include;
    const QByteArray method = pick(fdp, {"GET", "POST", "put", "PATCH", "DELETE", "*"}, 16);
    const int engine = fdp.ConsumeIntegralInRange<int>(0, 2);
    const BrowserProfile profile = engine == 0 ? BrowserProfile::chromium()
        : engine == 1                          ? BrowserProfile::firefox()
                                               : BrowserProfile::safari();

    // The request's own header fields; fetch() throws on a name that is not a token or a value with
    // NUL, CR or LF, so those never reach the CORS checks.
    HttpHeaders request;
    const int requestFields = fdp.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < requestFields; ++i) {
        const QByteArray name
            = pick(fdp, {"Content-Type", "Accept", "Authorization", "X-Custom", "Range", "Accept-Language"}, 24);
        const QByteArray value = pick(fdp, {"text/plain", "application/json", "bytes=0-", "en-US"}, 200);
        if (isToken(name) && !value.contains('\0') && !value.contains('\r') && !value.contains('\n')) {
            request.append(name, trimmedHeaderValue(value));
        }
    }

    // The response.
    ResponseHead response;
    response.status = fdp.ConsumeIntegralInRange<int>(0, 7) == 0 ? fdp.ConsumeIntegralInRange<int>(0, 999) : 200;
    HttpHeaders padded; // the same with blanks around each value
    auto add = [&](const char *name, const QByteArray &value) {
        response.headers.append(name, value);
        padded.append(name, blanks(fdp) + value + blanks(fdp));
    };
    const int acaoLines = fdp.ConsumeIntegralInRange<int>(0, 2);
    for (int i = 0; i < acaoLines; ++i) {
        add("Access-Control-Allow-Origin", pick(fdp, {"*", "null", "http://localhost:8080", "https://example.com"}, 64));
    }
    if (fdp.ConsumeBool()) {
        add("Access-Control-Allow-Credentials", pick(fdp, {"true", "True"}, 8));
    }
    const QByteArray allowMethods = pick(fdp, {"*", "GET, PUT", "PATCH,DELETE", "put"}, 64);
    const QByteArray allowHeaders = pick(fdp, {"*", "x-custom", "Authorization, X-Custom", "content-type"}, 64);
    const QByteArray expose = bytes(fdp, 64);
    add("Access-Control-Allow-Methods", allowMethods);
    add("Access-Control-Allow-Headers", allowHeaders);
    add("Access-Control-Expose-Headers", expose);
    if (fdp.ConsumeBool()) {
        add("Access-Control-Max-Age", pick(fdp, {"600", "86400", "-1"}, 24));
    }

    checkList(allowMethods, allowHeaders);
    checkList(expose, allowMethods);
    checkAccess(response.headers, padded, origin, mode);

    // Preflight: which names are unsafe, the OPTIONS request, the response's verdict.
    const QList<QByteArray> unsafe = corsUnsafeRequestHeaderNames(request);
    for (qsizetype i = 0; i < unsafe.size(); ++i) {
        check(unsafe.at(i) == unsafe.at(i).toLower(), "an unsafe name not lower-cased:", unsafe.at(i));
        check(i == 0 || unsafe.at(i - 1) < unsafe.at(i), "unsafe names not sorted and unique");
        check(!isForbiddenRequestHeaderName(unsafe.at(i)), "a forbidden name listed as unsafe:", unsafe.at(i));
    }
    check(needsPreflight(method, request) == (!isCorsSafelistedMethod(normalizedMethod(method)) || !unsafe.isEmpty()),
          "needsPreflight disagrees with the method and names");
    const RequestHead options = buildPreflightRequest(QUrl(QStringLiteral("http://127.0.0.1:1/")), method, unsafe, origin);
    check(options.method == "OPTIONS", "a preflight that is not OPTIONS");
    check(parseCorsHeaderList(options.headers.combinedValue("Access-Control-Request-Headers")) == unsafe,
          "Access-Control-Request-Headers does not list the unsafe names");
    check(options.headers.combinedValue("Access-Control-Request-Method") == normalizedMethod(method),
          "Access-Control-Request-Method is not the method");

    const PreflightCheck verdict = checkPreflightResponse(response, origin, mode, method, unsafe, profile);
    if (response.status >= 300 && response.status < 400) {
        check(verdict.cors.error == CorsError::PreflightDisallowedRedirect, "a redirected preflight passed");
    }
    if (verdict.cors.ok()) {
        check(response.status >= 200 && response.status <= 299, "a preflight passed with status",
              QByteArray::number(response.status));
        check(checkPreflightAccess(response.headers, origin, mode).ok(), "a preflight passed its CORS check failing");
        const PreflightResult &r = verdict.result;
        check(r.methods == parseCorsHeaderList(allowMethods), "allowed methods are not the list");
        check(r.headers.size() == parseCorsHeaderList(allowHeaders).size(), "allowed headers are not the list");
        check(r.maxAgeSeconds >= 0 && r.maxAgeSeconds <= std::max<qint64>(5, profile.preflightMaxAgeCapSeconds),
              "a max age outside the cap:", QByteArray::number(r.maxAgeSeconds));
        check(r.allows(method, unsafe, include, profile).ok(), "a passing preflight does not allow its request");
        if (include) {
            check(r.allows(method, unsafe, false, profile).ok(), "allowed with credentials, not without");
        }
        for (qsizetype i = 0; i < unsafe.size(); ++i) {
            QList<QByteArray> fewer = unsafe;
            fewer.removeAt(i);
            check(r.allows(method, fewer, include, profile).ok(), "allowed for more names, not for fewer");
        }

        // The cache: bounded; a fresh entry covers its request, a stale one does not, and an entry
        // made without credentials never serves a credentialed request.
        const int capacity = fdp.ConsumeIntegralInRange<int>(1, 4);
        PreflightCache cache(capacity);
        qint64 now = 1000;
        qint64 storedAt = -1;
        const QUrl url(QStringLiteral("http://127.0.0.1:1/x"));
        for (int op = 0; op < 8 && fdp.remaining_bytes() > 0; ++op) {
            const bool same = fdp.ConsumeBool();
            cache.store(origin, same ? url : QUrl(QStringLiteral("http://127.0.0.1:1/%1").arg(op)), r, now);
            check(cache.size() <= capacity, "the preflight cache grew past its capacity");
            if (same && r.maxAgeSeconds > 0) {
                storedAt = now;
                check(cache.covers(origin, url, method, unsafe, include, profile, now),
                      "a fresh cache entry does not cover its own request");
                check(include || !cache.covers(origin, url, method, unsafe, true, profile, now),
                      "an entry made without credentials covers a credentialed request");
            }
            now += fdp.ConsumeIntegralInRange<qint64>(0, 10'000'000);
            if (storedAt >= 0 && now >= storedAt + r.maxAgeSeconds * 1000) {
                check(!cache.covers(origin, url, method, unsafe, include, profile, now), "a stale entry still covers");
            }
        }
    } else {
        const CorsError e = verdict.cors.error;
        check(isPreflightCorsError(e) || e == CorsError::MethodDisallowedByPreflightResponse
                  || e == CorsError::HeaderDisallowedByPreflightResponse,
              "a preflight failed with a plain CORS error:", corsErrorName(e).toLatin1());
    }
    return 0;
}
