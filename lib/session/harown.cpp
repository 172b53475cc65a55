// Reading our own HAR files (a `log._ssescope` extension): the Session is rebuilt exactly from what
// HarWriter put in, so exporting the result gives the same bytes (docs/har.md "Import").

#include "harformat_p.h"
#include "harreader_p.h"

#include <QHash>
#include <QMap>

#include <algorithm>

namespace SseScope::HarInput {

namespace {

const QList<ExchangeKind> allKinds
    = {ExchangeKind::Preflight, ExchangeKind::Login, ExchangeKind::Redirect, ExchangeKind::Stream};
const QList<ReadyState> allStates = {ReadyState::Connecting, ReadyState::Open, ReadyState::Closed};
const QList<RequestMode> allModes = {RequestMode::EventSource, RequestMode::Fetch};
const QList<CredentialsMode> allCredentials = {CredentialsMode::Omit, CredentialsMode::SameOrigin, CredentialsMode::Include};
const QList<Severity> allSeverities = {Severity::Info, Severity::Warning, Severity::Error};

RequestHead parseRequestHead(const Node &node)
{
    RequestHead head;
    head.method = node.string("method").toUtf8();
    head.url = parseUrl(node, "url", true);
    head.headers = parseHeaders(node);
    return head;
}

} // namespace

HarImport readOwn(const Node &log, const Node &extension)
{
    HarImport result;
    result.producer = HarImport::Producer::SseScope;
    const qint64 format = extension.integer("format");
    if (format != Har::extensionFormat) {
        fail(member(extension.pointer(), "format"),
            HarText::tr("unsupported _ssescope format %1 (this version reads %2)").arg(format).arg(Har::extensionFormat));
    }
    result.sanitized = extension.boolean("sanitized");

    const Node sessionNode = extension.object("session");
    SessionInfo info;
    info.browser = sessionNode.string("browser");
    info.url = parseUrl(sessionNode, "url", true);
    info.origin = sessionNode.string("origin");
    info.mode = parseName(sessionNode, "mode", allModes, &requestModeName);
    info.credentials = parseName(sessionNode, "credentials", allCredentials, &credentialsModeName);
    info.loginUrl = parseUrl(sessionNode, "loginUrl", true);
    info.startedAt = parseTime(sessionNode, "startedAt");
    const qint64 epochMs = info.startedAt.toMSecsSinceEpoch();

    Session session;
    session.setInfo(info);

    QList<SessionExchange> exchanges;
    QList<RawChunk> chunks;
    QList<RecordedEvent> events;
    const QJsonArray entries = log.array("entries");
    const QString entriesPointer = member(log.pointer(), "entries");
    QHash<quint64, bool> ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Node entry = objectAt(entries, i, entriesPointer);
        const Node ext = entry.object("_ssescope");
        const Node request = entry.object("request");
        const Node response = entry.object("response");
        const Node content = response.object("content");

        SessionExchange exchange;
        exchange.id = quint64(ext.integer("exchangeId", 1));
        if (ids.contains(exchange.id)) {
            fail(member(ext.pointer(), "exchangeId"), HarText::tr("exchange %1 appears twice").arg(exchange.id));
        }
        ids.insert(exchange.id, true);
        exchange.kind = parseName(ext, "kind", allKinds, &exchangeKindName);
        exchange.attempt = int(qMin<qint64>(ext.integer("attempt", 0), std::numeric_limits<int>::max()));
        exchange.request = parseRequestHead(request);
        if (const std::optional<Node> postData = request.optionalObject("postData")) {
            // The page's body as written (sanitized or not); bodySize is its whole size.
            exchange.request.hasBody = true;
            exchange.requestBody = postData->optionalString("text").toUtf8();
            exchange.requestBodySize = request.integer("bodySize", 0);
        }
        exchange.plannedRequest = ext.has("plannedRequest") ? parseRequestHead(ext.object("plannedRequest"))
                                                            : exchange.request;
        exchange.plannedRequest.hasBody = exchange.request.hasBody;
        const QJsonArray added = ext.array("transportAddedHeaders");
        for (qsizetype k = 0; k < added.size(); ++k) {
            exchange.transportAddedHeaders.append(
                stringAt(added, k, member(ext.pointer(), "transportAddedHeaders")).toUtf8());
        }
        exchange.httpVersion = httpVersionOf(request.string("httpVersion"));
        const qint64 status = response.integer("status", 0);
        if (status > 0) {
            ResponseHead head;
            head.status = int(qMin<qint64>(status, 999));
            head.reasonPhrase = response.string("statusText").toUtf8();
            head.headers = parseHeaders(response);
            exchange.response = head;
        }
        exchange.startedMs = ext.integer("startedMs");
        exchange.firstByteMs = ext.integer("firstByteMs", -1);
        exchange.endedMs = ext.integer("endedMs", -1);
        exchange.bodyBytes = ext.integer("bodyBytes", 0);
        exchange.chunks = ext.integer("chunks", 0);
        exchange.bodyDecompressed = ext.boolean("bodyDecompressed");
        exchange.netError = ext.string("netError");
        exchange.errorDetail = ext.string("errorDetail");
        exchange.closedByClient = ext.boolean("closedByClient");
        exchanges.append(exchange);

        // The kept bytes of each chunk, in order, make up content.text.
        const QByteArray body = parseBody(content);
        const QJsonArray rawChunks = ext.array("rawChunks");
        const QString chunksPointer = member(ext.pointer(), "rawChunks");
        qsizetype at = 0;
        for (qsizetype k = 0; k < rawChunks.size(); ++k) {
            const QJsonArray row = rawChunks.at(k).toArray();
            const bool integral = row.size() == 5 && std::all_of(row.cbegin(), row.cend(), [](const QJsonValue &v) {
                return v.isDouble() && v.toInteger(-1) >= 0;
            });
            if (!integral) {
                fail(element(chunksPointer, k), HarText::tr("a raw chunk is [receivedMs, offset, size, kept, events], all integers"));
            }
            const qint64 kept = row.at(3).toInteger();
            if (kept > body.size() - at) {
                fail(element(chunksPointer, k), HarText::tr("the raw chunks keep more bytes than content.text holds"));
            }
            RawChunk chunk;
            chunk.exchangeId = exchange.id;
            chunk.receivedMs = row.at(0).toInteger();
            chunk.offset = row.at(1).toInteger();
            chunk.size = row.at(2).toInteger();
            chunk.bytes = body.mid(at, kept);
            chunk.events = int(qMin<qint64>(row.at(4).toInteger(), std::numeric_limits<int>::max()));
            at += kept;
            chunks.append(chunk);
        }
        if (at != body.size()) {
            fail(member(content.pointer(), "text"),
                HarText::tr("content.text holds %1 bytes but the raw chunks keep %2").arg(body.size()).arg(at));
        }
        events.append(parseMessages(entry, exchange.id, epochMs));
    }

