#include "harreader.h"

#include "harformat_p.h"

#include <browser/eventsourcemodel.h>
#include <browser/profile.h>
#include <common/logging.h>
#include <scenario/jsonlocator.h>
#include <sse/eventstreamparser.h>

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <limits>

namespace SseScope {

QString HarError::toString() const
{
    if (line <= 0) {
        return fileName + QStringLiteral(": ") + reason;
    }
    return QStringLiteral("%1:%2:%3: %4").arg(fileName).arg(line).arg(column).arg(reason);
}

QString harProducerName(HarImport::Producer producer)
{
    switch (producer) {
    case HarImport::Producer::SseScope:
        return QStringLiteral("ssescope");
    case HarImport::Producer::Chrome:
        return QStringLiteral("chrome");
    case HarImport::Producer::Firefox:
        return QStringLiteral("firefox");
    case HarImport::Producer::Other:
        break;
    }
    return QStringLiteral("other");
}

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("HarReader", text);
}

// A fault in the file's shape: where (a JSON Pointer) and why. Thrown inside this file only and
// caught by HarReader::read, so no partly built Session ever leaves it.
struct Failure
{
    QString pointer;
    QString reason;
};

[[noreturn]] void fail(const QString &pointer, const QString &reason)
{
    throw Failure{pointer, reason};
}

QString member(const QString &pointer, const char *key)
{
    return pointer + u'/' + QLatin1String(key);
}

QString element(const QString &pointer, qsizetype index)
{
    return pointer + u'/' + QString::number(index);
}

// Typed access to the members of one JSON object, each fault named by its pointer.
class Node
{
public:
    Node(QJsonObject object, QString pointer)
        : m_object(std::move(object))
        , m_pointer(std::move(pointer))
    {
    }

    const QString &pointer() const { return m_pointer; }
    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }

    QJsonValue required(const char *key) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            fail(m_pointer, tr("missing member \"%1\"").arg(QLatin1String(key)));
        }
        return value;
    }

    Node object(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isObject()) {
            fail(member(m_pointer, key), tr("\"%1\" must be an object").arg(QLatin1String(key)));
        }
        return Node(value.toObject(), member(m_pointer, key));
    }
    std::optional<Node> optionalObject(const char *key) const
    {
        if (!has(key)) {
            return std::nullopt;
        }
        return object(key);
    }

    QJsonArray array(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isArray()) {
            fail(member(m_pointer, key), tr("\"%1\" must be an array").arg(QLatin1String(key)));
        }
        return value.toArray();
    }
    QJsonArray optionalArray(const char *key) const { return has(key) ? array(key) : QJsonArray(); }

    QString string(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isString()) {
            fail(member(m_pointer, key), tr("\"%1\" must be a string").arg(QLatin1String(key)));
        }
        return value.toString();
    }
    QString optionalString(const char *key, const QString &fallback = {}) const
    {
        return has(key) && !m_object.value(QLatin1String(key)).isNull() ? string(key) : fallback;
    }

    double number(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isDouble() || !std::isfinite(value.toDouble())) {
            fail(member(m_pointer, key), tr("\"%1\" must be a number").arg(QLatin1String(key)));
        }
        return value.toDouble();
    }
    double optionalNumber(const char *key, double fallback) const { return has(key) ? number(key) : fallback; }

    qint64 integer(const char *key, qint64 minimum = std::numeric_limits<qint64>::min()) const
    {
        const QJsonValue value = required(key);
        const qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 result = value.isDouble() ? value.toInteger(sentinel) : sentinel;
        if (result == sentinel || result < minimum) {
            fail(member(m_pointer, key),
                minimum == std::numeric_limits<qint64>::min()
                    ? tr("\"%1\" must be an integer").arg(QLatin1String(key))
                    : tr("\"%1\" must be an integer of at least %2").arg(QLatin1String(key)).arg(minimum));
        }
        return result;
    }

    bool boolean(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isBool()) {
            fail(member(m_pointer, key), tr("\"%1\" must be true or false").arg(QLatin1String(key)));
        }
        return value.toBool();
    }
    bool optionalBoolean(const char *key, bool fallback) const { return has(key) ? boolean(key) : fallback; }

private:
    QJsonObject m_object;
    QString m_pointer;
};

Node objectAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer)
{
    const QJsonValue value = array.at(index);
    if (!value.isObject()) {
        fail(element(arrayPointer, index), tr("must be an object"));
    }
    return Node(value.toObject(), element(arrayPointer, index));
}

