// The fetch POST rows of the conformance matrix (issue 18): the way chat UIs on LLM APIs and MCP
// clients open a stream — fetch(url, {method, headers, body, credentials}) read as a stream — and
// the response headers their code reads with response.headers.get(name). Each row's note says which
// rule it is there for (Fetch §2.2.2 CORS-safelisted request-header, §4.8 CORS-preflight fetch,
// §4.4 HTTP-redirect fetch step 12, §3.2.3 CORS filtered response).

#include "conformancecase.h"

namespace SseScope::Conformance {

namespace {

using H = QPair<QByteArray, QByteArray>;

const QByteArray kJsonBody = QByteArrayLiteral("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
const QByteArray kToken = QByteArrayLiteral("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n");
const QByteArray kDone = QByteArrayLiteral("data: [DONE]\n\n");

H h(const char *name, const char *value)
{
    return {QByteArray(name), QByteArray(value)};
}

Answer answer(int status, const char *reason, const HeaderList &headers, const QList<QByteArray> &body, bool holdOpen)
{
    Answer a;
    a.status = status;
    a.reason = QByteArray(reason);
    a.headers = headers;
    a.body = body;
    a.holdOpen = holdOpen;
    return a;
}

// A chat stream held open: one token chunk.
Answer chat(const HeaderList &headers)
{
    return answer(200, "OK", headers, {kToken}, true);
}

Answer preflight(const HeaderList &headers)
{
    HeaderList all = headers;
    all.append(h("Content-Length", "0"));
    return answer(204, "No Content", all, {}, false);
}

Answer redirect(int code, const char *location)
{
    const char *reason = code == 301 ? "Moved Permanently"
        : code == 302              ? "Found"
        : code == 303              ? "See Other"
        : code == 307              ? "Temporary Redirect"
                                   : "Permanent Redirect";
    return answer(code, reason, {h("Access-Control-Allow-Origin", "*"), h("Location", location), h("Content-Length", "0")},
        {}, false);
}

struct Post
{
    const char *name;
    const char *group;
    QByteArray method = QByteArrayLiteral("POST");
    std::optional<QByteArray> body = kJsonBody;
    HeaderList headers;
    CredentialsMode credentials = CredentialsMode::SameOrigin;
    std::optional<Answer> preflight;
    QList<Answer> answers;
    QList<QByteArray> readHeaders;
    const char *note;
};

Case make(const Post &p)
{
    Case c;
    c.name = QString::fromLatin1(p.name);
    c.group = QString::fromLatin1(p.group);
    c.mode = RequestMode::Fetch;
    c.fetchMethod = p.method;
    c.fetchBody = p.body;
    c.fetchHeaders = p.headers;
    c.fetchCredentials = p.credentials;
    c.preflight = p.preflight;
    c.routes.insert(QStringLiteral("api /stream"), p.answers);
    c.readHeaders = p.readHeaders;
    c.note = QString::fromUtf8(p.note);
    return c;
}

} // namespace

QList<Case> fetchPostCases()
{
    const H star = h("Access-Control-Allow-Origin", "*");
    const H echo = h("Access-Control-Allow-Origin", "{page}");
    const H acac = h("Access-Control-Allow-Credentials", "true");
    const H sse = h("Content-Type", "text/event-stream");
    const H json = h("Content-Type", "application/json");
    const H bearer = h("Authorization", "Bearer sk-test");
    const H session = h("Mcp-Session-Id", "abc123");
    const CredentialsMode include = CredentialsMode::Include;
    const CredentialsMode same = CredentialsMode::SameOrigin;
    const HeaderList starSse {star, sse};
    const HeaderList echoSse {echo, acac, sse};
    const Answer allowJson = preflight({star, h("Access-Control-Allow-Headers", "Content-Type")});
    // An Accept value of exactly 128 bytes (safelisted) and one of 129 (not: Fetch's 128-byte rule).
    const QByteArray accept128 = QByteArrayLiteral("text/event-stream, ") + QByteArray(128 - 19, 'x');
    const QByteArray accept129 = accept128 + 'x';

    QList<Case> m;
    // --- What makes a POST preflighted ------------------------------------------------------------
    m << make({"post.json-no-options", "post-preflight", "POST", kJsonBody, {json}, same, {}, {chat(starSse)}, {},
        "Content-Type: application/json is not safelisted: a preflight, and the server has no OPTIONS (405)"});
    m << make({"post.json-acah-content-type", "post-preflight", "POST", kJsonBody, {json}, same, allowJson,
        {chat(starSse)}, {}, "the preflight allows Content-Type: the chat stream opens"});
    m << make({"post.text-plain-default", "post-preflight", "POST", kJsonBody, {}, same, {}, {chat(starSse)}, {},
        "a string body without Content-Type gets text/plain;charset=UTF-8: safelisted, no preflight"});
    m << make({"post.text-plain-charset", "post-preflight", "POST", kJsonBody, {h("Content-Type", "text/plain; charset=utf-8")},
        same, {}, {chat(starSse)}, {}, "text/plain with a charset parameter is still safelisted"});
    m << make({"post.content-type-quoted", "post-preflight", "POST", kJsonBody,
        {h("Content-Type", "text/plain; charset=\"utf-8\"")}, same, {}, {chat(starSse)}, {},
        "a '\"' is a CORS-unsafe request-header byte: the Content-Type is not safelisted, a preflight (405)"});
    m << make({"post.form-urlencoded", "post-preflight", "POST", QByteArrayLiteral("q=1&stream=true"),
        {h("Content-Type", "application/x-www-form-urlencoded")}, same, {}, {chat(starSse)}, {},
        "application/x-www-form-urlencoded is safelisted: no preflight"});
    {
        Post p {"post.accept-129-bytes", "post-preflight", "POST", kJsonBody, {}, same,
            preflight({star, h("Access-Control-Allow-Headers", "Accept")}), {chat(starSse)}, {},
            "an Accept value over 128 bytes is not safelisted: preflighted, allowed by name"};
        p.headers = {{QByteArrayLiteral("Accept"), accept129}};
        m << make(p);
        Post q {"post.accept-128-bytes", "post-preflight", "POST", kJsonBody, {}, same, {}, {chat(starSse)}, {},
            "an Accept value of exactly 128 bytes is safelisted: no preflight"};
        q.headers = {{QByteArrayLiteral("Accept"), accept128}};
        m << make(q);
    }
    m << make({"post.custom-header-no-acah", "post-preflight", "POST", kJsonBody, {h("X-Custom", "1")}, same,
        preflight({star}), {chat(starSse)}, {}, "a custom header the preflight does not allow"});
    m << make({"post.auth-json-listed", "post-preflight", "POST", kJsonBody, {json, bearer}, same,
        preflight({star, h("Access-Control-Allow-Headers", "Content-Type, Authorization")}), {chat(starSse)}, {},
        "the LLM chat request done right: both names allowed"});
    m << make({"post.auth-json-auth-missing", "post-preflight", "POST", kJsonBody, {json, bearer}, same,
        allowJson, {chat(starSse)}, {}, "Authorization missing from Allow-Headers"});

    // --- Allow-Methods / Allow-Headers with and without `*` and credentials -----------------------
    m << make({"fetch.put-acam-listed", "fetch-methods", "PUT", QByteArrayLiteral("x"), {}, same,
        preflight({star, h("Access-Control-Allow-Methods", "PUT")}), {chat(starSse)}, {},
        "PUT is not a safelisted method: preflighted, allowed"});
    m << make({"fetch.put-no-acam", "fetch-methods", "PUT", QByteArrayLiteral("x"), {}, same, preflight({star}),
        {chat(starSse)}, {}, "PUT missing from Allow-Methods"});
    m << make({"fetch.delete-acam-star", "fetch-methods", "DELETE", std::nullopt, {}, same,
        preflight({star, h("Access-Control-Allow-Methods", "*")}), {chat(starSse)}, {},
        "Allow-Methods: * covers DELETE without credentials"});
    m << make({"fetch.patch-acam-star-include", "fetch-methods", "PATCH", QByteArrayLiteral("x"), {}, include,
        preflight({echo, acac, h("Access-Control-Allow-Methods", "*")}), {chat(echoSse)}, {},
        "with credentials Allow-Methods: * is the literal method '*': PATCH is not allowed"});
    m << make({"fetch.patch-lowercase", "fetch-methods", "patch", QByteArrayLiteral("x"), {}, same,
        preflight({star, h("Access-Control-Allow-Methods", "PATCH")}), {chat(starSse)}, {},
        "fetch does not normalize 'patch': the preflight asks for 'patch' and PATCH does not match it"});
    m << make({"fetch.delete-lowercase", "fetch-methods", "delete", std::nullopt, {}, same,
        preflight({star, h("Access-Control-Allow-Methods", "DELETE")}), {chat(starSse)}, {},
        "fetch normalizes 'delete' to DELETE"});
    m << make({"post.acam-get-only", "fetch-methods", "POST", kJsonBody, {json}, same,
        preflight({star, h("Access-Control-Allow-Headers", "content-type"), h("Access-Control-Allow-Methods", "GET")}),
        {chat(starSse)}, {}, "POST is safelisted: Allow-Methods without POST still allows it"});
    m << make({"post.acah-star-json", "fetch-methods", "POST", kJsonBody, {json}, same,
        preflight({star, h("Access-Control-Allow-Headers", "*")}), {chat(starSse)}, {},
        "Allow-Headers: * covers Content-Type without credentials"});
    m << make({"post.acah-star-json-include", "fetch-methods", "POST", kJsonBody, {json}, include,
        preflight({echo, acac, h("Access-Control-Allow-Headers", "*")}), {chat(echoSse)}, {},
        "with credentials Allow-Headers: * is a literal name: Content-Type is not allowed"});
    m << make({"fetch.put-json-include-listed", "fetch-methods", "PUT", kJsonBody, {json, bearer}, include,
        preflight({echo, acac, h("Access-Control-Allow-Methods", "PUT"),
            h("Access-Control-Allow-Headers", "content-type,authorization")}),
        {chat(echoSse)}, {}, "credentials done right: method and headers listed by name"});

    // --- Headers the page reads (Access-Control-Expose-Headers) ------------------------------------
    const QList<QByteArray> mcp {QByteArrayLiteral("Mcp-Session-Id")};
    m << make({"post.read-exposed", "fetch-read-headers", "POST", kJsonBody, {json}, same, allowJson,
        {chat({star, sse, session, h("Access-Control-Expose-Headers", "Mcp-Session-Id")})}, mcp,
        "Mcp-Session-Id listed in Expose-Headers: the page reads it"});
    m << make({"post.read-not-exposed", "fetch-read-headers", "POST", kJsonBody, {json}, same, allowJson,
        {chat({star, sse, session})}, mcp, "Mcp-Session-Id sent but not exposed: headers.get() returns null"});
    m << make({"post.read-expose-star", "fetch-read-headers", "POST", kJsonBody, {json}, same, allowJson,
        {chat({star, sse, session, h("Access-Control-Expose-Headers", "*")})}, mcp,
        "Expose-Headers: * exposes every name without credentials"});
    m << make({"post.read-expose-star-include", "fetch-read-headers", "POST", kJsonBody, {}, include, {},
        {chat({echo, acac, sse, session, h("Access-Control-Expose-Headers", "*")})}, mcp,
        "with credentials Expose-Headers: * is a literal name: null"});
    m << make({"post.read-expose-star-include-listed", "fetch-read-headers", "POST", kJsonBody, {}, include, {},
        {chat({echo, acac, sse, session, h("Access-Control-Expose-Headers", "*, Mcp-Session-Id")})}, mcp,
        "with credentials the name must be listed beside *"});
    m << make({"post.read-safelisted", "fetch-read-headers", "POST", kJsonBody, {}, same, {},
        {chat({star, sse, h("Cache-Control", "no-cache"), h("X-Request-Id", "r-1")})},
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("cache-control"), QByteArrayLiteral("X-Request-Id")},
        "safelisted response-header names are always readable; X-Request-Id is not"});
    m << make({"post.read-forbidden", "fetch-read-headers", "POST", kJsonBody, {}, same, {},
        {chat({star, sse, h("Set-Cookie", "sid=1"), h("Access-Control-Expose-Headers", "Set-Cookie")})},
        {QByteArrayLiteral("Set-Cookie"), QByteArrayLiteral("Access-Control-Allow-Origin")},
        "Set-Cookie is never readable, even exposed; ACAO itself is not safelisted"});
    m << make({"post.read-repeated-and-absent", "fetch-read-headers", "POST", kJsonBody, {}, same, {},
        {chat({star, sse, h("X-Trace", "1"), h("X-Trace", "2"), h("Access-Control-Expose-Headers", "X-Trace, X-Missing")})},
        {QByteArrayLiteral("X-Trace"), QByteArrayLiteral("X-Missing")},
        "two lines of one name read as '1, 2'; an exposed name the response lacks reads null"});
    m << make({"fetch.read-exposed-lowercase", "fetch-read-headers", "GET", std::nullopt, {}, same, {},
        {chat({star, sse, session, h("Access-Control-Expose-Headers", "mcp-session-id")})}, mcp,
        "Expose-Headers names match case-insensitively (a GET stream)"});