    // Chunks and events are written per exchange; the Session keeps them in arrival order.
    std::stable_sort(chunks.begin(), chunks.end(),
        [](const RawChunk &a, const RawChunk &b) { return a.receivedMs < b.receivedMs; });
    std::stable_sort(events.begin(), events.end(),
        [](const RecordedEvent &a, const RecordedEvent &b) { return a.receivedMs < b.receivedMs; });
    for (const SessionExchange &exchange : std::as_const(exchanges)) {
        session.recordExchange(exchange);
    }
    session.appendChunks(chunks);
    session.appendEvents(events);

    // Written only for sessions against the window's own mock (harwriter.cpp).
    QMap<quint64, QList<ServerWrite>> writesByExchange;
    const QJsonArray writeArray = extension.optionalArray("serverWrites");
    for (qsizetype i = 0; i < writeArray.size(); ++i) {
        const Node node = objectAt(writeArray, i, member(extension.pointer(), "serverWrites"));
        ServerWrite write;
        write.exchangeId = quint64(node.integer("exchangeId", 0));
        write.sequence = quint64(node.integer("sequence", 1));
        write.writtenMs = node.integer("writtenMs");
        write.arrivedMs = node.integer("arrivedMs", -1);
        writesByExchange[write.exchangeId].append(write);
    }
    for (auto it = writesByExchange.cbegin(); it != writesByExchange.cend(); ++it) {
        session.recordServerWrites(it.key(), it.value());
    }

