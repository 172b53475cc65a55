// The conformance matrix: server answers × credential modes × cookie setups × both modes. Not a
// full cross product: each row is there for a rule (its `note` says which). The first rows are
// the observed tables at the top of /work/shared/reference/browser-rules.md.

#include "conformancecase.h"

namespace SseScope::Conformance {

namespace {

using H = QPair<QByteArray, QByteArray>;

const QByteArray kType = QByteArrayLiteral("Content-Type");
const QByteArray kAcao = QByteArrayLiteral("Access-Control-Allow-Origin");
const QByteArray kAcac = QByteArrayLiteral("Access-Control-Allow-Credentials");
const QByteArray kAcah = QByteArrayLiteral("Access-Control-Allow-Headers");
const QByteArray kStream = QByteArrayLiteral("text/event-stream");
const QByteArray kHello = QByteArrayLiteral("data: hello\n\n");

H header(const char *name, const char *value)
{
    return {QByteArray(name), QByteArray(value)};
}
H acao(const char *value)
{
    return {kAcao, QByteArray(value)};
}
H acac(const char *value)
{
    return {kAcac, QByteArray(value)};
}
H type(const char *value)
{
    return {kType, QByteArray(value)};
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

// A 200 stream held open with one event.
Answer stream(const HeaderList &headers, const QList<QByteArray> &body = {kHello})
{
    return answer(200, "OK", headers, body, true);
}
// A 200 stream that ends (the server closes) after its body.
Answer ending(const HeaderList &headers, const QList<QByteArray> &body)
{
    return answer(200, "OK", headers, body, false);
}
Answer status(int code, const char *reason, const HeaderList &headers)
{
    return answer(code, reason, headers, {}, false);
}
Answer redirect(int code, const char *location, const HeaderList &headers)
{
    HeaderList h = headers;
    h.append(header("Location", location));
    return answer(code, code == 307 ? "Temporary Redirect" : (code == 301 ? "Moved Permanently" : "Found"), h, {},
        false);
}
Answer preflightAnswer(int code, const HeaderList &headers)
{
    HeaderList h = headers;
    h.append(header("Content-Length", "0"));
    return answer(code, code == 204 ? "No Content" : (code == 200 ? "OK" : "Internal Server Error"), h, {}, false);
}
Answer loginAnswer(const char *setCookie)
{
    return answer(200, "OK",
        {acao("{page}"), acac("true"), header("Set-Cookie", setCookie), type("text/plain"),
            header("Content-Length", "2")},
        {QByteArrayLiteral("ok")}, false);
}

Case esCase(const char *name, const char *group, const QList<Answer> &streamAnswers, bool withCredentials = false)
{
    Case c;
    c.name = QString::fromLatin1(name);
    c.group = QString::fromLatin1(group);
    c.mode = RequestMode::EventSource;
    c.withCredentials = withCredentials;
    c.routes.insert(QStringLiteral("api /stream"), streamAnswers);
    return c;
}

Case fetchCase(const char *name, const char *group, const QList<Answer> &streamAnswers,
    CredentialsMode credentials = CredentialsMode::SameOrigin, const HeaderList &headers = {})
{
    Case c = esCase(name, group, streamAnswers);
    c.mode = RequestMode::Fetch;
    c.fetchCredentials = credentials;
    c.fetchHeaders = headers;
    return c;
}

Case withNote(Case c, const char *note)
{
    c.note = QString::fromUtf8(note);
    return c;
}

Case withWindow(Case c, int windowMs)
{
    c.windowMs = windowMs;
    c.fixedWindow = true;
    return c;
}

Case withRoute(Case c, const char *route, const QList<Answer> &answers)
{
    c.routes.insert(QString::fromLatin1(route), answers);
    return c;
}

Case withPreflight(Case c, const Answer &preflight)
{
    c.preflight = preflight;
    return c;
}

// --- Local Network Access (issue 15) ------------------------------------------------------------
// The page's (and the API's) loopback port is told to be in another address space: Chromium
// --ip-address-space-overrides, Firefox network.lna.address_space.*.override. Headless, nobody answers
// the permission prompt. WebKit has no such check and is not told anything: its requests go out.
Case lna(Case c, std::optional<IpAddressSpace> page, std::optional<IpAddressSpace> api = std::nullopt)
{
    c.group = QStringLiteral("lna");
    c.pageSpace = page;
    c.apiSpace = api;
    return c;
}

QList<Case> localNetworkCases()
{
    const HeaderList starStream = {acao("*"), type("text/event-stream")};
    const auto pub = IpAddressSpace::Public;
    const auto local = IpAddressSpace::Local;
    QList<Case> m;
    m << withNote(lna(esCase("lna.public-to-loopback-es", "lna", {stream(starStream)}), pub),
        "public page → loopback stream: permission denied (headless), nothing reaches the server, CLOSED");
    m << withNote(lna(fetchCase("lna.public-to-loopback-fetch", "lna", {stream(starStream)}), pub),
        "the same for fetch: rejects, \"Access to fetch at …\"");
    {
        Case c = lna(fetchCase("lna.public-to-loopback-target-space", "lna", {stream(starStream)}), pub);
        c.fetchTargetAddressSpace = IpAddressSpace::Loopback;
        m << withNote(c, "targetAddressSpace 'loopback' declared: still needs the permission");
    }
    m << withNote(lna(esCase("lna.public-to-local-es", "lna", {stream(starStream)}), pub, local),
        "public page → local (private) address: the `local` space");
    {
        Case c = lna(fetchCase("lna.target-space-mismatch", "lna", {stream(starStream)}), pub, local);
        c.fetchTargetAddressSpace = IpAddressSpace::Loopback;
        m << withNote(c, "targetAddressSpace 'loopback' but the server is local: kInvalidLocalNetworkAccess");
    }
    m << withNote(lna(esCase("lna.local-to-loopback", "lna", {stream(starStream)}), local),
        "local page → loopback: not asked (observed), opens");
    m << withNote(lna(esCase("lna.public-to-public", "lna", {stream(starStream)}), pub, pub),
        "public → public: an ordinary cross-origin request, opens");
    m << withNote(lna(withPreflight(fetchCase("lna.public-preflight", "lna", {stream(starStream)}, CredentialsMode::SameOrigin,
                                        {header("X-Custom", "1")}),
                          preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "*"),
                                                   header("Access-Control-Allow-Private-Network", "true")})),
                      pub),
        "a preflighted fetch: no OPTIONS either (no PNA preflight any more); the server's "
        "Access-Control-Allow-Private-Network is never read");
    m << withNote(lna(withRoute(esCase("lna.redirect-to-loopback", "lna", {redirect(302, "{other}/stream", {acao("*")})}),
                          "other /stream", {stream(starStream)}),
                      pub, pub),
        "a public stream redirects to a loopback one: the hop is checked, CLOSED");
    return m;
}

} // namespace

