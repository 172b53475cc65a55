// Reading HAR files saved by Chrome's and Firefox's developer tools (docs/har.md "Import"): keep the
// event stream's entries (with their preflights and redirect hops) and re-run the diagnosis on what
// the HAR holds; what it cannot tell is listed in HarImport::missing.

#include "harreader_p.h"

#include <browser/eventsourcemodel.h>
#include <browser/profile.h>
#include <sse/eventstreamparser.h>

#include <algorithm>

namespace SseScope::HarInput {

namespace {

struct ForeignEntry
{
    qsizetype index = 0;
    QString pointer;
    QDateTime started;
    qint64 durationMs = 0;
    qint64 waitUntilFirstByteMs = -1; // from startedDateTime to the response head
    RequestHead request;
    std::optional<ResponseHead> response;
    QByteArray httpVersion;
    QByteArray body;
    bool hasBodyText = false;
    qint64 contentSize = 0;
    QString resourceType;
    QString error; // "_error": "net::ERR_FAILED"
    bool hasMessages = false;
    Node node;
    QByteArray postData; // request.postData.text (a fetch body); request.hasBody says it is there
};

// A duration from the file, kept within a day's worth of years so that sums cannot overflow.
qint64 boundedMs(double ms)
{
    return qRound64(qBound(0.0, ms, 1e12));
}

bool isEventStreamEntry(const ForeignEntry &entry)
{
    if (entry.resourceType == QLatin1String("eventsource") || entry.hasMessages) {
        return true;
    }
    if (entry.response
        && entry.response->headers.combinedValue("Content-Type").trimmed().toLower().startsWith("text/event-stream")) {
        return true;
    }
    return entry.request.headers.combinedValue("Accept").contains("text/event-stream");
}

QUrl redirectTarget(const ForeignEntry &entry)
{
    if (!entry.response || entry.response->status < 300 || entry.response->status > 399) {
        return {};
    }
    const QByteArray location = entry.response->headers.combinedValue("Location");
    if (location.isEmpty()) {
        return {};
    }
    return entry.request.url.resolved(QUrl::fromEncoded(location));
}

NetworkErrorKind networkErrorKind(const QString &error)
{
    const QString name = error.startsWith(QLatin1String("net::")) ? error.mid(5) : error;
    const QList<NetworkErrorKind> kinds = {NetworkErrorKind::ConnectionRefused, NetworkErrorKind::TimedOut,
        NetworkErrorKind::ConnectionReset, NetworkErrorKind::ConnectionClosed, NetworkErrorKind::Interrupted,
        NetworkErrorKind::HostNotFound, NetworkErrorKind::TooManyRedirects, NetworkErrorKind::InvalidRedirect,
        NetworkErrorKind::ResponseHeadersTooBig, NetworkErrorKind::UnexpectedProxyAuth};
    for (const NetworkErrorKind kind : kinds) {
        if (chromiumNetErrorName(kind) == name) {
            return kind;
        }
    }
    return NetworkErrorKind::Other;
}

ForeignEntry parseForeignEntry(const Node &node, qsizetype index)
{
    ForeignEntry entry{index, node.pointer(), {}, 0, -1, {}, {}, {}, {}, false, 0, {}, {}, false, node, {}};
    entry.started = parseTime(node, "startedDateTime");
    entry.durationMs = boundedMs(node.number("time"));
    const Node request = node.object("request");
    entry.request.method = request.string("method").toUtf8();
    entry.request.url = parseUrl(request, "url");
    entry.request.headers = parseHeaders(request);
    if (const std::optional<Node> postData = request.optionalObject("postData")) {
        entry.request.hasBody = true; // Chrome and Firefox write the page's body here
        entry.postData = postData->optionalString("text").toUtf8();
    }
    entry.httpVersion = httpVersionOf(request.optionalString("httpVersion"));
    const Node response = node.object("response");
    const qint64 status = response.integer("status");
    entry.error = response.optionalString("_error", node.optionalString("_error"));
    // Chrome writes status 0 for a request that got no answer (blocked, refused…).
    if (status > 0) {
        ResponseHead head;
        head.status = int(qMin<qint64>(status, 999));
        head.reasonPhrase = response.optionalString("statusText").toUtf8();
        head.headers = parseHeaders(response);
        entry.response = head;
        const QByteArray version = httpVersionOf(response.optionalString("httpVersion"));
        if (!version.isEmpty()) {
            entry.httpVersion = version;
        }
    }
    const Node content = response.object("content");
    entry.contentSize = qMax<qint64>(0, content.integer("size"));
    entry.hasBodyText = content.has("text");
    entry.body = parseBody(content);
    if (const std::optional<Node> timings = node.optionalObject("timings")) {
        // HAR: the phases before the answer; ssl is already part of connect.
        double sum = 0;
        for (const char *phase : {"blocked", "dns", "connect", "send", "wait"}) {
            sum += qMax(0.0, timings->optionalNumber(phase, -1));
        }
        entry.waitUntilFirstByteMs = boundedMs(sum);
    }
    entry.resourceType = node.optionalString("_resourceType");
    entry.hasMessages = node.has("_eventSourceMessages");
    return entry;
}

// Headers the browser or the network stack adds (or HTTP/2 pseudo-headers), not the page.
bool isBrowserSetHeader(const QByteArray &name)
{
    static const QList<QByteArray> names = {"Host", "Connection", "User-Agent", "Accept-Encoding", "Accept-Language",
        "Origin", "Referer", "Cookie", "Content-Length", "Pragma", "Cache-Control", "Priority", "DNT", "TE",
        "Upgrade-Insecure-Requests", "Keep-Alive", "Last-Event-ID"};
    if (name.startsWith(':') || name.toLower().startsWith("sec-")) {
        return true;
    }
    return std::any_of(names.cbegin(), names.cend(), [&](const QByteArray &n) { return headerNameEquals(n, name); });
}

bool hasCredentialHeaders(const QList<ForeignEntry> &entries)
{
    return std::any_of(entries.cbegin(), entries.cend(), [](const ForeignEntry &e) {
        return e.request.headers.contains("Cookie") || e.request.headers.contains("Authorization")
            || (e.response && e.response->headers.contains("Set-Cookie"));
    });
}

// Collects the parser's events and hands each to the model as the EventSource would.
class ModelSink final : public EventStreamSink
{
public:
    explicit ModelSink(EventSourceModel &model)
        : m_model(model)
    {
    }
    void event(const SseEvent &event) override
    {
        events.append(event);
        m_model.onEventDispatched(event.lastEventId, true);
    }
    void retry(const RetryField &field) override { findings.append(m_model.onRetryField(field.value.toByteArray())); }