QString stringAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer)
{
    const QJsonValue value = array.at(index);
    if (!value.isString()) {
        fail(element(arrayPointer, index), tr("must be a string"));
    }
    return value.toString();
}

QDateTime parseTime(const Node &node, const char *key)
{
    const QString text = node.string(key);
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        fail(member(node.pointer(), key), tr("\"%1\" is not an ISO 8601 date and time: %2").arg(QLatin1String(key), text));
    }
    return time.toUTC();
}

QUrl parseUrl(const Node &node, const char *key, bool allowEmpty = false)
{
    const QString text = node.string(key);
    if (text.isEmpty() && allowEmpty) {
        return {};
    }
    const QUrl url = QUrl::fromEncoded(text.toUtf8(), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative()) {
        fail(member(node.pointer(), key), tr("\"%1\" is not an absolute URL: %2").arg(QLatin1String(key), text));
    }
    return url;
}

HttpHeaders parseHeaders(const Node &node)
{
    HttpHeaders headers;
    const QJsonArray lines = node.array("headers");
    const QString pointer = member(node.pointer(), "headers");
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Node line = objectAt(lines, i, pointer);
        headers.append(line.string("name").toUtf8(), line.string("value").toUtf8());
    }
    return headers;
}

QByteArray httpVersionOf(const QString &harVersion)
{
    QByteArray version = harVersion.toLatin1();
    if (version.startsWith("HTTP/") || version.startsWith("http/")) {
        version = version.mid(5);
    }
    if (version == "2.0") {
        version = "2";
    } else if (harVersion.compare(QLatin1String("h2"), Qt::CaseInsensitive) == 0) {
        version = "2";
    } else if (harVersion.compare(QLatin1String("h3"), Qt::CaseInsensitive) == 0) {
        version = "3";
    }
    return version;
}

// content.text, base64-decoded when content.encoding says so.
QByteArray parseBody(const Node &content)
{
    if (!content.has("text")) {
        return {};
    }
    const QString text = content.string("text");
    const QString encoding = content.optionalString("encoding");
    if (encoding.isEmpty()) {
        return text.toUtf8();
    }
    if (encoding != QLatin1String("base64")) {
        fail(member(content.pointer(), "encoding"), tr("unsupported content encoding \"%1\"").arg(encoding));
    }
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        fail(member(content.pointer(), "text"), tr("content.text is not valid base64"));
    }
    return *decoded;
}

template<typename Enum>
Enum parseName(const Node &node, const char *key, const QList<Enum> &values, QString (*nameOf)(Enum))
{
    const QString text = node.string(key);
    for (const Enum value : values) {
        if (nameOf(value) == text) {
            return value;
        }
    }
    fail(member(node.pointer(), key), tr("unknown %1 \"%2\"").arg(QLatin1String(key), text));
}

const QList<ExchangeKind> allKinds
    = {ExchangeKind::Preflight, ExchangeKind::Login, ExchangeKind::Redirect, ExchangeKind::Stream};
const QList<ReadyState> allStates = {ReadyState::Connecting, ReadyState::Open, ReadyState::Closed};
const QList<RequestMode> allModes = {RequestMode::EventSource, RequestMode::Fetch};
const QList<CredentialsMode> allCredentials = {CredentialsMode::Omit, CredentialsMode::SameOrigin, CredentialsMode::Include};
const QList<Severity> allSeverities = {Severity::Info, Severity::Warning, Severity::Error};

// `_eventSourceMessages`: [{time (seconds since the epoch), eventName, eventId, data}].
QList<RecordedEvent> parseMessages(const Node &entry, quint64 exchangeId, qint64 epochMs)
{
    QList<RecordedEvent> events;
    const QJsonArray messages = entry.optionalArray("_eventSourceMessages");
    const QString pointer = member(entry.pointer(), "_eventSourceMessages");
    events.reserve(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const Node message = objectAt(messages, i, pointer);
        const double seconds = message.number("time");
        // Before 1970 is allowed: an entry dated so (a broken clock, a hand-edited file) is
        // imported, and our export writes its messages' times with the sign (harformat_p.h).
        if (!(std::abs(seconds) <= 1e13)) {
            fail(member(message.pointer(), "time"), tr("\"time\" is not seconds since the epoch"));
        }
        RecordedEvent event;
        event.exchangeId = exchangeId;
        event.receivedMs = qRound64(seconds * 1000.0) - epochMs;
        event.type = message.optionalString("eventName").toUtf8();
        if (event.type.isEmpty()) {
            event.type = QByteArrayLiteral("message");
        }
        event.lastEventId = message.optionalString("eventId").toUtf8();
        event.data = message.string("data").toUtf8();
        events.append(event);
    }
    return events;
}

