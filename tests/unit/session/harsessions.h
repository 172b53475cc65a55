#pragma once

// Sessions built by hand for the HAR tests: no client, no network.

#include <browser/findings.h>
#include <session/session.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QUrl>

namespace SseScope::HarTest {

// Every secret of secretSession(), each in its own hiding place.
inline QList<QByteArray> secrets()
{
    return {
        "SECRETqueryToken11", // ?token= in the stream URL (session URL, request URL, console, finding)
        "SECRETloginUrlAccess22", // ?access_token= in the login URL
        "SECRETcookiePre33", // Cookie header sent with the login
        "SECRETbearer44", // Authorization: Bearer …
        "SECRETsetCookieSid55", // Set-Cookie from the login, then Cookie on the stream request
        "SECRETloginBody66", // the login answer's body
        "SECRETrefererJwt77", // Referer: …?jwt=
        "SECRETredirectSig88", // Location: …?sig= (redirect target, then the stream request URL)
        "SECRETredirectKey99", // Location: …&key=
        "SECRETheaderToken00", // X-Auth-Token request header
        "SECRETfragmentAuth12", // #auth= in the Referer fragment
    };
}

inline HttpHeaders headers(std::initializer_list<HttpHeader> lines)
{
    return HttpHeaders(lines);
}

inline QUrl url(const char *text)
{
    return QUrl::fromEncoded(QByteArray(text), QUrl::StrictMode);
}

// A whole session holding secrets everywhere one can hide: a login with cookies, Authorization
// and a token in its body, a redirect whose Location carries tokens, the stream (with a non-UTF-8
// chunk on a reconnect), a refused attempt, findings and console lines quoting URLs.
inline Session secretSession()
{
    Session session;
    SessionInfo info;
    info.browser = QStringLiteral("chromium");
    info.url = url("https://api.example.com/events?token=SECRETqueryToken11&channel=news");
    info.origin = QStringLiteral("https://app.example.com");
    info.mode = RequestMode::EventSource;
    info.credentials = CredentialsMode::Include;
    info.loginUrl = url("https://api.example.com/login?access_token=SECRETloginUrlAccess22");
    info.startedAt = QDateTime(QDate(2026, 11, 24), QTime(0, 10, 0, 250), Qt::UTC);
    session.setInfo(info);

    SessionExchange login;
    login.id = 1;
    login.kind = ExchangeKind::Login;
    login.attempt = 0;
    login.request.url = info.loginUrl;
    login.request.headers = headers({{"Origin", "https://app.example.com"},
        {"Cookie", "pre=SECRETcookiePre33; theme=dark"}, {"Authorization", "Bearer SECRETbearer44"}});
    login.plannedRequest = login.request;
    login.httpVersion = "1.1";
    login.response = ResponseHead{200, "OK",
        headers({{"Content-Type", "application/json"}, {"Access-Control-Allow-Origin", "https://app.example.com"},
            {"Access-Control-Allow-Credentials", "true"},
            {"Set-Cookie", "sid=SECRETsetCookieSid55; Path=/; Secure; HttpOnly; SameSite=None; "
                           "Expires=Wed, 25 Nov 2026 00:00:00 GMT"}})};
    login.startedMs = 0;
    login.firstByteMs = 12;
    login.endedMs = 15;
    login.bodyBytes = 32;
    login.chunks = 1;
    session.recordExchange(login);

    SessionExchange redirect;
    redirect.id = 2;
    redirect.kind = ExchangeKind::Redirect;
    redirect.attempt = 1;
    redirect.request.url = info.url;
    redirect.request.headers = headers({{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"},
        {"Origin", "https://app.example.com"},
        {"Referer", "https://app.example.com/page?jwt=SECRETrefererJwt77#auth=SECRETfragmentAuth12"},
        {"Cookie", "sid=SECRETsetCookieSid55"}, {"X-Auth-Token", "SECRETheaderToken00"}});
    redirect.plannedRequest = redirect.request;
    redirect.request.headers.append("Accept-Encoding", "gzip, deflate");
    redirect.transportAddedHeaders = {"Accept-Encoding"};
    redirect.httpVersion = "1.1";
    redirect.response = ResponseHead{307, "Temporary Redirect",
        headers({{"Location", "https://stream.example.com/events?sig=SECRETredirectSig88&key=SECRETredirectKey99"},
            {"Access-Control-Allow-Origin", "https://app.example.com"},
            {"Access-Control-Allow-Credentials", "true"}})};
    redirect.startedMs = 20;
    redirect.firstByteMs = 31;
    redirect.endedMs = 31;
    session.recordExchange(redirect);

    SessionExchange stream;
    stream.id = 3;
    stream.kind = ExchangeKind::Stream;
    stream.attempt = 1;
    stream.request.url = url("https://stream.example.com/events?sig=SECRETredirectSig88&key=SECRETredirectKey99");
    stream.request.headers = headers({{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"},
        {"Origin", "null"}, {"Referer", "https://app.example.com/"}});
    stream.plannedRequest = stream.request;
    stream.httpVersion = "1.1";
    stream.response = ResponseHead{200, "OK",
        headers({{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
            {"Cache-Control", "no-store"}})};
    stream.startedMs = 32;
    stream.firstByteMs = 40;
    stream.endedMs = 1200;
    stream.bodyBytes = 40;
    stream.chunks = 2;
    session.recordExchange(stream);

    SessionExchange refused;
    refused.id = 4;
    refused.kind = ExchangeKind::Stream;
    refused.attempt = 2;
    refused.request = stream.request;
    refused.plannedRequest = stream.request;
    refused.startedMs = 4200;
    refused.endedMs = 4203;
    refused.netError = QStringLiteral("ERR_CONNECTION_REFUSED");
    refused.errorDetail = QStringLiteral("Connection refused");
    session.recordExchange(refused);

    SessionExchange reopened = stream;
    reopened.id = 5;
    reopened.attempt = 3;
    reopened.request.headers.append("Last-Event-ID", "2");
    reopened.plannedRequest = reopened.request;
    reopened.startedMs = 7203;
    reopened.firstByteMs = 7210;
    reopened.endedMs = -1; // still open when the session was exported
    reopened.bodyBytes = 12;
    reopened.chunks = 1;
    session.recordExchange(reopened);

    session.appendChunks({RawChunk{1, 13, 0, 32, QByteArray("{\"token\":\"SECRETloginBody66\"}\n\n\n"), 0},
        RawChunk{3, 41, 0, 25, QByteArray("id: 1\ndata: hello\n\nid: 2\n"), 1},
        RawChunk{3, 55, 25, 15, QByteArray("data: world\n\n\r\n"), 1},
        RawChunk{5, 7211, 0, 12, QByteArray("data: \xff\xfe!\n\n\0\n", 12), 1}});
    // Issue 17: the marks an export keeps: ids of their own, one repeated after the reconnect,
    // one after a gap of 3 (ReplayCheck's findings), and the mock's write times.
    RecordedEvent hello{3, 41, "message", "hello", "1"};
    hello.hasId = true;
    RecordedEvent world{3, 55, "message", "world", "2"};
    world.hasId = true;
    RecordedEvent repeated{5, 7211, "message", "\xef\xbf\xbd\xef\xbf\xbd!", "2"};
    repeated.hasId = true;
    repeated.replay = RecordedEvent::Replay::Repeated;
    RecordedEvent afterGap{5, 7300, "message", "late", "6"};
    afterGap.hasId = true;
    afterGap.replay = RecordedEvent::Replay::AfterGap;
    afterGap.missedBefore = 3;
    session.appendEvents({hello, world, repeated, afterGap});
    session.recordServerWrites(3, {ServerWrite{0, 1, 38, 41}, ServerWrite{0, 2, 52, 55}});
    session.recordServerWrites(5, {ServerWrite{0, 1, 7209, 7211}, ServerWrite{0, 2, 7280, -1}});
    session.appendCookies({RecordedCookie{1, RecordedCookie::Direction::Sent, CookieOutcome{QStringLiteral("pre"), true, {}}},
        RecordedCookie{1, RecordedCookie::Direction::Set, CookieOutcome{QStringLiteral("sid"), true, {}}},
        RecordedCookie{2, RecordedCookie::Direction::Sent,
            CookieOutcome{QStringLiteral("sid"), false, {QStringLiteral("EXCLUDE_USER_PREFERENCES")}}}});

    Finding tainted = makeFinding("cors.redirect-tainted-origin",
        QStringLiteral("https://api.example.com/events?token=SECRETqueryToken11 → "
                       "https://stream.example.com/events?sig=SECRETredirectSig88&key=SECRETredirectKey99"));
    session.addFindings({tainted}, 31, 2);
    session.addFindings({makeFinding("cors.wildcard-with-credentials",
                            QStringLiteral("Access-Control-Allow-Origin: * (cookie sid=SECRETsetCookieSid55)"))},
        40, 3);

    Verdict verdict;
    verdict.readyState = ReadyState::Connecting;
    session.setVerdict(verdict, 0, QStringLiteral("connecting"));
    verdict.opened = true;
    verdict.readyState = ReadyState::Open;
    verdict.events = 2;
    verdict.console = {QStringLiteral("Access to resource at 'https://stream.example.com/events?sig=SECRETredirectSig88"
                                      "&key=SECRETredirectKey99' from origin 'https://app.example.com' has been "
                                      "blocked by CORS policy: …")};
    session.setVerdict(verdict, 40, QStringLiteral("open"));
    verdict.readyState = ReadyState::Connecting;
    verdict.reconnects = 2;
    session.setVerdict(verdict, 1200, QStringLiteral("reconnect in 3000 ms"));
    verdict.readyState = ReadyState::Open;
    verdict.events = 3;
    session.setVerdict(verdict, 7210, QStringLiteral("open"));
    return session;
}

// A fetch POST stream as a chat UI opens it (issue 18): a preflight, then the POST with a JSON
// body that carries an API key and a password beside ordinary members (max_tokens must stay), the
// stream's events (fetch streams get `_eventSourceMessages` too).
inline QByteArray fetchPostBody()
{
    return QByteArrayLiteral("{\"model\": \"m\", \"api_key\": \"SECRETbodyApiKey31\", \"max_tokens\": 100, "
                             "\"auth\": {\"password\": \"SECRETbodyPassword32\", \"user\": \"ann\"}, "
                             "\"stream\": true}");
}

inline Session fetchPostSession()
{
    Session session;
    SessionInfo info;
    info.browser = QStringLiteral("chromium");
    info.url = url("https://api.example.com/v1/chat/completions");
    info.origin = QStringLiteral("https://app.example.com");
    info.mode = RequestMode::Fetch;
    info.method = "POST";
    info.readHeaders = {"Mcp-Session-Id"};
    info.startedAt = QDateTime(QDate(2026, 12, 6), QTime(4, 0, 0, 125), Qt::UTC);
    session.setInfo(info);

    SessionExchange preflight;
    preflight.id = 1;
    preflight.kind = ExchangeKind::Preflight;
    preflight.attempt = 1;
    preflight.request.method = "OPTIONS";
    preflight.request.url = info.url;
    preflight.request.headers = headers({{"Accept", "*/*"}, {"Access-Control-Request-Method", "POST"},
        {"Access-Control-Request-Headers", "authorization,content-type"}, {"Origin", "https://app.example.com"}});
    preflight.plannedRequest = preflight.request;
    preflight.httpVersion = "1.1";
    preflight.response = ResponseHead{204, "No Content",
        headers({{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "Authorization, Content-Type"}})};
    preflight.startedMs = 0;
    preflight.firstByteMs = 4;
    preflight.endedMs = 4;
    session.recordExchange(preflight);

    SessionExchange stream;
    stream.id = 2;
    stream.kind = ExchangeKind::Stream;
    stream.attempt = 1;
    stream.request.method = "POST";
    stream.request.url = info.url;
    stream.request.headers = headers({{"Accept", "*/*"}, {"Authorization", "Bearer SECRETbearer44"},
        {"Content-Type", "application/json"}, {"Origin", "https://app.example.com"}});
    stream.request.hasBody = true;
    stream.plannedRequest = stream.request;
    stream.request.headers.append("Content-Length", QByteArray::number(fetchPostBody().size()));
    stream.requestBody = fetchPostBody();
    stream.requestBodySize = fetchPostBody().size();
    stream.httpVersion = "1.1";
    stream.response = ResponseHead{200, "OK",
        headers({{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
            {"Mcp-Session-Id", "s-1"}})};
    stream.startedMs = 5;
    stream.firstByteMs = 30;
    stream.endedMs = 90;
    stream.bodyBytes = 50;
    stream.chunks = 2;
    session.recordExchange(stream);
    session.appendChunks({RawChunk{2, 31, 0, 36, QByteArray("data: {\"choices\":[{\"delta\":\"Hi\"}]}\n\n"), 1},
        RawChunk{2, 88, 36, 14, QByteArray("data: [DONE]\n\n"), 1}});
    session.appendEvents({RecordedEvent{2, 31, "message", "{\"choices\":[{\"delta\":\"Hi\"}]}", ""},
        RecordedEvent{2, 88, "message", "[DONE]", ""}});

    Verdict verdict;
    verdict.opened = true;
    verdict.readyState = ReadyState::Closed;
    verdict.events = 2;
    session.setVerdict(verdict, 90, QStringLiteral("ended"));
    return session;
}

} // namespace SseScope::HarTest