    QList<SseEvent> events;
    QList<Finding> findings;

private:
    EventSourceModel &m_model;
};

// ---------------------------------------------------------------------------------------------
// Step 1: every entry of the file, in the order it was started.

QList<ForeignEntry> readEntries(const Node &log)
{
    const QJsonArray entryArray = log.array("entries");
    const QString entriesPointer = member(log.pointer(), "entries");
    QList<ForeignEntry> all;
    all.reserve(entryArray.size());
    for (qsizetype i = 0; i < entryArray.size(); ++i) {
        all.append(parseForeignEntry(objectAt(entryArray, i, entriesPointer), i));
    }
    std::stable_sort(all.begin(), all.end(),
        [](const ForeignEntry &a, const ForeignEntry &b) { return a.started < b.started; });
    return all;
}

// ---------------------------------------------------------------------------------------------
// Step 2: the stream — the first event-stream response that is not a redirect hop, and every
// later attempt at the same URL — each attempt with the redirect hops that lead to it and the
// preflight before its first request.

struct Attempt
{
    std::optional<qsizetype> preflight;
    QList<qsizetype> hops; // redirects first, the stream response last
};

struct StreamSelection
{
    QList<Attempt> attempts; // never empty
    QList<bool> used; // per entry of `all`: part of the stream
};

bool isStreamResponse(const ForeignEntry &entry)
{
    return isEventStreamEntry(entry) && redirectTarget(entry).isEmpty();
}

// The URLs of the file's streams, in the order their first requests started.
QList<QUrl> streamUrls(const QList<ForeignEntry> &all, const QString &entriesPointer)
{
    QList<QUrl> urls;
    for (const ForeignEntry &entry : all) {
        if (isStreamResponse(entry) && !urls.contains(entry.request.url)) {
            urls.append(entry.request.url);
        }
    }
    if (urls.isEmpty()) {
        fail(entriesPointer,
            HarText::tr("no event-stream request among the %1 entries (no eventsource entry, no text/event-stream "
               "response or Accept header)")
                .arg(all.size()));
    }
    return urls;
}

// The stream responses at `url`: the first request and its later attempts (reconnects).
QList<qsizetype> streamResponses(const QList<ForeignEntry> &all, const QUrl &url)
{
    QList<qsizetype> indexes;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (isStreamResponse(all.at(i)) && all.at(i).request.url == url) {
            indexes.append(i);
        }
    }
    return indexes;
}

// The redirect hops that lead to the stream response at `streamIndex`, walked back in time.
void collectRedirectHops(const QList<ForeignEntry> &all, qsizetype streamIndex, Attempt *attempt, QList<bool> *used)
{
    attempt->hops.prepend(streamIndex);
    (*used)[streamIndex] = true;
    QUrl target = all.at(streamIndex).request.url;
    for (qsizetype i = streamIndex - 1; i >= 0; --i) {
        if (!used->at(i) && redirectTarget(all.at(i)) == target && all.at(i).request.method != "OPTIONS") {
            attempt->hops.prepend(i);
            (*used)[i] = true;
            target = all.at(i).request.url;
        }
    }
}

// The attempt's preflight: the OPTIONS to the same URL nearest in time (Chrome may log it a
// millisecond after the request it precedes).
void findPreflight(const QList<ForeignEntry> &all, Attempt *attempt, QList<bool> *used)
{
    const ForeignEntry &firstHop = all.at(attempt->hops.first());
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    for (qsizetype i = 0; i < all.size(); ++i) {
        const ForeignEntry &candidate = all.at(i);
        if (used->at(i) || candidate.request.method != "OPTIONS"
            || !candidate.request.headers.contains("Access-Control-Request-Method")
            || candidate.request.url != firstHop.request.url) {
            continue;
        }
        const qint64 distance = qAbs(candidate.started.msecsTo(firstHop.started));
        if (distance < bestDistance && candidate.started <= firstHop.started.addMSecs(firstHop.durationMs)) {
            bestDistance = distance;
            attempt->preflight = i;
        }
    }
    if (attempt->preflight) {
        (*used)[*attempt->preflight] = true;
    }
}

StreamSelection selectStream(const QList<ForeignEntry> &all, const QUrl &url)
{
    StreamSelection selection;
    selection.used = QList<bool>(all.size(), false);
    const QList<qsizetype> streamIndexes = streamResponses(all, url);
    for (const qsizetype streamIndex : streamIndexes) {
        Attempt attempt;
        collectRedirectHops(all, streamIndex, &attempt, &selection.used);
        findPreflight(all, &attempt, &selection.used);
        selection.attempts.append(attempt);
    }
    return selection;
}

// ---------------------------------------------------------------------------------------------
// Step 3: the page's inputs, as far as the HAR tells them; what it cannot tell goes to `missing`.

struct PageInputs
{
    SessionInfo info;
    Origin origin;
    RequestIntent intent;
};

// The page origin: the Origin header, else the Referer's, else the stream's own.
Origin pageOrigin(const ForeignEntry &firstRequest, QStringList *missing)
{
    const QByteArray originHeader = firstRequest.request.headers.combinedValue("Origin");
    if (!originHeader.isEmpty() && originHeader != "null") {
        return Origin::fromString(QString::fromUtf8(originHeader));
    }
    if (const QByteArray referer = firstRequest.request.headers.combinedValue("Referer"); !referer.isEmpty()) {
        missing->append(HarText::tr("the page origin (no Origin header: taken from the Referer)"));
        return Origin::fromUrl(QUrl::fromEncoded(referer));
    }
    missing->append(HarText::tr("the page origin (no Origin or Referer header: assumed same-origin)"));
    return Origin::fromUrl(firstRequest.request.url);
}

SessionInfo sessionInfo(const QList<ForeignEntry> &all, const StreamSelection &stream, const BrowserProfile &profile,
    const Origin &origin, QStringList *missing)
{
    const ForeignEntry &firstRequest = all.at(stream.attempts.first().hops.first());
    QDateTime startedAt = firstRequest.started;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (stream.used.at(i) && all.at(i).started < startedAt) {
            startedAt = all.at(i).started;
        }
    }
    SessionInfo info;
    info.browser = profile.name;
    info.url = firstRequest.request.url;
    info.startedAt = startedAt;
    info.origin = origin.serialize();
    const bool eventSource = firstRequest.resourceType == QLatin1String("eventsource")
        || (firstRequest.resourceType.isEmpty()
            && firstRequest.request.headers.combinedValue("Accept").contains("text/event-stream")
            && firstRequest.request.method == "GET");
    info.mode = eventSource ? RequestMode::EventSource : RequestMode::Fetch;
    info.method = eventSource ? QByteArrayLiteral("GET") : firstRequest.request.method;
    if (firstRequest.resourceType.isEmpty()) {
        missing->append(HarText::tr("whether the page used EventSource or fetch (guessed %1 from the Accept header)")
                            .arg(requestModeName(info.mode)));
    }
    const bool sentCredentials = firstRequest.request.headers.contains("Cookie")
        || firstRequest.request.headers.contains("Authorization");
    info.credentials = sentCredentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    missing->append(HarText::tr("whether the page asked for credentials (withCredentials / credentials: 'include'): "
                       "assumed %1")
                        .arg(sentCredentials ? HarText::tr("yes, a Cookie or Authorization header was sent")
                                             : HarText::tr("no")));
    return info;
}

