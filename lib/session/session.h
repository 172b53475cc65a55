#pragma once

#include <browser/cookieprovider.h>
#include <browser/findings.h>
#include <browser/requestintent.h>
#include <browser/verdict.h>
#include <browser/snippetcontext.h>
#include <common/httpheaders.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace SseScope {

// What one recorded HTTP exchange was for (CLI.md "exchanges[].kind").
enum class ExchangeKind
{
    Preflight, // the OPTIONS the browser sent before a fetch that needs one
    Login, // `--login URL`: fetch(URL, {credentials: 'include'}) before the stream
    Redirect, // a 3xx hop of the stream request, followed by the client
    Stream, // the stream request whose answer the page reads
};
// "preflight" | "login" | "redirect" | "stream" (JSON, HAR, GUI keys).
QString exchangeKindName(ExchangeKind kind);

// One request and its answer, as the client carried it out. Times are milliseconds since the
// session started (Session::info().startedAt), one monotonic clock for everything.
struct SessionExchange
{
    quint64 id = 0; // 1-based, unique within the session, in the order requests were sent
    ExchangeKind kind = ExchangeKind::Stream;
    int attempt = 0; // the stream's connection attempt (1 = first, 2 = first reconnect…); 0 for login

    // What the browser model planned: the exact request the chosen browser sends.
    RequestHead plannedRequest;
    // What went on the wire, as far as Qt lets us know: the planned headers plus the ones
    // QNetworkAccessManager adds by itself and cannot be kept from sending.
    RequestHead request;
    // Header names in `request` that the browser would not have sent (QNAM's own), so a reader of
    // the recording sees the difference instead of guessing. Empty when wire == plan.
    QList<QByteArray> transportAddedHeaders;
    // The body the request carried (request.hasBody: a fetch init.body): its first bytes, at
    // most Session::Limits::maxChunkBytes (a --data-file may be huge), and its whole size.
    QByteArray requestBody;
    qint64 requestBodySize = 0;

    std::optional<ResponseHead> response; // unset until the head arrives (or never: network error)
    QByteArray httpVersion; // "1.1", "2"; empty until the head arrives
    // 1xx interim answers before the response (103 Early Hints): a browser reads past them.
    QList<ResponseHead> interimResponses;

    qint64 startedMs = 0; // the request was handed to the network
    qint64 firstByteMs = -1; // the response head arrived; -1: not (yet)
    qint64 endedMs = -1; // body complete, connection failed or closed by the client; -1: still open
    qint64 bodyBytes = 0; // body bytes received (after any decoding the client did, see below)
    qint64 chunks = 0; // readyRead deliveries of the body
    bool bodyDecompressed = false; // the client decoded a Content-Encoding (the raw chunks are decoded bytes)

    QString netError; // Chromium's name for the failure ("ERR_CONNECTION_REFUSED"); empty when none
    QString errorDetail; // the transport's own words (Qt's error string), for humans
    bool closedByClient = false; // ended because the observation stopped or the model said so

    bool isOpen() const { return endedMs < 0; }
};

// One readyRead delivery of a body, as it arrived.
struct RawChunk
{
    quint64 exchangeId = 0;
    qint64 receivedMs = 0;
    qint64 offset = 0; // body offset of its first byte
    qint64 size = 0; // bytes delivered
    QByteArray bytes; // the bytes kept: all of them, or the first Session::Limits::maxChunkBytes
    int events = 0; // MessageEvents the parser dispatched from this chunk
};

// One MessageEvent the page received. Stored as UTF-8 bytes (compact: the GUI keeps a million).
struct RecordedEvent
{
    quint64 exchangeId = 0;
    qint64 receivedMs = 0;
    QByteArray type; // "message" when the stream named none
    QByteArray data;
    QByteArray lastEventId;
    bool hasId = false; // it had an `id:` field (lastEventId is its own, not an earlier event's)
    // Across a reconnect (ReplayCheck): this event's id was received before (Repeated), or ids
    // were skipped right before it (AfterGap, missedBefore of them).
    enum class Replay : quint8
    {
        None,
        Repeated,
        AfterGap,
    };
    Replay replay = Replay::None;
    quint32 missedBefore = 0;
};
} // namespace SseScope
// Its members (QByteArray and plain values) move by memcpy: a growing list of a million events is
// reallocated in place instead of moved element by element (the client benchmark's hot path).
Q_DECLARE_TYPEINFO(SseScope::RecordedEvent, Q_RELOCATABLE_TYPE);
namespace SseScope {

// A cookie's fate in one exchange: sent with the request, or stored (or refused) from Set-Cookie.
struct RecordedCookie
{
    enum class Direction
    {
        Sent,
        Set
    };
    quint64 exchangeId = 0;
    Direction direction = Direction::Sent;
    CookieOutcome outcome; // name, included/stored, Chromium's inclusion status names
};

// A finding, with when and where it was first raised.
struct RecordedFinding
{
    Finding finding;
    qint64 raisedMs = 0;
    quint64 exchangeId = 0; // 0: the session as a whole
};

// A change of readyState, for the timeline.
struct StateChange
{
    qint64 atMs = 0;
    ReadyState readyState = ReadyState::Connecting;
    QString reason; // "open", "error", "reconnect in 3000 ms", "closed by the page"
};

// When the mock server wrote one event of a stream and when it reached the client, both in session
// time. Known only when the server runs in the same process (BrowserClientController::
// correlateServerExchange); arrivedMs is -1 while the event has not arrived.
struct ServerWrite
{
    quint64 exchangeId = 0;
    quint64 sequence = 0; // 1-based within the exchange
    qint64 writtenMs = 0;
    qint64 arrivedMs = -1;
};

// What was asked: the inputs of the session (CLI.md "request").
struct SessionInfo
{
    QString browser = QStringLiteral("chromium"); // BrowserProfile::name
    QUrl url;
    QString origin; // the page origin, serialized
    RequestMode mode = RequestMode::EventSource;
    CredentialsMode credentials = CredentialsMode::SameOrigin;
    QByteArray method = QByteArrayLiteral("GET"); // the page's method (fetch; EventSource always GETs)
    // Fetch: the response headers the page's code reads (`--read-header`), in order; the verdict
    // says what each returned (Verdict::readHeaders, readHeaderValue()).
    QList<QByteArray> readHeaders;
    QUrl loginUrl; // empty: no login step
    QDateTime startedAt; // wall clock at time 0 (HAR needs it); all other times are relative
};

// The recording of one client session: exchanges, raw chunks with arrival times, events with
// arrival times, cookies, findings and the verdict as they change.
//
// A plain value owned by one thread (the GUI's or the CLI's): BrowserClientController
// (lib/client) feeds it from the client thread's queued signals, in order. Bounded: the raw chunk
// log and the event list drop their oldest entries past the limits and count what they dropped,
// so a stream of millions of events keeps a fixed memory ceiling. Copies share data (Qt's
// implicit sharing), so handing a snapshot to another thread is cheap.
class Session
{
public:
    struct Limits
    {
        qsizetype maxEvents = 1000000; // the GUI keeps a million
        qsizetype maxChunks = 100000;
        qint64 maxChunkBytes = 64 * 1024; // bytes kept per chunk (the size is always recorded)
        qint64 maxRawBytes = 64 * 1024 * 1024; // raw bytes kept in all chunks together
        qsizetype maxExchanges = 10000; // the oldest closed exchanges go first
        qsizetype maxStateChanges = 10000;
        // Findings of one id kept with different details (a reconnect loop raises one per
        // attempt); further ones are counted in findingsDropped().
        int maxFindingsPerId = 20;
        qsizetype maxServerWrites = 20000; // the oldest exchanges' go first
    };