    // --- POST redirects: what method and body follow (Fetch §4.4 step 12) --------------------------
    for (const int code : {301, 302, 303, 307, 308}) {
        Case c = make({"", "post-redirect", "POST", kJsonBody, {}, same, {},
            {redirect(code, "{api}/stream2")}, {}, ""});
        c.name = QStringLiteral("post.redirect-%1").arg(code);
        c.note = code == 307 || code == 308
            ? QStringLiteral("307/308 resend the POST with its body and Content-Type")
            : QStringLiteral("301/302 turn a POST into a GET, 303 any method: body and Content-Type dropped");
        c.routes.insert(QStringLiteral("api /stream2"), {chat(starSse)});
        m << c;
    }
    {
        Case c = make({"post.redirect-307-json", "post-redirect", "POST", kJsonBody, {json}, same, allowJson,
            {redirect(307, "{api}/stream2")}, {}, "a preflighted POST redirected with 307: the new URL is preflighted too"});
        c.routes.insert(QStringLiteral("api /stream2"), {chat(starSse)});
        m << c;
        Case j = make({"post.redirect-302-json", "post-redirect", "POST", kJsonBody, {json}, same, allowJson,
            {redirect(302, "{api}/stream2")}, {},
            "a preflighted JSON POST redirected with 302: a GET without body and Content-Type — preflighted again?"});
        j.routes.insert(QStringLiteral("api /stream2"), {chat(starSse)});
        m << j;
        Case d = make({"fetch.put-redirect-303", "post-redirect", "PUT", QByteArrayLiteral("x"), {}, same,
            preflight({star, h("Access-Control-Allow-Methods", "PUT")}), {redirect(303, "{api}/stream2")}, {},
            "303 turns a PUT into a GET without body"});
        d.routes.insert(QStringLiteral("api /stream2"), {chat(starSse)});
        m << d;
    }

    // --- Answers that are not a stream -------------------------------------------------------------
    m << make({"post.json-200", "post-answers", "POST", kJsonBody, {}, same, {},
        {answer(200, "OK", {star, json},
            {QByteArrayLiteral("{\"id\":\"c1\",\"choices\":[{\"message\":{\"content\":\"Hi\"}}]}")}, false)},
        {}, "a 200 application/json answer (stream: true ignored): fetch resolves, no events"});
    m << make({"post.json-401", "post-answers", "POST", kJsonBody, {}, same, {},
        {answer(401, "Unauthorized", {star, json}, {QByteArrayLiteral("{\"error\":{\"message\":\"Invalid API key\"}}")},
            false)},
        {}, "a 401 with a JSON error body: fetch resolves with !ok"});
    return m;
}

} // namespace SseScope::Conformance