    QList<RecordedCookie> cookies;
    const QJsonArray cookieArray = extension.array("cookies");
    for (qsizetype i = 0; i < cookieArray.size(); ++i) {
        const Node node = objectAt(cookieArray, i, member(extension.pointer(), "cookies"));
        RecordedCookie cookie;
        cookie.exchangeId = quint64(node.integer("exchangeId", 0));
        const QString direction = node.string("direction");
        if (direction != QLatin1String("sent") && direction != QLatin1String("set")) {
            fail(member(node.pointer(), "direction"), HarText::tr("\"direction\" must be \"sent\" or \"set\""));
        }
        cookie.direction = direction == QLatin1String("sent") ? RecordedCookie::Direction::Sent
                                                              : RecordedCookie::Direction::Set;
        cookie.outcome.name = node.string("name");
        cookie.outcome.included = node.boolean("included");
        const QJsonArray reasons = node.array("reasons");
        for (qsizetype k = 0; k < reasons.size(); ++k) {
            cookie.outcome.reasons.append(stringAt(reasons, k, member(node.pointer(), "reasons")));
        }
        cookies.append(cookie);
    }
    session.appendCookies(cookies);

    const QJsonArray findings = extension.array("findings");
    for (qsizetype i = 0; i < findings.size(); ++i) {
        const Node node = objectAt(findings, i, member(extension.pointer(), "findings"));
        Finding finding;
        finding.id = node.string("id");
        finding.severity = parseName(node, "severity", allSeverities, &severityName);
        finding.title = node.string("title");
        finding.detail = node.string("detail");
        finding.fix = node.string("fix");
        session.addFindings({finding}, node.integer("raisedMs"), quint64(node.integer("exchangeId", 0)));
    }

    const Node verdictNode = extension.object("verdict");
    Verdict verdict;
    verdict.opened = verdictNode.boolean("opened");
    verdict.failed = verdictNode.boolean("failed");
    verdict.readyState = parseName(verdictNode, "readyState", allStates, &readyStateName);
    verdict.events = quint64(verdictNode.integer("events", 0));
    verdict.reconnects = int(qMin<qint64>(verdictNode.integer("reconnects", 0), std::numeric_limits<int>::max()));
    const QJsonArray console = verdictNode.array("console");
    for (qsizetype i = 0; i < console.size(); ++i) {
        verdict.console.append(stringAt(console, i, member(verdictNode.pointer(), "console")));
    }
    // The timeline: each recorded change of readyState, replayed in order, then the final verdict.
    const QJsonArray changes = extension.array("stateChanges");
    qint64 lastMs = 0;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const Node node = objectAt(changes, i, member(extension.pointer(), "stateChanges"));
        Verdict step = verdict;
        step.readyState = parseName(node, "readyState", allStates, &readyStateName);
        lastMs = node.integer("atMs");
        session.setVerdict(step, lastMs, node.string("reason"));
    }
    // Session::setVerdict records a first state change; a session that never had one (nothing
    // was started) keeps the default verdict, so its file reads back the same.
    const Verdict untouched;
    const bool isDefault = !verdict.opened && !verdict.failed && verdict.readyState == untouched.readyState
        && verdict.events == 0 && verdict.reconnects == 0 && verdict.console.isEmpty();
    if (!changes.isEmpty() || !isDefault) {
        session.setVerdict(verdict, lastMs);
    }

    const Node dropped = extension.object("dropped");
    dropped.integer("exchanges", 0); // checked; a Session cannot be told what an earlier one dropped
    dropped.integer("chunks", 0);
    dropped.integer("events", 0);

    result.session = session;
    return result;
}

} // namespace SseScope::HarInput