    Session();
    explicit Session(const Limits &limits);

    // -- recording (in the order things happened) --
    void setInfo(const SessionInfo &info) { m_info = info; }
    // Adds the exchange, or replaces the one with the same id (heads arrive, then the end).
    void recordExchange(const SessionExchange &exchange);
    // Keeps the chunks (within the limits) and moves their exchanges' body counters on.
    void appendChunks(const QList<RawChunk> &chunks);
    void appendEvents(const QList<RecordedEvent> &events);
    void appendCookies(const QList<RecordedCookie> &cookies);
    // Adds the findings not already present (same id and detail), at most Limits::maxFindingsPerId
    // per id; returns how many were added.
    int addFindings(const QList<Finding> &findings, qint64 atMs, quint64 exchangeId = 0);
    void setVerdict(const Verdict &verdict, qint64 atMs, const QString &reason = {});
    // The server's write times of one exchange's events (and their arrivals), replacing what was
    // recorded for that exchange; in exchange, then sequence order.
    void recordServerWrites(quint64 exchangeId, const QList<ServerWrite> &writes);
    void clear();

    // -- reading --
    const Limits &limits() const { return m_limits; }
    const SessionInfo &info() const { return m_info; }
    const QList<SessionExchange> &exchanges() const { return m_exchanges; }
    const SessionExchange *exchange(quint64 id) const; // nullptr when unknown or dropped
    // Kept events, oldest first. Event number n (0-based, over the whole session) is
    // events().at(n - eventsDropped()) while it is kept.
    const QList<RecordedEvent> &events() const { return m_events; }
    quint64 eventsDropped() const { return m_eventsDropped; }
    const QList<RawChunk> &chunks() const { return m_chunks; }
    quint64 chunksDropped() const { return m_chunksDropped; }
    qint64 rawBytesKept() const { return m_rawBytesKept; }
    const QList<RecordedCookie> &cookies() const { return m_cookies; }
    const QList<RecordedFinding> &findings() const { return m_findings; }
    QList<Finding> findingList() const; // the findings alone, in the order raised
    bool hasFinding(const QString &id) const;
    const Verdict &verdict() const { return m_verdict; }
    const QList<StateChange> &stateChanges() const { return m_stateChanges; }
    const QList<ServerWrite> &serverWrites() const { return m_serverWrites; }
    quint64 exchangesDropped() const { return m_exchangesDropped; }
    quint64 findingsDropped() const { return m_findingsDropped; }

private:
    void trimChunks();
    SessionExchange *findExchange(quint64 id);

    Limits m_limits;
    SessionInfo m_info;
    QList<SessionExchange> m_exchanges;
    quint64 m_exchangesDropped = 0;
    QList<RecordedEvent> m_events;
    quint64 m_eventsDropped = 0;
    QList<RawChunk> m_chunks;
    quint64 m_chunksDropped = 0;
    qint64 m_rawBytesKept = 0;
    QList<RecordedCookie> m_cookies;
    QList<RecordedFinding> m_findings;
    quint64 m_findingsDropped = 0;
    Verdict m_verdict;
    QList<StateChange> m_stateChanges;
    QList<ServerWrite> m_serverWrites;
};

// The names a fix snippet should use for this session: the page origin, the stream's path and the
// cookie the session sent or was set (the first one seen), for personalizeSnippet().
SnippetContext snippetContextOf(const Session &session);

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::SessionExchange)
Q_DECLARE_METATYPE(SseScope::RawChunk)
Q_DECLARE_METATYPE(SseScope::RecordedEvent)
Q_DECLARE_METATYPE(SseScope::RecordedCookie)