QList<Case> conformanceMatrix()
{
    QList<Case> m;
    const HeaderList starStream = {acao("*"), type("text/event-stream")};
    const HeaderList echoCred = {acao("{page}"), acac("true"), type("text/event-stream")};
    const auto include = CredentialsMode::Include;

    // --- The observed Chromium table (browser-rules.md, first table) -------------------------
    m << withNote(esCase("es.acao-star", "observed", {stream(starStream)}), "ACAO *, text/event-stream: opens");
    m << withNote(esCase("es.no-acao", "observed", {stream({type("text/event-stream")})}), "missing ACAO");
    m << withNote(esCase("es.star-with-credentials", "observed", {stream({acao("*"), acac("true"), type("text/event-stream")})}, true),
        "ACAO * with credentials include");
    m << withNote(esCase("es.echo-no-acac", "observed", {stream({acao("{page}"), type("text/event-stream")})}, true),
        "credentials without ACAC: value ''");
    m << withNote(esCase("es.acac-True", "observed", {stream({acao("{page}"), acac("True"), type("text/event-stream")})}, true),
        "ACAC is case-sensitive");
    m << withNote(esCase("es.acao-trailing-slash", "observed", {stream({acao("{page}/"), type("text/event-stream")})}),
        "ACAO = origin + /");
    m << withNote(esCase("es.text-plain-held", "observed", {stream({acao("*"), type("text/plain")})}),
        "Chromium sniffs and waits; Firefox closes");
    m << withNote(esCase("es.text-plain-nosniff", "observed",
                      {stream({acao("*"), type("text/plain"), header("X-Content-Type-Options", "nosniff")})}),
        "nosniff: MIME error at once");
    m << withNote(esCase("es.charset-iso-8859-1", "observed", {stream({acao("*"), type("text/event-stream; charset=iso-8859-1")})}),
        "Chromium rejects a non-UTF-8 charset; Firefox opens");
    m << withNote(esCase("es.charset-utf8", "observed", {stream({acao("*"), type("text/event-stream;charset=UTF-8")})}),
        "charset UTF-8 is fine");
    m << withNote(esCase("es.status-204", "observed", {status(204, "No Content", {acao("*")})}), "204 stops the source");
    m << withNote(esCase("es.status-500-star", "observed", {status(500, "Internal Server Error", starStream)}),
        "500 with ACAO *");
    m << withNote(withRoute(esCase("es.302-no-cors", "observed", {redirect(302, "{api}/stream2", {})}), "api /stream2",
                      {stream(starStream)}),
        "a redirect hop without ACAO fails, naming the first URL");
    m << withNote(esCase("es.reconnect-retry-id", "observed",
                      {ending(starStream, {QByteArrayLiteral("retry: 200\nid: 7\ndata: one\n\n")}),
                          stream(starStream, {QByteArrayLiteral("data: two\n\n")})}),
        "end of body → reconnect after retry with Last-Event-ID");

    // --- CORS taxonomy --------------------------------------------------------------------------
    m << withNote(esCase("es.two-acao-lines", "cors", {stream({acao("{page}"), acao("{page}"), type("text/event-stream")})}),
        "two ACAO lines join into 'a, b': MultipleAllowOriginValues");
    m << withNote(esCase("es.two-acao-lines-star", "cors", {stream({acao("*"), acao("*"), type("text/event-stream")})}),
        "'*, *' is not '*'");
    m << withNote(esCase("es.acao-list", "cors", {stream({acao("{page} {other}"), type("text/event-stream")})}),
        "a space-separated list");
    m << withNote(esCase("es.acao-invalid", "cors", {stream({acao("localhost"), type("text/event-stream")})}),
        "ACAO not a URL: InvalidAllowOriginValue");
    m << withNote(esCase("es.acao-empty", "cors", {stream({acao(""), type("text/event-stream")})}), "empty ACAO");
    m << withNote(esCase("es.acao-port", "cors", {stream({acao("http://localhost:1"), type("text/event-stream")})}),
        "port mismatch");
    m << withNote(esCase("es.acao-scheme", "cors", {stream({acao("https://localhost:{P}"), type("text/event-stream")})}),
        "scheme mismatch");
    m << withNote(esCase("es.acao-null", "cors", {stream({acao("null"), type("text/event-stream")})}), "ACAO null");
    m << withNote(esCase("es.acao-uppercase", "cors", {stream({acao("http://LOCALHOST:{P}"), type("text/event-stream")})}),
        "case matters");
    m << withNote(esCase("es.echo", "cors", {stream({acao("{page}"), type("text/event-stream")})}), "echo, no credentials");
    m << withNote(esCase("es.echo-acac-true", "cors", {stream(echoCred)}, true), "credentials done right");
    m << withNote(esCase("es.echo-acac-false", "cors", {stream({acao("{page}"), acac("false"), type("text/event-stream")})}, true),
        "ACAC false");
    m << withNote(esCase("es.star-acac-no-credentials", "cors", {stream({acao("*"), acac("true"), type("text/event-stream")})}),
        "ACAC is not checked without credentials");
    m << withNote(esCase("es.star-with-credentials-no-acac", "cors", {stream(starStream)}, true),
        "wildcard is checked before ACAC");

    // --- Redirects ------------------------------------------------------------------------------
    m << withNote(withRoute(esCase("es.302-cors-same-origin", "redirect", {redirect(302, "{api}/stream2", {acao("*")})}),
                      "api /stream2", {stream(starStream)}),
        "302 with ACAO * to a good stream");
    m << withNote(withRoute(esCase("es.307-cors", "redirect", {redirect(307, "{api}/stream2", {acao("*")})}),
                      "api /stream2", {stream(starStream)}),
        "307 with ACAO *");
    m << withNote(withRoute(esCase("es.302-to-other-star", "redirect", {redirect(302, "{other}/stream", {acao("*")})}),
                      "other /stream", {stream(starStream)}),
        "cross-origin hop to another origin: * still passes");
    m << withNote(withRoute(esCase("es.302-to-other-echo", "redirect", {redirect(302, "{other}/stream", {acao("{page}")})}),
                      "other /stream", {stream({acao("{page}"), type("text/event-stream")})}),
        "tainted origin: the request origin is now null");
    m << withNote(withRoute(esCase("es.302-to-other-null", "redirect", {redirect(302, "{other}/stream", {acao("{page}")})}),
                      "other /stream", {stream({acao("null"), type("text/event-stream")})}),
        "tainted origin needs ACAO null");
    m << withNote(withRoute(esCase("es.302-to-other-null-credentials", "redirect",
                                {redirect(302, "{other}/stream", {acao("{page}"), acac("true")})}, true),
                      "other /stream", {stream({acao("null"), acac("true"), type("text/event-stream")})}),
        "credentials across a tainted hop");
    m << withNote(withRoute(esCase("es.302-target-no-acao", "redirect", {redirect(302, "{api}/stream2", {acao("*")})}),
                      "api /stream2", {stream({type("text/event-stream")})}),
        "the hop passes, the target lacks ACAO");
    m << withNote(withRoute(esCase("es.302-to-page-origin", "redirect", {redirect(302, "{page}/stream", {acao("*")})}),
                      "page /stream", {}),
        "redirect back to the page origin (the page server answers 404)");

    // --- Status codes -----------------------------------------------------------------------------
    m << withNote(esCase("es.status-404-star", "status", {status(404, "Not Found", starStream)}), "404 with CORS");
    m << withNote(esCase("es.status-503-star", "status",
                      {status(503, "Service Unavailable", {acao("*"), type("text/event-stream"), header("Retry-After", "1")})}),
        "503 fails, no reconnect");
    m << withNote(esCase("es.status-500-plain-held", "status",
                      {answer(500, "Internal Server Error", {type("text/plain")}, {QByteArrayLiteral("oops")}, true)}),
        "500 text/plain held open without CORS: Chromium sniffs first");
    m << withNote(esCase("es.status-401-plain-held", "status",
                      {answer(401, "Unauthorized", {type("text/plain")}, {QByteArrayLiteral("login")}, true)}),
        "401 text/plain held open");
    m << withNote(esCase("es.status-204-no-cors", "status", {status(204, "No Content", {})}), "204 without CORS");

    // --- MIME / sniffing --------------------------------------------------------------------------
    m << withNote(esCase("es.no-content-type-held", "mime", {stream({acao("*")})}), "no Content-Type held open: waits");
    m << withNote(esCase("es.octet-stream-held", "mime", {stream({acao("*"), type("application/octet-stream")})}),
        "octet-stream is sniffed too");
    m << withNote(esCase("es.text-html-nosniff", "mime",
                      {stream({acao("*"), type("text/html"), header("X-Content-Type-Options", "nosniff")})}),
        "text/html");
    m << withNote(esCase("es.text-plain-ends", "mime", {ending({acao("*"), type("text/plain")}, {kHello})}),
        "text/plain that ends: the sniffer decides at the end");
    m << withNote(esCase("es.text-plain-large", "mime",
                      {stream({acao("*"), type("text/plain")}, {QByteArray(1100, 'x') + "\n\n"})}),
        "text/plain with over 1024 bytes: sniffing completes");
    m << withNote(esCase("es.json-type", "mime", {stream({acao("*"), type("application/json")})}), "application/json");
    m << withNote(esCase("es.type-uppercase", "mime", {stream({acao("*"), type("Text/Event-Stream")})}),
        "MIME type case");
    m << withNote(esCase("es.type-lowercase-charset", "mime", {stream({acao("*"), type("text/event-stream; charset=utf-8")})}),
        "charset utf-8 lower case");

    // --- Streams, reconnects, Last-Event-ID ---------------------------------------------------
    // Window 2000 ms: well before Chromium's default 3000 ms reconnection time.
    m << withWindow(withNote(esCase("es.end-default-retry", "stream", {ending(starStream, {kHello})}),
                        "end of body, default reconnection time: still CONNECTING at the end of the window"),
        2000);
    m << withNote(esCase("es.two-events-held", "stream",
                      {stream(starStream, {QByteArrayLiteral("data: a\n\n"), QByteArrayLiteral("data: b\n\n")})}),
        "two events");
    m << withNote(esCase("es.id-without-data", "stream",
                      {ending(starStream,
                           {QByteArrayLiteral("retry: 200\nid: 1\ndata: a\n\n"), QByteArrayLiteral("id: 2\n\n")}),
                          stream(starStream, {QByteArrayLiteral("data: b\n\n")})}),
        "an id block without data: Chromium sends it, Firefox the previous one");
    m << withNote(esCase("es.id-reset", "stream",
                      {ending(starStream,
                           {QByteArrayLiteral("retry: 200\nid: 5\ndata: a\n\n"), QByteArrayLiteral("id\ndata: b\n\n")}),
                          stream(starStream, {QByteArrayLiteral("data: c\n\n")})}),
        "an empty id resets: no Last-Event-ID");
    m << withNote(esCase("es.reconnect-then-204", "stream",
                      {ending(starStream, {QByteArrayLiteral("retry: 200\ndata: a\n\n")}),
                          status(204, "No Content", {acao("*")})}),
        "204 on reconnect stops it: CLOSED");
    m << withNote(esCase("es.reconnect-then-no-acao", "stream",
                      {ending(starStream, {QByteArrayLiteral("retry: 200\nid: 3\ndata: a\n\n")}),
                          stream({type("text/event-stream")})}),
        "CORS failure on reconnect");
    // Not on a window's edge: the reconnection after the default time (3 s, Firefox 5 s) gets a 204
    // and the page reports once CLOSED. (With a 2 s window and no answer after it, a loaded machine
    // let WebKit's reconnection in or not by chance.) es.end-default-retry keeps the 2 s check.
    m << withWindow(withNote(esCase("es.empty-body-ends", "stream", {ending(starStream, {}), status(204, "No Content", {acao("*")})}),
                        "opens then ends at once, reconnects after the default time; a 204 then closes it"),
        9000);
    m << withNote(esCase("es.comment-only", "stream", {stream(starStream, {QByteArrayLiteral(": ping\n\n")})}),
        "comments are not events");
    m << withNote(esCase("es.named-event", "stream", {stream(starStream, {QByteArrayLiteral("event: tick\ndata: 1\n\n")})}),
        "a named event is no `message`");
    m << withNote(esCase("es.credentials-reconnect", "stream",
                      {ending(echoCred, {QByteArrayLiteral("retry: 200\nid: 9\ndata: a\n\n")}),
                          stream(echoCred, {QByteArrayLiteral("data: b\n\n")})},
                      true),
        "credentials kept on reconnect");

    // --- fetch streaming ----------------------------------------------------------------------------
    const HeaderList bearer = {header("Authorization", "Bearer abc")};
    const HeaderList custom = {header("X-Custom", "1")};
    m << withNote(fetchCase("fetch.star", "fetch", {stream(starStream)}), "no custom header: no preflight");
    m << withNote(fetchCase("fetch.no-acao", "fetch", {stream({type("text/event-stream")})}), "missing ACAO");
    m << withNote(fetchCase("fetch.star-include", "fetch", {stream(starStream)}, include), "* with include");
    m << withNote(fetchCase("fetch.echo-include", "fetch", {stream(echoCred)}, include), "credentials done right");
    m << withNote(fetchCase("fetch.echo-include-no-acac", "fetch", {stream({acao("{page}"), type("text/event-stream")})}, include),
        "no ACAC with include");
    m << withNote(fetchCase("fetch.two-acao", "fetch", {stream({acao("*"), acao("*"), type("text/event-stream")})}),
        "two ACAO lines");
    m << withNote(fetchCase("fetch.status-404", "fetch", {status(404, "Not Found", starStream)}), "not ok: the page stops");
    m << withNote(fetchCase("fetch.status-500-no-cors", "fetch", {status(500, "Internal Server Error", {type("text/plain")})}),
        "500 without CORS: CORS error");
    m << withNote(withRoute(fetchCase("fetch.302-no-cors", "fetch", {redirect(302, "{api}/stream2", {})}), "api /stream2",
                      {stream(starStream)}),
        "redirect without CORS");
    m << withNote(withRoute(fetchCase("fetch.302-cors", "fetch", {redirect(302, "{api}/stream2", {acao("*")})}), "api /stream2",
                      {stream(starStream)}),
        "redirect with CORS");
    m << withNote(fetchCase("fetch.text-plain-held", "fetch", {stream({acao("*"), type("text/plain")})}),
        "fetch does not care about the MIME type");
    m << withNote(fetchCase("fetch.charset-iso", "fetch", {stream({acao("*"), type("text/event-stream; charset=iso-8859-1")})}),
        "nor the charset");
    m << withNote(fetchCase("fetch.ends", "fetch", {ending(starStream, {QByteArrayLiteral("data: a\n\n"), QByteArrayLiteral("data: b\n\n")})}),
        "a fetch stream that ends is done");
    m << withNote(fetchCase("fetch.omit-star", "fetch", {stream(starStream)}, CredentialsMode::Omit), "omit");

    // --- fetch preflight --------------------------------------------------------------------------
    const HeaderList echoStream = {acao("{page}"), type("text/event-stream")};
    m << withNote(withPreflight(fetchCase("fetch.auth-acah-listed", "preflight", {stream(echoStream)}, CredentialsMode::SameOrigin, bearer),
                      preflightAnswer(204, {acao("{page}"), header("Access-Control-Allow-Headers", "Authorization")})),
        "observed: preflight, then the stream");
    m << withNote(withPreflight(fetchCase("fetch.auth-acah-star", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, bearer),
                      preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "*")})),
        "observed: Chromium lets * cover Authorization");
    m << withNote(withPreflight(fetchCase("fetch.auth-no-acah", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, bearer),
                      preflightAnswer(204, {acao("*")})),
        "observed: Authorization not allowed");
    m << withNote(fetchCase("fetch.auth-no-options", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, bearer),
        "observed: 405 without CORS on OPTIONS");
    m << withNote(withPreflight(fetchCase("fetch.custom-acah-listed", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, custom),
                      preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "X-Custom")})),
        "custom header listed");
    m << withNote(withPreflight(fetchCase("fetch.custom-acah-star", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, custom),
                      preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "*")})),
        "* covers a custom header without credentials");
    m << withNote(withPreflight(fetchCase("fetch.include-acah-star", "preflight", {stream(echoCred)}, include, custom),
                      preflightAnswer(204, {acao("{page}"), acac("true"), header("Access-Control-Allow-Headers", "*")})),
        "with credentials * is a literal name");
    m << withNote(withPreflight(fetchCase("fetch.include-auth-listed", "preflight", {stream(echoCred)}, include, bearer),
                      preflightAnswer(200, {acao("{page}"), acac("true"), header("Access-Control-Allow-Headers", "authorization")})),
        "credentials + Authorization listed");
    m << withNote(withPreflight(fetchCase("fetch.include-preflight-no-acac", "preflight", {stream(echoCred)}, include, bearer),
                      preflightAnswer(204, {acao("{page}"), header("Access-Control-Allow-Headers", "authorization")})),
        "preflight without ACAC under include");
    m << withNote(withPreflight(fetchCase("fetch.preflight-500", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, custom),
                      preflightAnswer(500, {acao("*"), header("Access-Control-Allow-Headers", "X-Custom")})),
        "preflight status not ok");
    m << withNote(withPreflight(fetchCase("fetch.preflight-redirect", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, custom),
                      answer(302, "Found", {acao("*"), header("Access-Control-Allow-Headers", "X-Custom"),
                                              header("Location", "{api}/elsewhere"), header("Content-Length", "0")},
                          {}, false)),
        "a preflight may not redirect");
    m << withNote(withPreflight(fetchCase("fetch.preflight-mismatch", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin, custom),
                      preflightAnswer(204, {acao("{page}/"), header("Access-Control-Allow-Headers", "X-Custom")})),
        "preflight ACAO mismatch");
    m << withNote(withPreflight(fetchCase("fetch.content-type-json", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin,
                                    {header("Content-Type", "application/json")}),
                      preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "Content-Type")})),
        "a non-safelisted Content-Type needs a preflight");
    m << withNote(fetchCase("fetch.content-type-plain", "preflight", {stream(starStream)}, CredentialsMode::SameOrigin,
                      {header("Content-Type", "text/plain")}),
        "a safelisted Content-Type: no preflight");
    m << withNote(withPreflight(fetchCase("fetch.preflight-ok-stream-no-acao", "preflight", {stream({type("text/event-stream")})},
                                    CredentialsMode::SameOrigin, custom),
                      preflightAnswer(204, {acao("*"), header("Access-Control-Allow-Headers", "X-Custom")})),
        "the preflight passes, the stream lacks ACAO");

    // --- Cookies (the observed cookie table, then more) -----------------------------------------
    auto cookieCase = [&](const char *name, bool sameSite, const char *setCookie, bool withCredentials, const char *note) {
        Case c = esCase(name, "cookies", {stream(echoCred)}, withCredentials);
        c.sameSite = sameSite;
        c.login = loginAnswer(setCookie);
        return withNote(c, note);
    };
    m << cookieCase("cookie.same-site-lax", true, "sid=abc; SameSite=Lax", true, "observed: sent");
    m << cookieCase("cookie.same-site-none-secure", true, "sid=abc; SameSite=None; Secure", true, "observed: sent");
    m << cookieCase("cookie.same-site-none-insecure", true, "sid=abc; SameSite=None", true, "observed: rejected");
    m << cookieCase("cookie.same-site-lax-no-credentials", true, "sid=abc; SameSite=Lax", false,
        "observed: no credentials, no cookie");
    m << cookieCase("cookie.cross-site-lax", false, "sid=abc; SameSite=Lax", true, "observed: not sent");
    m << cookieCase("cookie.cross-site-unspecified", false, "sid=abc", true, "observed: Lax by default");
    m << cookieCase("cookie.cross-site-none-secure", false, "sid=abc; SameSite=None; Secure", true,
        "observed: Chromium blocks third-party cookies, Firefox partitions");
    m << cookieCase("cookie.cross-site-partitioned", false, "sid=abc; SameSite=None; Secure; Partitioned", true,
        "observed: CHIPS works");
    m << cookieCase("cookie.same-site-strict", true, "sid=abc; SameSite=Strict", true, "same site: Strict is sent");
    m << cookieCase("cookie.cross-site-strict", false, "sid=abc; SameSite=Strict", true, "cross site: Strict is not");
    m << cookieCase("cookie.same-site-unspecified", true, "sid=abc", true, "same site, no SameSite");
    m << cookieCase("cookie.same-site-httponly", true, "sid=abc; HttpOnly; SameSite=Lax", true, "HttpOnly changes nothing here");
    m << cookieCase("cookie.same-site-secure-lax", true, "sid=abc; Secure; SameSite=Lax", true,
        "Secure over http://localhost");
    m << cookieCase("cookie.same-site-max-age-0", true, "sid=abc; Max-Age=0", true, "an expired cookie is not kept");
    m << cookieCase("cookie.same-site-other-path", true, "sid=abc; Path=/other", true, "Path does not match /stream");
    m << cookieCase("cookie.cross-site-partitioned-no-credentials", false, "sid=abc; SameSite=None; Secure; Partitioned",
        false, "no credentials: nothing sent");
    m << cookieCase("cookie.same-site-partitioned", true, "sid=abc; SameSite=None; Secure; Partitioned", true,
        "a partitioned cookie on the same site");
    auto fetchCookie = [&](const char *name, bool sameSite, const char *setCookie, CredentialsMode credentials,
                           const char *note) {
        Case c = fetchCase(name, "cookies", {stream(echoCred)}, credentials);
        c.sameSite = sameSite;
        c.login = loginAnswer(setCookie);
        return withNote(c, note);
    };
    m << fetchCookie("cookie.fetch-same-site-lax-include", true, "sid=abc; SameSite=Lax", include, "fetch include");
    m << fetchCookie("cookie.fetch-same-site-lax-same-origin", true, "sid=abc; SameSite=Lax", CredentialsMode::SameOrigin,
        "fetch same-origin to another port: no cookies");
    m << fetchCookie("cookie.fetch-same-site-lax-omit", true, "sid=abc; SameSite=Lax", CredentialsMode::Omit, "omit");
    m << fetchCookie("cookie.fetch-cross-site-partitioned", false, "sid=abc; SameSite=None; Secure; Partitioned", include,
        "CHIPS with fetch");
    m << fetchCookie("cookie.fetch-cross-site-none-secure", false, "sid=abc; SameSite=None; Secure", include,
        "third-party cookie with fetch");

    // --- The wire as the browser sees it (issue 14) -------------------------------------------------
    const HeaderList starSse {acao("*"), type("text/event-stream")};
    // Chromium reconnects after its 3000 ms default: a fixed 2000 ms window sees one request.
    auto beforeReconnect = [](Case c) {
        c.windowMs = 2000;
        c.fixedWindow = true;
        return c;
    };
    m << beforeReconnect(withNote(esCase("wire.407-held", "wire",
                      {answer(407, "Proxy Authentication Required", starSse, {QByteArrayLiteral("auth")}, true)}),
        "a 407 from the origin, body held: Chromium's ERR_UNEXPECTED_PROXY_AUTH, a network error (reconnects); "
        "Firefox judges it as a status (CLOSED)"));
    m << beforeReconnect(withNote(esCase("wire.407-ended", "wire", {status(407, "Proxy Authentication Required", starSse)}),
        "a 407 from the origin whose body ends"));
    // Statuses with a held body that passed CORS (Qt held 401s back until the body ended).
    for (const auto &[code, reason] : QList<QPair<int, const char *>> {
             {401, "Unauthorized"}, {403, "Forbidden"}, {500, "Internal Server Error"}}) {
        Case c = esCase("", "wire", {answer(code, reason, starSse, {QByteArrayLiteral("nope")}, true)});
        c.name = QStringLiteral("wire.%1-held").arg(code);
        m << withNote(c, "a non-200 status with text/event-stream and CORS, body held open");
    }
    m << withNote(esCase("wire.401-held-credentials", "wire",
                      {answer(401, "Unauthorized", {acao("{page}"), acac("true"), type("text/event-stream")},
                          {QByteArrayLiteral("nope")}, true)},
                      true),
        "a 401 with credentials and CORS, body held");
    // Empty values and repeated lines (Qt dropped empty values and joined repeats).
    m << withNote(esCase("wire.acao-empty", "wire", {stream({header("Access-Control-Allow-Origin", ""), type("text/event-stream")})}),
        "an empty ACAO value: 'contains the invalid value'");
    m << withNote(esCase("wire.acao-twice", "wire", {stream({acao("*"), acao("*"), type("text/event-stream")})}),
        "two ACAO lines: 'multiple values'");
    m << withNote(esCase("wire.acac-empty", "wire",
                      {stream({acao("{page}"), header("Access-Control-Allow-Credentials", ""), type("text/event-stream")})},
                      true),
        "an empty ACAC value with credentials");
    m << withNote(esCase("wire.acac-twice", "wire",
                      {stream({acao("{page}"), acac("true"), acac("true"), type("text/event-stream")})}, true),
        "two ACAC lines: 'true, true'");
    m << withNote(esCase("wire.set-cookie-twice", "wire",
                      {stream({acao("*"), header("Set-Cookie", "a=1"), header("Set-Cookie", ""), type("text/event-stream")})}),
        "two Set-Cookie lines, one empty");
    m << withNote(esCase("wire.content-type-twice", "wire",
                      {stream({acao("*"), type("text/event-stream"), type("text/event-stream")})}),
        "two Content-Type lines");
    // Many fields, the CORS header and the type after them (Qt dropped every field past 100).
    for (const int count : {100, 150, 1000, 9000}) {
        HeaderList fields;
        for (int i = 0; i < count; ++i) {
            fields.append({"X-Pad-" + QByteArray::number(i), "value-" + QByteArray::number(i)});
        }
        fields << acao("*") << type("text/event-stream");
        Case c = esCase("", "wire", {stream(fields)});
        c.name = QStringLiteral("wire.%1-fields").arg(count);
        m << withNote(c, "many fields, CORS after them");
    }
    {
        Answer early = stream(starSse);
        early.interim = QByteArrayLiteral("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        m << withNote(esCase("wire.103-then-200", "wire", {early}), "103 Early Hints before the 200");
    }
    m << beforeReconnect(withNote(esCase("wire.close-after-head", "wire", {answer(200, "OK", starSse, {}, false)}),
        "the server closes right after the head: opened, then reconnects"));
    m << beforeReconnect(withNote(esCase("wire.close-before-answer", "wire", {answer(0, "", {}, {}, false)}),
        "the server closes without answering: ERR_EMPTY_RESPONSE"));
    {
        Answer cut = answer(200, "OK", starSse, {kHello, QByteArrayLiteral("data: ha")}, false);
        cut.reset = true;
        m << beforeReconnect(withNote(esCase("wire.reset-mid-event", "wire", {cut}), "a TCP reset in the middle of an event"));
    }
    // The preflight's answer (issue 14): a fetch with Authorization needs one, and a 407 from the
    // origin that carries every CORS header a good preflight answer would. Chromium 156: a network
    // error (ERR_UNEXPECTED_PROXY_AUTH) before any CORS check; Firefox ESR 153 and WebKitGTK 2.50:
    // a status that is not ok.
    m << withNote(withPreflight(fetchCase("wire.preflight-407", "wire", {stream(starSse)}, CredentialsMode::SameOrigin, bearer),
                      answer(407, "Proxy Authentication Required",
                          {acao("*"), header("Access-Control-Allow-Headers", "*"), header("Content-Length", "0")}, {},
                          false)),
        "an origin's 407 to the OPTIONS preflight, with CORS headers");
    // The preflight's connection closed before any answer (issue 15): nothing to judge but the
    // network error, which each engine reports in its own way.
    m << withNote(withPreflight(fetchCase("wire.preflight-closed", "wire", {stream(starSse)}, CredentialsMode::SameOrigin, bearer),
                      answer(0, "", {}, {}, false)),
        "the server closes the OPTIONS preflight's connection without answering");
    m += localNetworkCases();
    m << fetchPostCases();
    return m;
}

} // namespace SseScope::Conformance