// ---------------------------------------------------------------------------------------------
// Our own files: the Session is rebuilt from what the writer put in.

RequestHead parseRequestHead(const Node &node)
{
    RequestHead head;
    head.method = node.string("method").toUtf8();
    head.url = parseUrl(node, "url", true);
    head.headers = parseHeaders(node);
    return head;
}

HarImport readOwn(const Node &log, const Node &extension)
{
    HarImport result;
    result.producer = HarImport::Producer::SseScope;
    const qint64 format = extension.integer("format");
    if (format != Har::extensionFormat) {
        fail(member(extension.pointer(), "format"),
            tr("unsupported _ssescope format %1 (this version reads %2)").arg(format).arg(Har::extensionFormat));
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
            fail(member(ext.pointer(), "exchangeId"), tr("exchange %1 appears twice").arg(exchange.id));
        }
        ids.insert(exchange.id, true);
        exchange.kind = parseName(ext, "kind", allKinds, &exchangeKindName);
        exchange.attempt = int(qMin<qint64>(ext.integer("attempt", 0), std::numeric_limits<int>::max()));
        exchange.request = parseRequestHead(request);
        exchange.plannedRequest = ext.has("plannedRequest") ? parseRequestHead(ext.object("plannedRequest"))
                                                            : exchange.request;
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
                fail(element(chunksPointer, k), tr("a raw chunk is [receivedMs, offset, size, kept, events], all integers"));
            }
            const qint64 kept = row.at(3).toInteger();
            if (kept > body.size() - at) {
                fail(element(chunksPointer, k), tr("the raw chunks keep more bytes than content.text holds"));
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
                tr("content.text holds %1 bytes but the raw chunks keep %2").arg(body.size()).arg(at));
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

    QList<RecordedCookie> cookies;
    const QJsonArray cookieArray = extension.array("cookies");
    for (qsizetype i = 0; i < cookieArray.size(); ++i) {
        const Node node = objectAt(cookieArray, i, member(extension.pointer(), "cookies"));
        RecordedCookie cookie;
        cookie.exchangeId = quint64(node.integer("exchangeId", 0));
        const QString direction = node.string("direction");
        if (direction != QLatin1String("sent") && direction != QLatin1String("set")) {
            fail(member(node.pointer(), "direction"), tr("\"direction\" must be \"sent\" or \"set\""));
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

// ---------------------------------------------------------------------------------------------
// Chrome's and Firefox's files: keep the stream's entries and re-run the diagnosis on them.

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
        NetworkErrorKind::HostNotFound, NetworkErrorKind::TooManyRedirects, NetworkErrorKind::InvalidRedirect};
    for (const NetworkErrorKind kind : kinds) {
        if (chromiumNetErrorName(kind) == name) {
            return kind;
        }
    }
    return NetworkErrorKind::Other;
}

