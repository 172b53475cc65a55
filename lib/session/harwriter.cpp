#include "harwriter.h"

#include "harformat_p.h"
#include "harjsonwriter_p.h"
#include "harsanitizer.h"
#include "session.h"

#include <common/logging.h>
#include <common/version.h>

#include <QCoreApplication>
#include <QHash>
#include <QSaveFile>

#include <algorithm>

namespace SseScope {

namespace {

QByteArray harHttpVersion(const QByteArray &version)
{
    if (version.isEmpty()) {
        return {};
    }
    return QByteArrayLiteral("HTTP/") + version;
}

QString resourceType(const SessionExchange &exchange, RequestMode mode)
{
    switch (exchange.kind) {
    case ExchangeKind::Preflight:
        return QStringLiteral("preflight");
    case ExchangeKind::Login:
        return QStringLiteral("fetch");
    case ExchangeKind::Redirect:
    case ExchangeKind::Stream:
        break;
    }
    return mode == RequestMode::EventSource ? QStringLiteral("eventsource") : QStringLiteral("fetch");
}

bool sameRequest(const RequestHead &a, const RequestHead &b)
{
    return a.method == b.method && a.url == b.url && a.headers == b.headers;
}

// One pass over the session, with the sanitizer applied to everything that leaves it.
class Writer
{
public:
    Writer(const Session &session, const HarOptions &options)
        : m_session(session)
        , m_options(options)
    {
        if (!options.keepSecrets) {
            m_sanitizer = HarSanitizer(session);
        }
        m_startedAt = session.info().startedAt.isValid() ? session.info().startedAt.toUTC()
                                                         : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        for (const RawChunk &chunk : session.chunks()) {
            m_chunks[chunk.exchangeId].append(&chunk);
            m_lastMs = std::max(m_lastMs, chunk.receivedMs);
        }
        for (const RecordedEvent &event : session.events()) {
            m_events[event.exchangeId].append(&event);
            m_lastMs = std::max(m_lastMs, event.receivedMs);
        }
        for (const SessionExchange &exchange : session.exchanges()) {
            m_lastMs = std::max({m_lastMs, exchange.startedMs, exchange.firstByteMs, exchange.endedMs});
        }
        for (const StateChange &change : session.stateChanges()) {
            m_lastMs = std::max(m_lastMs, change.atMs);
        }
    }

    QByteArray run()
    {
        m_json.beginObject();
        m_json.key("log");
        m_json.beginObject();
        m_json.key("version");
        m_json.value("1.2");
        m_json.key("creator");
        m_json.beginObject();
        m_json.key("name");
        m_json.value("ssescope");
        m_json.key("version");
        m_json.value(applicationVersion());
        m_json.endObject();
        writePages();
        m_json.key("entries");
        m_json.beginArray();
        for (const SessionExchange &exchange : m_session.exchanges()) {
            writeEntry(exchange);
        }
        m_json.endArray();
        writeExtension();
        m_json.endObject();
        m_json.endObject();
        return m_json.take();
    }

private:
    bool sanitize() const { return !m_options.keepSecrets; }
    QByteArray clean(const QByteArray &text) const { return sanitize() ? m_sanitizer.cleanText(text) : text; }
    QString clean(const QString &text) const { return sanitize() ? m_sanitizer.cleanText(text) : text; }
    QByteArray cleanUrl(const QUrl &url) const { return sanitize() ? m_sanitizer.cleanUrl(url) : url.toEncoded(); }
    HttpHeaders cleanHeaders(const HttpHeaders &headers) const
    {
        return sanitize() ? m_sanitizer.cleanHeaders(headers) : headers;
    }
    QString wallTime(qint64 ms) const { return Har::isoTime(m_startedAt.addMSecs(ms)); }

    void writePages()
    {
        m_json.key("pages");
        m_json.beginArray();
        m_json.beginObject();
        m_json.key("startedDateTime");
        m_json.value(wallTime(0));
        m_json.key("id");
        m_json.value(Har::pageId);
        m_json.key("title");
        m_json.value(m_session.info().origin);
        m_json.key("pageTimings");
        m_json.beginObject();
        m_json.endObject();
        m_json.endObject();
        m_json.endArray();
    }