// The request the page made: its URL, mode, credentials, method and the headers it set.
RequestIntent requestIntent(const SessionInfo &info, const ForeignEntry &firstRequest,
    const ForeignEntry *preflight, QStringList *missing)
{
    RequestIntent intent;
    intent.url = info.url;
    intent.mode = info.mode;
    intent.withCredentials = info.credentials == CredentialsMode::Include;
    intent.fetchCredentials = info.credentials;
    intent.method = firstRequest.request.method;
    intent.hasBody = info.mode == RequestMode::Fetch && firstRequest.request.hasBody;
    intent.body = intent.hasBody ? firstRequest.postData : QByteArray();
    if (info.mode == RequestMode::Fetch && !preflight) {
        // No preflight to say which headers the page set: every header a browser does not add by
        // itself (and an Accept other than fetch's default).
        bool guessed = false;
        for (const HttpHeader &line : firstRequest.request.headers.lines()) {
            if (isBrowserSetHeader(line.name) || (headerNameEquals(line.name, "Accept") && line.value == "*/*")) {
                continue;
            }
            intent.extraHeaders.append(line.name, line.value);
            guessed = true;
        }
        if (guessed) {
            missing->append(HarText::tr("which headers the page set (taken to be those a browser does not add itself)"));
        }
    } else if (preflight) {
        // The headers the page set are the ones its preflight asked about.
        const QByteArray asked = preflight->request.headers.combinedValue("Access-Control-Request-Headers");
        for (const QByteArray &name : asked.split(',')) {
            const QByteArray trimmed = name.trimmed();
            if (!trimmed.isEmpty()) {
                intent.extraHeaders.append(trimmed, firstRequest.request.headers.combinedValue(trimmed));
            }
        }
    }
    return intent;
}

