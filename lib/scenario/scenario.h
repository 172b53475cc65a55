#pragma once

#include <common/httpheaders.h>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace SseScope {

// Everything the mock server does for one scenario, as a plain value (DESIGN.md "Layers").
// Its JSON form (version 1) is documented in docs/scenario-format.md and described by
// resources/scenario.schema.json; ScenarioJson reads and writes it.
//
// Strings may contain the placeholders ${page} and ${api}: the server replaces them with its
// page origin ("http://localhost:PAGEPORT") and API origin ("http://127.0.0.1:PORT") when it
// answers, because the ports are only known once it listens.

struct CorsPolicy
{
    enum class AllowOrigin
    {
        Absent, // no Access-Control-Allow-Origin at all
        Wildcard, // "*"
        Echo, // the request's Origin when it is on the allowlist, else no header
        Fixed, // values[0], whatever the request's Origin
        Multiple, // every entry of values: one header line each, or one comma-joined line
        Null, // the literal "null"
    };
    AllowOrigin allowOrigin = AllowOrigin::Wildcard;
    QStringList allowlist {QStringLiteral("${page}")};
    QStringList values;
    bool multipleAsLines = true;
    // Access-Control-Allow-Credentials: absent (nullopt) or this literal ("true", "True", ...).
    std::optional<QString> allowCredentials;
    bool varyOrigin = false;
    QStringList exposeHeaders;

    struct Preflight
    {
        bool handle = true; // false: OPTIONS answers 405 without CORS headers
        int status = 204;
        std::optional<QString> allowMethods = QStringLiteral("GET");
        std::optional<QString> allowHeaders;
        std::optional<int> maxAge;
    } preflight;

    friend bool operator==(const CorsPolicy &a, const CorsPolicy &b);
};

struct CookieSpec
{
    enum class SameSite
    {
        Absent,
        Lax,
        Strict,
        None
    };
    QString name = QStringLiteral("session");
    QString value = QStringLiteral("s3cret");
    SameSite sameSite = SameSite::Absent;
    bool secure = false;
    bool httpOnly = true;
    bool partitioned = false;
    std::optional<QString> domain;
    std::optional<QString> path = QStringLiteral("/");
    std::optional<int> maxAge;

    // The Set-Cookie value, attributes in a fixed order.
    QByteArray setCookieValue() const;

    friend bool operator==(const CookieSpec &a, const CookieSpec &b);
};

struct AuthPolicy
{
    enum class Mode
    {
        None,
        Cookie,
        Bearer,
        QueryToken
    };
    Mode mode = Mode::None;
    CookieSpec cookie; // what /login sets; checked on /events when mode is Cookie
    QString token = QStringLiteral("s3cret"); // bearer and query-token value
    QString queryParameter = QStringLiteral("access_token");
    int unauthorizedStatus = 401;

    friend bool operator==(const AuthPolicy &a, const AuthPolicy &b);
};

struct ResponsePolicy
{
    int status = 200;
    std::optional<QString> contentType = QStringLiteral("text/event-stream");
    std::optional<QString> cacheControl = QStringLiteral("no-cache");
    std::optional<QString> accelBuffering; // X-Accel-Buffering
    std::optional<QString> contentTypeOptions; // X-Content-Type-Options
    HttpHeaders extraHeaders;

    struct Redirect
    {
        bool enabled = false;
        int status = 302;
        QString target = QStringLiteral("${api}/stream");
        bool withCors = true; // the 3xx hop carries the scenario's CORS headers
    } redirect;

    friend bool operator==(const ResponsePolicy &a, const ResponsePolicy &b);
};

struct ScriptedEvent
{
    std::optional<QString> event;
    std::optional<QString> data; // may contain "\n": one data: line per line
    std::optional<QString> id;
    std::optional<int> retry;
    std::optional<QString> comment;
    std::optional<QByteArray> raw; // written as is, instead of the fields above
    int delayMs = 0; // wait before this one

    friend bool operator==(const ScriptedEvent &a, const ScriptedEvent &b);
};

struct StreamPolicy
{
    enum class Source
    {
        Generator,
        Script
    };
    Source source = Source::Generator;

    struct Generator
    {
        int intervalMs = 1000;
        QStringList eventTypes {QStringLiteral("tick")}; // cycled; "message" or "" writes no event: line
        int payloadBytes = 0; // pad the data to at least this many bytes (0: a short JSON object)
        bool multiLine = false; // split the data over several data: lines
        std::optional<QString> data; // this text as the data instead of the JSON object (benchmarks)
    } generator;
    QList<ScriptedEvent> script;
    bool loopScript = false;

    bool ids = true; // generator: write id: <sequence>
    std::optional<int> retryMs; // write retry: at the start of each response
    std::optional<QString> openingComment; // a comment line written with the headers

    struct Heartbeat
    {
        int intervalMs = 0; // 0: none
        bool asEvent = false; // false: ": ping" comment; true: "event: ping" with empty data
    } heartbeat;