    void writeHeaders(const HttpHeaders &headers)
    {
        m_json.key("headers");
        m_json.beginArray();
        for (const HttpHeader &line : headers.lines()) {
            m_json.beginObject();
            m_json.key("name");
            m_json.string(Har::jsonText(line.name));
            m_json.key("value");
            m_json.string(Har::jsonText(line.value));
            m_json.endObject();
        }
        m_json.endArray();
    }

    void writeNameValue(const QByteArray &name, const QByteArray &value)
    {
        m_json.key("name");
        m_json.string(Har::jsonText(name));
        m_json.key("value");
        m_json.string(Har::jsonText(value));
    }

    // HAR cookies arrays: parsed from the Cookie header (request) or the Set-Cookie lines (response).
    // A sanitized export has none: they are the secrets.
    void writeRequestCookies(const HttpHeaders &headers)
    {
        m_json.key("cookies");
        m_json.beginArray();
        if (!sanitize()) {
            for (const QByteArray &value : headers.values("Cookie")) {
                for (const QByteArray &pair : value.split(';')) {
                    const QByteArray trimmed = pair.trimmed();
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    const qsizetype eq = trimmed.indexOf('=');
                    m_json.beginObject();
                    writeNameValue(eq < 0 ? QByteArray() : trimmed.left(eq), eq < 0 ? trimmed : trimmed.mid(eq + 1));
                    m_json.endObject();
                }
            }
        }
        m_json.endArray();
    }

    void writeResponseCookies(const HttpHeaders &headers)
    {
        m_json.key("cookies");
        m_json.beginArray();
        if (!sanitize()) {
            for (const QByteArray &line : headers.values("Set-Cookie")) {
                const QList<QByteArray> parts = line.split(';');
                const QByteArray pair = parts.value(0).trimmed();
                const qsizetype eq = pair.indexOf('=');
                m_json.beginObject();
                writeNameValue(eq < 0 ? QByteArray() : pair.left(eq).trimmed(),
                    eq < 0 ? pair : pair.mid(eq + 1).trimmed());
                for (qsizetype i = 1; i < parts.size(); ++i) {
                    const QByteArray attribute = parts.at(i).trimmed();
                    const qsizetype aeq = attribute.indexOf('=');
                    const QByteArray name = (aeq < 0 ? attribute : attribute.left(aeq)).trimmed().toLower();
                    const QByteArray value = aeq < 0 ? QByteArray() : attribute.mid(aeq + 1).trimmed();
                    if (name == "path") {
                        m_json.key("path");
                        m_json.string(Har::jsonText(value));
                    } else if (name == "domain") {
                        m_json.key("domain");
                        m_json.string(Har::jsonText(value));
                    } else if (name == "expires") {
                        // Qt's RFC 2822 parser wants a numeric zone; cookies say "GMT".
                        QString date = QString::fromLatin1(value);
                        if (date.endsWith(QLatin1String(" GMT")) || date.endsWith(QLatin1String(" UTC"))) {
                            date.chop(4);
                            date += QLatin1String(" +0000");
                        }
                        const QDateTime expires = QDateTime::fromString(date, Qt::RFC2822Date);
                        if (expires.isValid()) {
                            m_json.key("expires");
                            m_json.value(Har::isoTime(expires));
                        }
                    } else if (name == "httponly") {
                        m_json.key("httpOnly");
                        m_json.value(true);
                    } else if (name == "secure") {
                        m_json.key("secure");
                        m_json.value(true);
                    } else if (name == "samesite") {
                        m_json.key("sameSite"); // Chrome's HAR member
                        m_json.string(Har::jsonText(value));
                    }
                }
                m_json.endObject();
            }
        }
        m_json.endArray();
    }