// ---------------------------------------------------------------------------------------------
// Step 4: the replay — each attempt's plan, preflight, redirect hops, head and body go through
// the browser's model in order, and its decisions are folded into the verdict (VerdictBuilder).

class Replay
{
public:
    Replay(const QList<ForeignEntry> &all, const BrowserProfile &profile, const PageInputs &page, QStringList &missing)
        : m_all(all)
        , m_model(profile, page.origin, page.intent)
        , m_missing(missing)
        , m_epochMs(page.info.startedAt.toMSecsSinceEpoch())
    {
        m_session.setInfo(page.info);
    }

    void run(const QList<Attempt> &attempts)
    {
        for (qsizetype a = 0; a < attempts.size(); ++a) {
            const Attempt &attempt = attempts.at(a);
            const int attemptNumber = int(a) + 1;
            const bool awaitingPreflight = planAttempt(attempt, a == 0);
            if (attempt.preflight) {
                replayPreflight(m_all.at(*attempt.preflight), attemptNumber, awaitingPreflight);
            }
            for (qsizetype h = 0; h < attempt.hops.size(); ++h) {
                const bool last = h == attempt.hops.size() - 1;
                replayHop(m_all.at(attempt.hops.at(h)), attemptNumber, last, a + 1 < attempts.size());
            }
        }
        m_verdict.setReconnects(qMax(0, int(attempts.size()) - 1));
    }