ForeignEntry parseForeignEntry(const Node &node, qsizetype index)
{
    ForeignEntry entry{index, node.pointer(), {}, 0, -1, {}, {}, {}, {}, false, 0, {}, {}, false, node};
    entry.started = parseTime(node, "startedDateTime");
    entry.durationMs = boundedMs(node.number("time"));
    const Node request = node.object("request");
    entry.request.method = request.string("method").toUtf8();
    entry.request.url = parseUrl(request, "url");
    entry.request.headers = parseHeaders(request);
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

HarImport readForeign(const Node &log, HarImport::Producer producer)
{
    HarImport result;
    result.producer = producer;

    const QJsonArray entryArray = log.array("entries");
    const QString entriesPointer = member(log.pointer(), "entries");
    QList<ForeignEntry> all;
    all.reserve(entryArray.size());
    for (qsizetype i = 0; i < entryArray.size(); ++i) {
        all.append(parseForeignEntry(objectAt(entryArray, i, entriesPointer), i));
    }
    std::stable_sort(all.begin(), all.end(),
        [](const ForeignEntry &a, const ForeignEntry &b) { return a.started < b.started; });

    // The stream: the first event-stream response that is not a redirect hop, and every later
    // attempt at the same URL.
    const auto isStreamResponse
        = [](const ForeignEntry &entry) { return isEventStreamEntry(entry) && redirectTarget(entry).isEmpty(); };
    const auto first = std::find_if(all.cbegin(), all.cend(), isStreamResponse);
    if (first == all.cend()) {
        fail(entriesPointer,
            tr("no event-stream request among the %1 entries (no eventsource entry, no text/event-stream "
               "response or Accept header)")
                .arg(entryArray.size()));
    }
    const QUrl streamUrl = first->request.url;
    QList<qsizetype> streamIndexes;
    int otherStreams = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (!isStreamResponse(all.at(i))) {
            continue;
        }
        if (all.at(i).request.url == streamUrl) {
            streamIndexes.append(i);
        } else {
            ++otherStreams;
        }
    }

    // Each attempt: the redirect hops that lead to it and the preflight before the first request.
    struct Attempt
    {
        std::optional<qsizetype> preflight;
        QList<qsizetype> hops; // redirects first, the stream response last
    };
    QList<Attempt> attempts;
    QList<bool> used(all.size(), false);
    for (const qsizetype streamIndex : std::as_const(streamIndexes)) {
        Attempt attempt;
        attempt.hops.prepend(streamIndex);
        used[streamIndex] = true;
        QUrl target = all.at(streamIndex).request.url;
        for (qsizetype i = streamIndex - 1; i >= 0; --i) {
            if (!used.at(i) && redirectTarget(all.at(i)) == target && all.at(i).request.method != "OPTIONS") {
                attempt.hops.prepend(i);
                used[i] = true;
                target = all.at(i).request.url;
            }
        }
        // Its preflight: the OPTIONS to the same URL nearest in time (Chrome may log it a
        // millisecond after the request it precedes).
        const ForeignEntry &firstHop = all.at(attempt.hops.first());
        qint64 bestDistance = std::numeric_limits<qint64>::max();
        for (qsizetype i = 0; i < all.size(); ++i) {
            const ForeignEntry &candidate = all.at(i);
            if (used.at(i) || candidate.request.method != "OPTIONS"
                || !candidate.request.headers.contains("Access-Control-Request-Method")
                || candidate.request.url != firstHop.request.url) {
                continue;
            }
            const qint64 distance = qAbs(candidate.started.msecsTo(firstHop.started));
            if (distance < bestDistance && candidate.started <= firstHop.started.addMSecs(firstHop.durationMs)) {
                bestDistance = distance;
                attempt.preflight = i;
            }
        }
        if (attempt.preflight) {
            used[*attempt.preflight] = true;
        }
        attempts.append(attempt);
    }
    result.skippedEntries = int(std::count(used.cbegin(), used.cend(), false));

    // The session's inputs, as far as the HAR tells them.
    const ForeignEntry &firstRequest = all.at(attempts.first().hops.first());
    QDateTime startedAt = firstRequest.started;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (used.at(i) && all.at(i).started < startedAt) {
            startedAt = all.at(i).started;
        }
    }
    QStringList missing;
    SessionInfo info;
    info.browser = producer == HarImport::Producer::Firefox ? QStringLiteral("firefox") : QStringLiteral("chromium");
    info.url = firstRequest.request.url;
    info.startedAt = startedAt;
    const QByteArray originHeader = firstRequest.request.headers.combinedValue("Origin");
    Origin origin;
    if (!originHeader.isEmpty() && originHeader != "null") {
        origin = Origin::fromString(QString::fromUtf8(originHeader));
    } else if (const QByteArray referer = firstRequest.request.headers.combinedValue("Referer"); !referer.isEmpty()) {
        origin = Origin::fromUrl(QUrl::fromEncoded(referer));
        missing.append(tr("the page origin (no Origin header: taken from the Referer)"));
    } else {
        origin = Origin::fromUrl(info.url);
        missing.append(tr("the page origin (no Origin or Referer header: assumed same-origin)"));
    }
    info.origin = origin.serialize();
    const bool eventSource = firstRequest.resourceType == QLatin1String("eventsource")
        || (firstRequest.resourceType.isEmpty()
            && firstRequest.request.headers.combinedValue("Accept").contains("text/event-stream")
            && firstRequest.request.method == "GET");
    info.mode = eventSource ? RequestMode::EventSource : RequestMode::Fetch;
    if (firstRequest.resourceType.isEmpty()) {
        missing.append(tr("whether the page used EventSource or fetch (guessed %1 from the Accept header)")
                           .arg(requestModeName(info.mode)));
    }
    const bool sentCredentials = firstRequest.request.headers.contains("Cookie")
        || firstRequest.request.headers.contains("Authorization");
    info.credentials = sentCredentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    missing.append(tr("whether the page asked for credentials (withCredentials / credentials: 'include'): "
                      "assumed %1")
                       .arg(sentCredentials ? QStringLiteral("yes, a Cookie or Authorization header was sent")
                                            : QStringLiteral("no")));
    result.sanitized = !hasCredentialHeaders(all);
    if (result.sanitized) {
        missing.append(tr("cookies and Authorization (none in the HAR: saved sanitized, or none were sent)"));
    }
    missing.append(tr("the console messages (re-derived from the headers by the browser model)"));

    RequestIntent intent;
    intent.url = info.url;
    intent.mode = info.mode;
    intent.withCredentials = info.credentials == CredentialsMode::Include;
    intent.fetchCredentials = info.credentials;
    intent.method = firstRequest.request.method;
    if (info.mode == RequestMode::Fetch && !attempts.first().preflight) {
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
            missing.append(tr("which headers the page set (taken to be those a browser does not add itself)"));
        }
    } else if (attempts.first().preflight) {
        // The headers the page set are the ones its preflight asked about.
        const QByteArray asked
            = all.at(*attempts.first().preflight).request.headers.combinedValue("Access-Control-Request-Headers");
        for (const QByteArray &name : asked.split(',')) {
            const QByteArray trimmed = name.trimmed();
            if (!trimmed.isEmpty()) {
                intent.extraHeaders.append(trimmed, firstRequest.request.headers.combinedValue(trimmed));
            }
        }
    }
    const BrowserProfile profile
        = producer == HarImport::Producer::Firefox ? BrowserProfile::firefox() : BrowserProfile::chromium();
    EventSourceModel model(profile, origin, intent);

    Session session;
    session.setInfo(info);
    const qint64 epochMs = startedAt.toMSecsSinceEpoch();
    VerdictBuilder verdict;
    quint64 nextId = 1;
    QList<RecordedEvent> allEvents;
    QList<RawChunk> allChunks;
    bool eventsTimedAtEnd = false;
    bool bodyMissing = false;
    bool stopped = false; // the model has closed the connection: later attempts are not evaluated
    NextAction lastAction = NextAction::None;

    auto applyDecision = [&](const Decision &decision, qint64 atMs, quint64 exchangeId) {
        session.addFindings(decision.findings, atMs, exchangeId);
        verdict.addDecision(decision);
        lastAction = decision.action;
        if (decision.action == NextAction::FailConnection) {
            stopped = true;
        }
        if (decision.action != NextAction::None) {
            session.setVerdict(verdict.verdict(), atMs, nextActionName(decision.action));
        }
    };
    auto record = [&](const ForeignEntry &entry, ExchangeKind kind, int attemptNumber) {
        SessionExchange exchange;
        exchange.id = nextId++;
        exchange.kind = kind;
        exchange.attempt = attemptNumber;
        exchange.request = entry.request;
        exchange.plannedRequest = entry.request;
        exchange.response = entry.response;
        exchange.httpVersion = entry.httpVersion;
        exchange.startedMs = entry.started.toMSecsSinceEpoch() - epochMs;
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
            chunk.bytes = entry.body.left(session.limits().maxChunkBytes);
            allChunks.append(chunk);
        }
        session.recordExchange(exchange);
        return exchange;
    };

    for (qsizetype a = 0; a < attempts.size(); ++a) {
        const Attempt &attempt = attempts.at(a);
        const int attemptNumber = int(a) + 1;
        const bool evaluate = !stopped && (a == 0 || lastAction == NextAction::Reconnect);
        bool awaitingPreflight = false;
        if (!evaluate && !stopped) {
            stopped = true;
        }
        if (evaluate) {
            const RequestPlan plan = model.planRequest();
            awaitingPreflight = plan.sent && plan.preflight && !plan.preflightFromCache;
            session.addFindings(plan.findings, 0, 0);
            verdict.addPlan(plan);
            if (!plan.sent) {
                stopped = true;
            } else if (plan.preflight && !plan.preflightFromCache && !attempt.preflight) {
                missing.append(tr("the preflight (OPTIONS) the browser sends first: not in the HAR, so the "
                                  "diagnosis stops before it"));
                stopped = true;
            }
        }
        if (attempt.preflight) {
            const ForeignEntry &entry = all.at(*attempt.preflight);
            const SessionExchange exchange = record(entry, ExchangeKind::Preflight, attemptNumber);
            if (!stopped && awaitingPreflight) {
                const Decision decision = entry.response
                    ? model.onPreflightResponse(*entry.response)
                    : model.onNetworkError(networkErrorKind(entry.error));
                applyDecision(decision, exchange.endedMs, exchange.id);
                if (decision.action != NextAction::SendRequest) {
                    stopped = true;
                }
            }
        }
        for (qsizetype h = 0; h < attempt.hops.size(); ++h) {
            const ForeignEntry &entry = all.at(attempt.hops.at(h));
            const bool last = h == attempt.hops.size() - 1;
            const SessionExchange exchange = record(entry, last ? ExchangeKind::Stream : ExchangeKind::Redirect, attemptNumber);
            const qint64 headMs = exchange.firstByteMs >= 0 ? exchange.firstByteMs : exchange.endedMs;
            QList<RecordedEvent> messages = parseMessages(entry.node, exchange.id, epochMs);
            if (stopped) {
                allEvents.append(messages);
                continue;
            }
            if (!entry.response && entry.error.isEmpty()) {
                // Still pending when the HAR was saved, or the tool left the answer out.
                missing.append(tr("the answer to %1 (the HAR has neither a response nor an error)")
                                   .arg(entry.request.url.toDisplayString()));
                stopped = true;
                allEvents.append(messages);
                continue;
            }
            Decision decision = entry.response ? model.onResponse(*entry.response)
                                               : model.onNetworkError(networkErrorKind(entry.error));
            applyDecision(decision, headMs, exchange.id);
            if (!last) {
                if (decision.action != NextAction::SendRequest) {
                    stopped = true;
                } else if (decision.preflight) {
                    missing.append(tr("the preflight of the redirected request: the diagnosis stops at the redirect"));
                    stopped = true;
                }
                continue;
            }
            if (decision.action == NextAction::WaitSniffing && !entry.body.isEmpty()) {
                applyDecision(model.onSniffedBody(entry.body.left(1024)), exchange.endedMs, exchange.id);
            }
            if (lastAction == NextAction::Continue && !entry.body.isEmpty()) {
                ModelSink sink(model);
                EventStreamParser parser(sink);
                parser.feed(entry.body);
                session.addFindings(sink.findings, exchange.endedMs, exchange.id);
                if (messages.isEmpty()) {
                    eventsTimedAtEnd = eventsTimedAtEnd || !sink.events.isEmpty();
                    for (const SseEvent &event : std::as_const(sink.events)) {
                        messages.append(RecordedEvent{exchange.id, exchange.endedMs, event.type, event.data, event.lastEventId});
                    }
                }
            } else if (lastAction == NextAction::Continue && messages.isEmpty()) {
                bodyMissing = true;
            } else if (lastAction == NextAction::Continue) {
                for (const RecordedEvent &event : std::as_const(messages)) {
                    model.onEventDispatched(event.lastEventId, true);
                }
            }
            if (lastAction == NextAction::Continue) {
                verdict.addEvents(quint64(messages.size()));
            }
            allEvents.append(messages);
            // A later attempt in the HAR means this body ended; the last one may still have been open.
            if (a + 1 < attempts.size() && (lastAction == NextAction::Continue || lastAction == NextAction::WaitSniffing)) {
                applyDecision(model.onEndOfBody(), exchange.endedMs, exchange.id);
            }
        }
    }
    verdict.setReconnects(qMax(0, int(attempts.size()) - 1));
    if (eventsTimedAtEnd) {
        missing.append(tr("when each event arrived (the body was saved whole at the end: every event carries "
                          "the end time of its request)"));
    }
    if (bodyMissing) {
        missing.append(tr("the stream body (the browser did not save it): events unknown"));
    }
    if (otherStreams > 0) {
        missing.append(tr("%1 other event stream request(s) in the HAR (only the first stream URL is loaded)")
                           .arg(otherStreams));
    }
    missing.append(tr("raw chunk boundaries, and the DNS, connect and TLS phases as Qt sees them"));

    std::stable_sort(allEvents.begin(), allEvents.end(),
        [](const RecordedEvent &a, const RecordedEvent &b) { return a.receivedMs < b.receivedMs; });
    std::stable_sort(allChunks.begin(), allChunks.end(),
        [](const RawChunk &a, const RawChunk &b) { return a.receivedMs < b.receivedMs; });
    session.appendChunks(allChunks);
    session.appendEvents(allEvents);

    session.addFindings({makeFinding("har.import-limits", missing.join(QStringLiteral("; ")))}, 0, 0);
    session.setVerdict(verdict.verdict(), session.exchanges().isEmpty() ? 0 : session.exchanges().last().endedMs);

    result.session = session;
    result.missing = missing;
    return result;
}

} // namespace