    void writeQueryString(const QByteArray &encodedUrl)
    {
        m_json.key("queryString");
        m_json.beginArray();
        const QUrl url = QUrl::fromEncoded(encodedUrl);
        if (url.hasQuery()) {
            for (const QByteArray &pair : url.query(QUrl::FullyEncoded).toLatin1().split('&')) {
                if (pair.isEmpty()) {
                    continue;
                }
                const qsizetype eq = pair.indexOf('=');
                m_json.beginObject();
                // Decoded, as Chrome and Firefox write them.
                writeNameValue(QByteArray::fromPercentEncoding(eq < 0 ? pair : pair.left(eq)),
                    eq < 0 ? QByteArray() : QByteArray::fromPercentEncoding(pair.mid(eq + 1)));
                m_json.endObject();
            }
        }
        m_json.endArray();
    }

    void writeRequest(const SessionExchange &exchange)
    {
        const QByteArray url = cleanUrl(exchange.request.url);
        m_json.key("request");
        m_json.beginObject();
        m_json.key("method");
        m_json.string(Har::jsonText(exchange.request.method));
        m_json.key("url");
        m_json.string(Har::jsonText(url));
        m_json.key("httpVersion");
        m_json.string(Har::jsonText(harHttpVersion(exchange.httpVersion)));
        writeRequestCookies(exchange.request.headers);
        writeHeaders(cleanHeaders(exchange.request.headers));
        writeQueryString(url);
        m_json.key("headersSize");
        m_json.value(-1);
        m_json.key("bodySize");
        m_json.value(exchange.request.hasBody ? exchange.requestBodySize : qint64(0));
        if (exchange.request.hasBody) {
            // The page's fetch body (HAR 1.2 postData), sanitized like the headers: token-like
            // JSON members and form fields masked (HarSanitizer::cleanBody).
            m_json.key("postData");
            m_json.beginObject();
            m_json.key("mimeType");
            const QByteArray type = exchange.request.headers.combinedValue("Content-Type");
            m_json.string(Har::jsonText(type.isNull() ? QByteArray() : clean(type)));
            m_json.key("text");
            m_json.string(Har::jsonText(
                sanitize() ? m_sanitizer.cleanBody(exchange.requestBody) : exchange.requestBody));
            m_json.endObject();
        }
        m_json.endObject();
    }

    QByteArray keptBody(quint64 exchangeId) const
    {
        QByteArray body;
        for (const RawChunk *chunk : m_chunks.value(exchangeId)) {
            body.append(chunk->bytes);
        }
        return body;
    }

    // The login answer may carry a token in its body; a sanitized export leaves it out.
    bool omitsBody(const SessionExchange &exchange) const
    {
        return sanitize() && exchange.kind == ExchangeKind::Login;
    }

    void writeResponse(const SessionExchange &exchange)
    {
        m_json.key("response");
        m_json.beginObject();
        const ResponseHead head = exchange.response.value_or(ResponseHead{});
        m_json.key("status");
        m_json.value(head.status);
        m_json.key("statusText");
        m_json.string(Har::jsonText(head.reasonPhrase));
        m_json.key("httpVersion");
        m_json.string(exchange.response ? Har::jsonText(harHttpVersion(exchange.httpVersion)) : QByteArray());
        writeResponseCookies(head.headers);
        const HttpHeaders writtenHeaders = cleanHeaders(head.headers);
        writeHeaders(writtenHeaders);

        m_json.key("content");
        m_json.beginObject();
        m_json.key("size");
        m_json.value(exchange.bodyBytes);
        m_json.key("mimeType");
        // As the header above says it (sanitized alike), or a re-import would read another type.
        const QByteArray contentType = writtenHeaders.combinedValue("Content-Type");
        m_json.string(Har::jsonText(contentType.isNull() ? QByteArrayLiteral("x-unknown") : contentType));
        const QByteArray body = omitsBody(exchange) ? QByteArray() : keptBody(exchange.id);
        if (!body.isEmpty()) {
            m_json.key("text");
            if (Har::isValidUtf8(body)) {
                m_json.string(body);
            } else {
                m_json.string(body.toBase64());
                m_json.key("encoding");
                m_json.value("base64");
            }
        }
        m_json.endObject();

        m_json.key("redirectURL");
        const QByteArray location = head.headers.combinedValue("Location");
        m_json.string(Har::jsonText(location.isNull() ? QByteArray() : clean(location)));
        m_json.key("headersSize");
        m_json.value(-1);
        m_json.key("bodySize");
        m_json.value(exchange.response ? exchange.bodyBytes : qint64(-1));
        if (!exchange.netError.isEmpty()) {
            m_json.key("_error"); // Chrome's member for a failed request
            m_json.value(QStringLiteral("net::") + exchange.netError);
        }
        m_json.endObject();
    }