    // Step 5: what the replay could not tell, the events and chunks in arrival order, and the
    // final verdict.
    Session finish(int otherStreams)
    {
        if (m_eventsTimedAtEnd) {
            m_missing.append(HarText::tr("when each event arrived (the body was saved whole at the end: every event carries "
                                "the end time of its request)"));
        }
        if (m_bodyMissing) {
            m_missing.append(HarText::tr("the stream body (the browser did not save it): events unknown"));
        }
        if (otherStreams > 0) {
            m_missing.append(HarText::tr("%1 other event stream request(s) in the HAR (only the first stream URL is loaded)")
                                 .arg(otherStreams));
        }
        m_missing.append(HarText::tr("raw chunk boundaries, and the DNS, connect and TLS phases as Qt sees them"));

        std::stable_sort(m_events.begin(), m_events.end(),
            [](const RecordedEvent &a, const RecordedEvent &b) { return a.receivedMs < b.receivedMs; });
        std::stable_sort(m_chunks.begin(), m_chunks.end(),
            [](const RawChunk &a, const RawChunk &b) { return a.receivedMs < b.receivedMs; });
        m_session.appendChunks(m_chunks);
        m_session.appendEvents(m_events);

        m_session.addFindings({makeFinding("har.import-limits", m_missing.join(QStringLiteral("; ")))}, 0, 0);
        m_session.setVerdict(
            m_verdict.verdict(), m_session.exchanges().isEmpty() ? 0 : m_session.exchanges().last().endedMs);
        return m_session;
    }

private:
    // The attempt is evaluated only while the model goes on: the first one, or one the model
    // reconnects for. Returns whether the browser sends a preflight first.
    bool planAttempt(const Attempt &attempt, bool firstAttempt)
    {
        const bool evaluate = !m_stopped && (firstAttempt || m_lastAction == NextAction::Reconnect);
        if (!evaluate) {
            // The model does not reconnect: whatever this attempt carried, the page never had it.
            m_blocked = m_blocked || !m_stopped;
            m_stopped = true;
            return false;
        }
        const RequestPlan plan = m_model.planRequest();
        m_session.addFindings(plan.findings, 0, 0);
        m_verdict.addPlan(plan);
        if (!plan.sent) {
            m_stopped = true;
            m_blocked = true;
        } else if (plan.preflight && !plan.preflightFromCache && !attempt.preflight) {
            m_missing.append(HarText::tr("the preflight (OPTIONS) the browser sends first: not in the HAR, so the "
                                "diagnosis stops before it"));
            m_stopped = true;
        }
        return plan.sent && plan.preflight && !plan.preflightFromCache;
    }

    // A HAR entry that ended in a network error: the browser's own re-sends (Necko's, after a
    // connection closed before any answer) are inside that one entry and failed the same way.
    Decision failedEntry(NetworkErrorKind kind)
    {
        Decision decision = m_model.onNetworkError(kind);
        while (decision.networkResend) {
            decision = m_model.onNetworkError(kind);
        }
        return decision;
    }

    void replayPreflight(const ForeignEntry &entry, int attemptNumber, bool awaitingPreflight)
    {
        const SessionExchange exchange = record(entry, ExchangeKind::Preflight, attemptNumber);
        if (m_stopped || !awaitingPreflight) {
            return;
        }
        const Decision decision = entry.response ? m_model.onPreflightResponse(*entry.response)
                                                 : failedEntry(networkErrorKind(entry.error));
        applyDecision(decision, exchange.endedMs, exchange.id);
        if (decision.action != NextAction::SendRequest) {
            m_stopped = true;
            m_blocked = true;
        }
    }