std::optional<HarImport> HarReader::read(QByteArrayView bytes, const QString &fileName, HarError *error)
{
    HarError failure;
    failure.fileName = fileName;
    auto refuse = [&](int line, int column, const QString &reason) -> std::optional<HarImport> {
        failure.line = line;
        failure.column = column;
        failure.reason = reason;
        qCDebug(lcSession).noquote() << "HAR refused:" << failure.toString();
        if (error) {
            *error = failure;
        }
        return std::nullopt;
    };
    if (bytes.size() > maxFileBytes) {
        return refuse(0, 0, tr("the file is larger than %1 MiB").arg(maxFileBytes / (1024 * 1024)));
    }
    const QByteArray text = bytes.toByteArray();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        int line = 0;
        int column = 0;
        JsonLocator::lineColumn(text, parseError.offset, &line, &column);
        const bool truncated = parseError.offset >= text.trimmed().size()
            || parseError.error == QJsonParseError::UnterminatedObject
            || parseError.error == QJsonParseError::UnterminatedArray
            || parseError.error == QJsonParseError::UnterminatedString;
        return refuse(line, column,
            truncated ? tr("not valid JSON (%1): the file looks truncated").arg(parseError.errorString())
                      : tr("not valid JSON: %1").arg(parseError.errorString()));
    }
    if (!document.isObject()) {
        return refuse(1, 1, tr("a HAR file is a JSON object with a \"log\" member"));
    }
    try {
        const Node root(document.object(), QString());
        const Node log = root.object("log");
        const QString version = log.string("version");
        if (version != QLatin1String("1.2") && version != QLatin1String("1.1")) {
            fail(member(log.pointer(), "version"), tr("unsupported HAR version \"%1\" (1.2 expected)").arg(version));
        }
        const Node creator = log.object("creator");
        const QString creatorName = creator.string("name");
        const QString creatorText = creatorName + u' ' + creator.string("version");
        HarImport result;
        if (log.has("_ssescope")) {
            result = readOwn(log, log.object("_ssescope"));
        } else {
            HarImport::Producer producer = HarImport::Producer::Other;
            const QString browserName = log.has("browser") ? log.object("browser").optionalString("name") : QString();
            if (creatorName == QLatin1String("WebInspector") || browserName.contains(QLatin1String("Chrom"))) {
                producer = HarImport::Producer::Chrome;
            } else if (creatorName == QLatin1String("Firefox") || browserName == QLatin1String("Firefox")) {
                producer = HarImport::Producer::Firefox;
            }
            result = readForeign(log, producer);
        }
        result.creator = creatorText;
        return result;
    } catch (const Failure &fault) {
        const JsonLocator locator(text);
        const JsonLocator::Position position = locator.find(fault.pointer);
        int line = 1;
        int column = 1;
        const qsizetype offset = position.keyOffset >= 0 ? position.keyOffset : position.valueOffset;
        if (offset >= 0) {
            JsonLocator::lineColumn(text, offset, &line, &column);
        }
        const QString where = fault.pointer.isEmpty() ? QStringLiteral("/") : fault.pointer;
        return refuse(line, column, fault.reason + QStringLiteral(" (at ") + where + u')');
    }
}

std::optional<HarImport> HarReader::readFile(const QString &path, HarError *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error = HarError{path, 0, 0, tr("cannot open: %1").arg(file.errorString())};
        }
        return std::nullopt;
    }
    if (file.size() > maxFileBytes) {
        if (error) {
            *error = HarError{path, 0, 0, tr("the file is larger than %1 MiB").arg(maxFileBytes / (1024 * 1024))};
        }
        return std::nullopt;
    }
    return read(file.readAll(), path, error);
}

} // namespace SseScope