    void writeTimings(const SessionExchange &exchange, qint64 endMs)
    {
        const qint64 wait = (exchange.firstByteMs >= 0 ? exchange.firstByteMs : endMs) - exchange.startedMs;
        const qint64 receive = exchange.firstByteMs >= 0 ? endMs - exchange.firstByteMs : 0;
        m_json.key("cache");
        m_json.beginObject();
        m_json.endObject();
        m_json.key("timings");
        m_json.beginObject();
        // Qt does not tell the client when DNS, connect or TLS happened: -1 is HAR's "not known".
        m_json.key("blocked");
        m_json.value(-1);
        m_json.key("dns");
        m_json.value(-1);
        m_json.key("connect");
        m_json.value(-1);
        m_json.key("send");
        m_json.value(0);
        m_json.key("wait");
        m_json.value(std::max<qint64>(0, wait));
        m_json.key("receive");
        m_json.value(std::max<qint64>(0, receive));
        m_json.key("ssl");
        m_json.value(-1);
        m_json.endObject();
    }

    void writeEventSourceMessages(const SessionExchange &exchange)
    {
        if (exchange.kind != ExchangeKind::Stream) {
            return;
        }
        const qint64 epochMs = m_startedAt.toMSecsSinceEpoch();
        m_json.key("_eventSourceMessages");
        m_json.beginArray();
        for (const RecordedEvent *event : m_events.value(exchange.id)) {
            m_json.beginInlineObject(); // one line per event: a million of them stay readable
            m_json.key("time");
            m_json.rawNumber(Har::epochSeconds(epochMs + event->receivedMs));
            m_json.key("eventName");
            m_json.string(Har::jsonText(event->type));
            m_json.key("eventId");
            m_json.string(Har::jsonText(event->lastEventId));
            m_json.key("data");
            m_json.string(Har::jsonText(event->data));
            // Our own marks, only where they say something (a Chrome file has none of them, and a
            // file of ours without them reads back the same): whether the event carried its own
            // `id:` field, and what ReplayCheck found across a reconnect.
            if (event->hasId) {
                m_json.key("_hasId");
                m_json.value(true);
            }
            if (event->replay != RecordedEvent::Replay::None) {
                m_json.key("_replay");
                m_json.value(Har::replayMarkName(event->replay));
            }
            if (event->missedBefore > 0) {
                m_json.key("_missedBefore");
                m_json.value(quint64(event->missedBefore));
            }
            m_json.endObject();
        }
        m_json.endArray();
    }

    void writeRequestHead(const RequestHead &head)
    {
        m_json.beginObject();
        m_json.key("method");
        m_json.string(Har::jsonText(head.method));
        m_json.key("url");
        m_json.string(Har::jsonText(cleanUrl(head.url)));
        writeHeaders(cleanHeaders(head.headers));
        m_json.endObject();
    }