    // One redirect hop, or (`last`) the stream response with its body.
    void replayHop(const ForeignEntry &entry, int attemptNumber, bool last, bool laterAttempt)
    {
        const SessionExchange exchange = record(entry, last ? ExchangeKind::Stream : ExchangeKind::Redirect, attemptNumber);
        const qint64 headMs = exchange.firstByteMs >= 0 ? exchange.firstByteMs : exchange.endedMs;
        QList<RecordedEvent> messages = parseMessages(entry.node, exchange.id, m_epochMs);
        if (m_stopped) {
            if (!m_blocked) {
                m_events.append(messages); // the diagnosis stopped short: what the file says the page got
            }
            return;
        }
        if (!entry.response && entry.error.isEmpty()) {
            // Still pending when the HAR was saved, or the tool left the answer out.
            m_missing.append(HarText::tr("the answer to %1 (the HAR has neither a response nor an error)")
                                 .arg(entry.request.url.toDisplayString()));
            m_stopped = true;
            m_events.append(messages);
            return;
        }
        const Decision decision = entry.response ? m_model.onResponse(*entry.response)
                                                 : failedEntry(networkErrorKind(entry.error));
        applyDecision(decision, headMs, exchange.id);
        if (!last) {
            if (decision.action != NextAction::SendRequest) {
                m_stopped = true;
                m_blocked = true;
            } else if (decision.preflight) {
                m_missing.append(HarText::tr("the preflight of the redirected request: the diagnosis stops at the redirect"));
                m_stopped = true;
            }
            return;
        }
        if (decision.action == NextAction::WaitSniffing && !entry.body.isEmpty()) {
            applyDecision(m_model.onSniffedBody(entry.body.left(1024)), exchange.endedMs, exchange.id);
        }
        replayBody(entry, exchange, messages);
        // A later attempt in the HAR means this body ended; the last one may still have been open.
        if (laterAttempt && (m_lastAction == NextAction::Continue || m_lastAction == NextAction::WaitSniffing)) {
            applyDecision(m_model.onEndOfBody(), exchange.endedMs, exchange.id);
        }
    }

    // The body of an open stream: the saved messages, or else the events the parser finds in the
    // saved body (timed at the end of the request). Nothing of a body the model does not let
    // through reaches the page: a blocked stream's messages (the proxy saw them on the wire; an
    // intercept HAR keeps them) are not the page's events.
    void replayBody(const ForeignEntry &entry, const SessionExchange &exchange, QList<RecordedEvent> &messages)
    {
        if (m_lastAction != NextAction::Continue) {
            return;
        }
        if (!entry.body.isEmpty()) {
            ModelSink sink(m_model);
            EventStreamParser parser(sink);
            parser.feed(entry.body);
            m_session.addFindings(sink.findings, exchange.endedMs, exchange.id);
            if (messages.isEmpty()) {
                m_eventsTimedAtEnd = m_eventsTimedAtEnd || !sink.events.isEmpty();
                for (const SseEvent &event : std::as_const(sink.events)) {
                    messages.append(RecordedEvent{exchange.id, exchange.endedMs, event.type, event.data, event.lastEventId});
                }
            }
        } else if (messages.isEmpty()) {
            m_bodyMissing = true;
        } else {
            for (const RecordedEvent &event : std::as_const(messages)) {
                m_model.onEventDispatched(event.lastEventId, true);
            }
        }
        m_verdict.addEvents(quint64(messages.size()));
        m_events.append(messages);
    }

    void applyDecision(const Decision &decision, qint64 atMs, quint64 exchangeId)
    {
        m_session.addFindings(decision.findings, atMs, exchangeId);
        m_verdict.addDecision(decision);
        m_lastAction = decision.action;
        if (decision.action == NextAction::FailConnection) {
            m_stopped = true;
            m_blocked = true;
        }
        if (decision.action != NextAction::None) {
            m_session.setVerdict(m_verdict.verdict(), atMs, nextActionName(decision.action));
        }
    }

    SessionExchange record(const ForeignEntry &entry, ExchangeKind kind, int attemptNumber)
    {
        SessionExchange exchange;
        exchange.id = m_nextId++;
        exchange.kind = kind;
        exchange.attempt = attemptNumber;
        exchange.request = entry.request;
        exchange.plannedRequest = entry.request;
        exchange.response = entry.response;
        exchange.httpVersion = entry.httpVersion;
        exchange.startedMs = entry.started.toMSecsSinceEpoch() - m_epochMs;
        if (entry.response && entry.waitUntilFirstByteMs >= 0) {
            exchange.firstByteMs = exchange.startedMs + qMin(entry.waitUntilFirstByteMs, entry.durationMs);
        }
        exchange.endedMs = exchange.startedMs + entry.durationMs;
        exchange.bodyBytes = entry.hasBodyText ? entry.body.size() : entry.contentSize;
        exchange.netError = entry.error.startsWith(QLatin1String("net::")) ? entry.error.mid(5) : entry.error;
        if (!entry.body.isEmpty()) {
            exchange.chunks = 1;
            // The whole body as one chunk at the end: a HAR keeps no arrival times.
            RawChunk chunk;
            chunk.exchangeId = exchange.id;
            chunk.receivedMs = exchange.endedMs;
            chunk.size = entry.body.size();
            chunk.bytes = entry.body.left(m_session.limits().maxChunkBytes);
            m_chunks.append(chunk);
        }
        m_session.recordExchange(exchange);
        return exchange;
    }