    bool replay = false; // answer Last-Event-ID by resuming right after that event
    // One generator shared by every connection of the scenario (one timer, the same events to
    // all) instead of one per connection; with replay, its last replayBuffer events answer a
    // reconnect's Last-Event-ID with what was missed.
    bool broadcast = false;
    int replayBuffer = 1000;
    // A server that replays badly (not with broadcast): it resumes this many events after (> 0:
    // they are never sent) or before (< 0: they are sent again) the event right after
    // Last-Event-ID. 0 is the right answer.
    int replaySkew = 0;
    int endAfterEvents = 0; // 0: never; then end the response cleanly
    int endAfterMs = 0; // 0: never
    int dropEveryEvents = 0; // 0: never; then cut the connection without ending the response

    friend bool operator==(const StreamPolicy &a, const StreamPolicy &b);
};

struct TransportPolicy
{
    enum class Framing
    {
        Chunked,
        CloseDelimited
    };
    Framing framing = Framing::Chunked;
    bool gzip = false;
    bool gzipFlushEachWrite = true; // false: deflate holds data until its buffer fills

    struct BufferingProxy
    {
        bool enabled = false;
        int flushEveryEvents = 0; // 0: not by count
        int flushEveryMs = 0; // 0: not by time
    } proxy;

    int dripBytes = 0; // >0: send at most this many bytes per dripIntervalMs
    int dripIntervalMs = 50;
    int headerDelayMs = 0; // wait before sending anything
    bool headersNeverEnd = false; // send the status line and headers but never the blank line

    friend bool operator==(const TransportPolicy &a, const TransportPolicy &b);
};

struct ClientSide
{
    enum class Mode
    {
        EventSource,
        Fetch
    };
    Mode mode = Mode::EventSource;
    bool withCredentials = false;
    HttpHeaders headers; // only fetch can send them; the page says so otherwise
    bool loginFirst = false;
    QString path = QStringLiteral("/events"); // on the API origin, query included
    // What the page's fetch(URL, {method, body, headers}) sends (fetch only; EventSource always
    // GETs with no body): the method, the body as text (none: no body), and the body's
    // Content-Type (none: fetch's own, text/plain;charset=UTF-8 for a string body).
    QString method = QStringLiteral("GET");
    std::optional<QString> body;
    std::optional<QString> contentType;
    // The response headers the page's code reads with response.headers.get(name) (fetch only).
    QStringList readHeaders;

    friend bool operator==(const ClientSide &a, const ClientSide &b);
};

// What the page's response.headers.get(name) returns: null (the header is neither CORS-safelisted
// nor exposed, or absent), or a value — this one, or any (a session id the server makes up).
// JSON: null, a string, or true for any value.
struct ReadHeaderExpectation
{
    bool isNull = true;
    std::optional<QString> value; // when not null: the exact value (nullopt: any value)

    static ReadHeaderExpectation null() { return {}; }
    static ReadHeaderExpectation anyValue() { return {false, std::nullopt}; }
    static ReadHeaderExpectation exactly(const QString &value) { return {false, value}; }
    // Whether what the page got (nullopt: null) is what is expected.
    bool matches(const std::optional<QString> &got) const
    {
        return isNull ? !got.has_value() : got.has_value() && (!value || *value == *got);
    }
    friend bool operator==(const ReadHeaderExpectation &a, const ReadHeaderExpectation &b)
    {
        return a.isNull == b.isNull && a.value == b.value;
    }
};

// What a real Chromium does with this scenario through the test page: the presets declare it
// and the browser test checks it.
struct Expectation
{
    bool present = false;
    bool opened = false;
    bool failed = false;
    int minEvents = 0;
    std::optional<int> maxEvents;
    QString console; // a text Chromium's console must show (empty: not checked)
    std::optional<int> streamStatus; // the status the server last answered on the stream
    // What response.headers.get(name) returns to the page, per header it reads.
    QMap<QString, ReadHeaderExpectation> readHeaders;

    friend bool operator==(const Expectation &a, const Expectation &b);
};

struct Scenario
{
    static constexpr int formatVersion = 1;

    QString name = QStringLiteral("default");
    QString title;
    QString summary;
    QString notes; // what to look at (docs/presets.md)

    CorsPolicy cors;
    AuthPolicy auth;
    ResponsePolicy response;
    StreamPolicy stream;
    TransportPolicy transport;
    ClientSide client;
    Expectation expect;

    friend bool operator==(const Scenario &a, const Scenario &b);
    friend bool operator!=(const Scenario &a, const Scenario &b) { return !(a == b); }
};

// The enum names used in the JSON form (and by the GUI for display keys).
QString allowOriginName(CorsPolicy::AllowOrigin mode);
QString sameSiteName(CookieSpec::SameSite sameSite);
QString authModeName(AuthPolicy::Mode mode);
QString clientModeName(ClientSide::Mode mode);
QString framingName(TransportPolicy::Framing framing);

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::Scenario)