    void writeEntryExtension(const SessionExchange &exchange)
    {
        m_json.key("_ssescope");
        m_json.beginObject();
        m_json.key("exchangeId");
        m_json.value(exchange.id);
        m_json.key("kind");
        m_json.value(exchangeKindName(exchange.kind));
        m_json.key("attempt");
        m_json.value(exchange.attempt);
        m_json.key("startedMs");
        m_json.value(exchange.startedMs);
        m_json.key("firstByteMs");
        m_json.value(exchange.firstByteMs);
        m_json.key("endedMs");
        m_json.value(exchange.endedMs);
        m_json.key("bodyBytes");
        m_json.value(exchange.bodyBytes);
        m_json.key("chunks");
        m_json.value(exchange.chunks);
        m_json.key("bodyDecompressed");
        m_json.value(exchange.bodyDecompressed);
        m_json.key("netError");
        m_json.value(exchange.netError);
        m_json.key("errorDetail");
        m_json.value(clean(exchange.errorDetail));
        m_json.key("closedByClient");
        m_json.value(exchange.closedByClient);
        m_json.key("transportAddedHeaders");
        m_json.beginInlineArray();
        for (const QByteArray &name : exchange.transportAddedHeaders) {
            m_json.string(Har::jsonText(name));
        }
        m_json.endArray();
        if (!sameRequest(exchange.plannedRequest, exchange.request)) {
            m_json.key("plannedRequest");
            writeRequestHead(exchange.plannedRequest);
        }
        if (omitsBody(exchange)) {
            m_json.key("bodyOmitted");
            m_json.value("sanitized");
        }
        // [receivedMs, offset, size, kept, events]: the body's chunks as they arrived; `kept` bytes
        // of each are in content.text, in order.
        m_json.key("rawChunks");
        m_json.beginArray();
        const bool bodyWritten = !omitsBody(exchange);
        for (const RawChunk *chunk : m_chunks.value(exchange.id)) {
            m_json.beginInlineArray();
            m_json.value(chunk->receivedMs);
            m_json.value(chunk->offset);
            m_json.value(chunk->size);
            m_json.value(bodyWritten ? qint64(chunk->bytes.size()) : qint64(0));
            m_json.value(chunk->events);
            m_json.endArray();
        }
        m_json.endArray();
        m_json.endObject();
    }

    void writeEntry(const SessionExchange &exchange)
    {
        const qint64 endMs = exchange.endedMs >= 0 ? exchange.endedMs : std::max(m_lastMs, exchange.startedMs);
        m_json.beginObject();
        m_json.key("pageref");
        m_json.value(Har::pageId);
        m_json.key("startedDateTime");
        m_json.value(wallTime(exchange.startedMs));
        m_json.key("time");
        m_json.value(std::max<qint64>(0, endMs - exchange.startedMs));
        writeRequest(exchange);
        writeResponse(exchange);
        writeTimings(exchange, endMs);
        m_json.key("_resourceType");
        m_json.value(resourceType(exchange, m_session.info().mode));
        writeEventSourceMessages(exchange);
        writeEntryExtension(exchange);
        m_json.endObject();
    }

    // When the in-process mock wrote each event and when it arrived (the timeline's "held" bars).
    // Only sessions against the window's own mock have them; a file without them reads back the same.
    void writeServerWrites()
    {
        const QList<ServerWrite> &writes = m_session.serverWrites();
        if (writes.isEmpty()) {
            return;
        }
        m_json.key("serverWrites");
        m_json.beginArray();
        for (const ServerWrite &write : writes) {
            m_json.beginInlineObject();
            m_json.key("exchangeId");
            m_json.value(write.exchangeId);
            m_json.key("sequence");
            m_json.value(write.sequence);
            m_json.key("writtenMs");
            m_json.value(write.writtenMs);
            m_json.key("arrivedMs");
            m_json.value(write.arrivedMs);
            m_json.endObject();
        }
        m_json.endArray();
    }