    const QList<ForeignEntry> &m_all;
    EventSourceModel m_model;
    QStringList &m_missing;
    const qint64 m_epochMs;
    Session m_session;
    VerdictBuilder m_verdict;
    quint64 m_nextId = 1;
    QList<RecordedEvent> m_events;
    QList<RawChunk> m_chunks;
    bool m_eventsTimedAtEnd = false;
    bool m_bodyMissing = false;
    bool m_stopped = false; // the model has closed the connection: later attempts are not evaluated
    // Stopped because the model closed it (not for want of something the file lacks): no later
    // body reaches the page.
    bool m_blocked = false;
    NextAction m_lastAction = NextAction::None;
};

} // namespace

namespace {

// What the HAR cannot tell about the browser: the one it is diagnosed as, when that is not the
// one that saved (or recorded) the file.
void noteTheBrowser(HarImport::Producer producer, const BrowserProfile &profile, const QString &recordedAs,
    QStringList *missing)
{
    if (!recordedAs.isEmpty()) {
        missing->append(HarText::tr("the browser: recorded with %1, re-diagnosed as %2 from the file's entries")
                            .arg(BrowserProfile::fromName(recordedAs).displayName, profile.displayName));
        return;
    }
    const bool savedBy = (producer == HarImport::Producer::Chrome && profile.name == QLatin1String("chromium"))
        || (producer == HarImport::Producer::Firefox && profile.name == QLatin1String("firefox"));
    if (!savedBy && producer != HarImport::Producer::Other) {
        missing->append(HarText::tr("the browser: saved by %1's developer tools, diagnosed as %2")
                            .arg(producer == HarImport::Producer::Firefox ? QStringLiteral("Firefox")
                                                                          : QStringLiteral("Chrome"),
                                profile.displayName));
    }
}

// One stream (the requests at `url`) replayed through the model.
HarImport readForeignStream(const QList<ForeignEntry> &all, const QUrl &url, HarImport::Producer producer,
    const BrowserProfile &profile, const QString &recordedAs, int otherStreams)
{
    HarImport result;
    result.producer = producer;

    const StreamSelection stream = selectStream(all, url);
    result.skippedEntries = int(std::count(stream.used.cbegin(), stream.used.cend(), false));

    QStringList missing;
    noteTheBrowser(producer, profile, recordedAs, &missing);
    const Attempt &firstAttempt = stream.attempts.first();
    const ForeignEntry &firstRequest = all.at(firstAttempt.hops.first());
    PageInputs page;
    page.origin = pageOrigin(firstRequest, &missing);
    page.info = sessionInfo(all, stream, profile, page.origin, &missing);
    result.sanitized = !hasCredentialHeaders(all);
    if (result.sanitized) {
        missing.append(HarText::tr("cookies and Authorization (none in the HAR: saved sanitized, or none were sent)"));
    }
    missing.append(HarText::tr("the console messages (re-derived from the headers by the browser model)"));
    page.intent = requestIntent(
        page.info, firstRequest, firstAttempt.preflight ? &all.at(*firstAttempt.preflight) : nullptr, &missing);

    Replay replay(all, profile, page, missing);
    replay.run(stream.attempts);
    result.session = replay.finish(otherStreams);
    result.missing = missing;
    return result;
}

} // namespace

// Chrome's and Firefox's files (and ours, read as another browser): keep each stream's entries and
// re-run the diagnosis on them.
QList<HarImport> readForeign(const Node &log, HarImport::Producer producer, const BrowserProfile &profile,
    bool everyStream, const QString &recordedAs)
{
    const QList<ForeignEntry> all = readEntries(log);
    const QList<QUrl> urls = streamUrls(all, member(log.pointer(), "entries"));
    if (!everyStream) {
        // The first stream only; the stream responses at other URLs are named in its limits.
        const auto otherStreams = std::count_if(all.cbegin(), all.cend(), [&](const ForeignEntry &entry) {
            return isStreamResponse(entry) && entry.request.url != urls.first();
        });
        return {readForeignStream(all, urls.first(), producer, profile, recordedAs, int(otherStreams))};
    }
    QList<HarImport> results;
    for (const QUrl &url : urls) {
        results.append(readForeignStream(all, url, producer, profile, recordedAs, 0));
    }
    return results;
}

} // namespace SseScope::HarInput