    void writeExtension()
    {
        const SessionInfo &info = m_session.info();
        const Verdict &verdict = m_session.verdict();
        m_json.key("_ssescope");
        m_json.beginObject();
        m_json.key("format");
        m_json.value(Har::extensionFormat);
        m_json.key("sanitized");
        m_json.value(sanitize());

        m_json.key("session");
        m_json.beginObject();
        m_json.key("browser");
        m_json.value(info.browser);
        m_json.key("url");
        m_json.string(Har::jsonText(cleanUrl(info.url)));
        m_json.key("origin");
        m_json.value(info.origin);
        m_json.key("mode");
        m_json.value(requestModeName(info.mode));
        m_json.key("credentials");
        m_json.value(credentialsModeName(info.credentials));
        m_json.key("loginUrl");
        m_json.string(Har::jsonText(cleanUrl(info.loginUrl)));
        m_json.key("startedAt");
        m_json.value(wallTime(0));
        m_json.endObject();

        m_json.key("verdict");
        m_json.beginObject();
        m_json.key("opened");
        m_json.value(verdict.opened);
        m_json.key("failed");
        m_json.value(verdict.failed);
        m_json.key("readyState");
        m_json.value(readyStateName(verdict.readyState));
        m_json.key("events");
        m_json.value(verdict.events);
        m_json.key("reconnects");
        m_json.value(verdict.reconnects);
        m_json.key("console");
        m_json.beginArray();
        for (const QString &line : verdict.console) {
            m_json.value(clean(line));
        }
        m_json.endArray();
        m_json.endObject();

        m_json.key("stateChanges");
        m_json.beginArray();
        for (const StateChange &change : m_session.stateChanges()) {
            m_json.beginObject();
            m_json.key("atMs");
            m_json.value(change.atMs);
            m_json.key("readyState");
            m_json.value(readyStateName(change.readyState));
            m_json.key("reason");
            m_json.value(clean(change.reason));
            m_json.endObject();
        }
        m_json.endArray();

        writeServerWrites();

        m_json.key("findings");
        m_json.beginArray();
        for (const RecordedFinding &recorded : m_session.findings()) {
            const Finding &finding = recorded.finding;
            m_json.beginObject();
            m_json.key("id");
            m_json.value(finding.id);
            m_json.key("severity");
            m_json.value(severityName(finding.severity));
            m_json.key("title");
            m_json.value(clean(finding.title));
            m_json.key("detail");
            m_json.value(clean(finding.detail));
            m_json.key("fix");
            m_json.value(clean(finding.fix));
            m_json.key("raisedMs");
            m_json.value(recorded.raisedMs);
            m_json.key("exchangeId");
            m_json.value(recorded.exchangeId);
            m_json.endObject();
        }
        m_json.endArray();

        // The cookies' fates by name (no values): what the browser sent, stored or refused, and why.
        m_json.key("cookies");
        m_json.beginArray();
        for (const RecordedCookie &cookie : m_session.cookies()) {
            m_json.beginObject();
            m_json.key("exchangeId");
            m_json.value(cookie.exchangeId);
            m_json.key("direction");
            m_json.value(cookie.direction == RecordedCookie::Direction::Sent ? "sent" : "set");
            m_json.key("name");
            m_json.value(cookie.outcome.name);
            m_json.key("included");
            m_json.value(cookie.outcome.included);
            m_json.key("reasons");
            m_json.beginInlineArray();
            for (const QString &reason : cookie.outcome.reasons) {
                m_json.value(reason);
            }
            m_json.endArray();
            m_json.endObject();
        }
        m_json.endArray();

        m_json.key("dropped");
        m_json.beginObject();
        m_json.key("exchanges");
        m_json.value(m_session.exchangesDropped());
        m_json.key("chunks");
        m_json.value(m_session.chunksDropped());
        m_json.key("events");
        m_json.value(m_session.eventsDropped());
        m_json.endObject();
        m_json.endObject();
    }

    const Session &m_session;
    const HarOptions m_options;
    HarSanitizer m_sanitizer;
    QDateTime m_startedAt;
    qint64 m_lastMs = 0;
    QHash<quint64, QList<const RawChunk *>> m_chunks;
    QHash<quint64, QList<const RecordedEvent *>> m_events;
    HarJsonWriter m_json;
};

} // namespace

QByteArray HarWriter::toHar(const Session &session, const HarOptions &options)
{
    return Writer(session, options).run();
}

bool HarWriter::write(const Session &session, const QString &path, const HarOptions &options, QString *errorString)
{
    const QByteArray bytes = toHar(session, options);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        const QString message = QCoreApplication::translate("HarWriter", "cannot write %1: %2")
                                    .arg(path, file.errorString());
        qCDebug(lcSession).noquote() << message;
        if (errorString) {
            *errorString = message;
        }
        return false;
    }
    return true;
}

QString HarWriter::keepSecretsWarning(const QString &path)
{
    return QCoreApplication::translate("HarWriter",
        "warning: %1 keeps cookies, Authorization headers and tokens; do not share it")
        .arg(path);
}

} // namespace SseScope
