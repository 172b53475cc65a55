#include "interceptrecording.h"

#include <client/bodydecoder.h>
#include <common/version.h>
#include <session/harsanitizer.h>
#include <session/sessionreport.h>
#include <sse/eventstreamparser.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace SseScope {

namespace {

QJsonArray headersJson(const HttpHeaders &headers, const HarSanitizer *sanitizer)
{
    QJsonArray lines;
    // Keep the cleaned copy alive: lines() refers into it.
    const HttpHeaders shown = sanitizer ? sanitizer->cleanHeaders(headers) : headers;
    for (const HttpHeader &line : shown.lines()) {
        lines.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(line.name)},
            {QStringLiteral("value"), QString::fromUtf8(line.value)}});
    }
    return lines;
}

QJsonObject responseHeadJson(const ResponseHead &head, const HarSanitizer *sanitizer)
{
    return QJsonObject{{QStringLiteral("status"), head.status},
        {QStringLiteral("statusText"), QString::fromUtf8(head.reasonPhrase)},
        {QStringLiteral("headers"), headersJson(head.headers, sanitizer)}};
}

// The recorded body as the page reads it: content codings undone, as a browser does.
QByteArray pageBody(const InterceptedExchange &exchange, QList<std::pair<qint64, QByteArray>> *timed)
{
    const QByteArray coding = exchange.exchange.response
        ? exchange.exchange.response->headers.combinedValue("Content-Encoding").trimmed()
        : QByteArray();
    std::unique_ptr<BodyDecoder> decoder = coding.isEmpty() ? nullptr : BodyDecoder::create(coding);
    QByteArray body;
    for (const RawChunk &chunk : exchange.chunks) {
        const QByteArray bytes = decoder ? decoder->decode(chunk.bytes) : chunk.bytes;
        body += bytes;
        timed->append({chunk.receivedMs, bytes});
    }
    return body;
}

// Each event the page receives, timed by the chunk that completed it (Chrome's
// `_eventSourceMessages` form, which HarReader reads).
class TimedEvents final : public EventStreamSink
{
public:
    void event(const SseEvent &event) override
    {
        messages.append(QJsonObject{{QStringLiteral("time"), double(nowEpochMs) / 1000.0},
            {QStringLiteral("eventName"), event.type == "message" ? QString() : QString::fromUtf8(event.type)},
            {QStringLiteral("eventId"), QString::fromUtf8(event.lastEventId)},
            {QStringLiteral("data"), QString::fromUtf8(event.data)}});
    }
    qint64 nowEpochMs = 0;
    QJsonArray messages;
};

} // namespace

InterceptRecording::InterceptRecording(const QDateTime &startedAt, const QString &browser)
    : m_startedAt(startedAt)
    , m_browser(browser)
{
}

void InterceptRecording::add(const InterceptedExchange &exchange)
{
    m_exchanges.append(exchange);
    m_keptBytes += exchange.bodyBytesKept;
    while (m_exchanges.size() > 1 && (m_exchanges.size() > maxExchanges || m_keptBytes > maxKeptBytes)) {
        m_keptBytes -= m_exchanges.constFirst().bodyBytesKept;
        m_exchanges.removeFirst();
        ++m_dropped;
    }
}

// The stream with what led to it: the last preflight and the redirect hops before it.
QList<InterceptedExchange> InterceptRecording::streamContext(const InterceptedExchange &stream) const
{
    QList<InterceptedExchange> context{stream};
    QUrl target = stream.exchange.request.url;
    bool preflightFound = false;
    for (qsizetype i = m_exchanges.size() - 1; i >= 0; --i) {
        const InterceptedExchange &candidate = m_exchanges.at(i);
        const SessionExchange &e = candidate.exchange;
        if (e.id >= context.constFirst().exchange.id || e.startedMs > stream.exchange.startedMs) {
            continue;
        }
        if (!preflightFound && candidate.isPreflight() && e.request.url == target) {
            context.prepend(candidate);
            preflightFound = true;
            continue;
        }
        if (!e.response || e.response->status < 300 || e.response->status > 399 || e.request.method == "OPTIONS") {
            continue;
        }
        const QByteArray location = e.response->headers.combinedValue("Location");
        if (!location.isEmpty() && e.request.url.resolved(QUrl::fromEncoded(location)) == target && !preflightFound) {
            context.prepend(candidate);
            target = e.request.url;
        }
    }
    return context;
}

QByteArray InterceptRecording::harDocument(const QList<InterceptedExchange> &entries, bool keepSecrets) const
{
    std::optional<HarSanitizer> sanitizer;
    if (!keepSecrets) {
        Session secrets;
        for (const InterceptedExchange &exchange : entries) {
            secrets.recordExchange(exchange.exchange);
        }
        sanitizer.emplace(secrets);
    }
    const HarSanitizer *clean = sanitizer ? &*sanitizer : nullptr;
    const qint64 epochMs = m_startedAt.toMSecsSinceEpoch();
    QJsonArray harEntries;
    for (const InterceptedExchange &exchange : entries) {
        const SessionExchange &e = exchange.exchange;
        const qint64 endedMs = e.endedMs >= 0 ? e.endedMs : e.startedMs;
        QJsonObject request{{QStringLiteral("method"), QString::fromLatin1(e.request.method)},
            {QStringLiteral("url"),
                QString::fromUtf8(clean ? clean->cleanUrl(e.request.url) : e.request.url.toEncoded())},
            {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
            {QStringLiteral("headers"), headersJson(e.request.headers, clean)},
            {QStringLiteral("queryString"), QJsonArray()}, {QStringLiteral("cookies"), QJsonArray()},
            {QStringLiteral("headersSize"), -1}, {QStringLiteral("bodySize"), -1}};
        QList<std::pair<qint64, QByteArray>> timed;
        const QByteArray body = pageBody(exchange, &timed);
        QJsonObject content{{QStringLiteral("size"), double(body.size())},
            {QStringLiteral("mimeType"),
                e.response ? QString::fromUtf8(e.response->headers.combinedValue("Content-Type")) : QString()}};
        if (!body.isEmpty()) {
            const bool utf8 = QString::fromUtf8(body).toUtf8() == body;
            content.insert(QStringLiteral("text"), utf8 ? QString::fromUtf8(body) : QString::fromLatin1(body.toBase64()));
            if (!utf8) {
                content.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
            }
        }
        QJsonObject response = e.response ? responseHeadJson(*e.response, clean)
                                          : QJsonObject{{QStringLiteral("status"), 0},
                                              {QStringLiteral("statusText"), QString()},
                                              {QStringLiteral("headers"), QJsonArray()}};
        response.insert(QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1"));
        response.insert(QStringLiteral("cookies"), QJsonArray());
        response.insert(QStringLiteral("content"), content);
        response.insert(QStringLiteral("redirectURL"), QString());
        response.insert(QStringLiteral("headersSize"), -1);
        response.insert(QStringLiteral("bodySize"), -1);
        if (!e.netError.isEmpty() && !e.response) {
            response.insert(QStringLiteral("_error"), QString(QStringLiteral("net::") + e.netError));
        }
        const qint64 waitMs = e.firstByteMs >= 0 ? e.firstByteMs - e.startedMs : endedMs - e.startedMs;
        QJsonObject entry{
            {QStringLiteral("startedDateTime"), m_startedAt.addMSecs(e.startedMs).toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("time"), double(endedMs - e.startedMs)}, {QStringLiteral("request"), request},
            {QStringLiteral("response"), response}, {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"),
                QJsonObject{{QStringLiteral("send"), 0}, {QStringLiteral("wait"), double(waitMs)},
                    {QStringLiteral("receive"), double(qMax<qint64>(0, endedMs - e.startedMs - waitMs))}}}};
        if (exchange.isEventStream() && e.response && e.response->status >= 200 && e.response->status < 300) {
            TimedEvents sink;
            EventStreamParser parser(sink);
            for (const auto &[receivedMs, bytes] : std::as_const(timed)) {
                sink.nowEpochMs = epochMs + receivedMs;
                parser.feed(bytes);
            }
            entry.insert(QStringLiteral("_eventSourceMessages"), sink.messages);
        }
        QJsonObject intercept{{QStringLiteral("connection"), double(exchange.connection)},
            {QStringLiteral("tunneled"), exchange.tunneled}, {QStringLiteral("rewritten"), exchange.rewritten}};
        if (exchange.rewritten) {
            QJsonArray notes;
            for (const QByteArray &note : exchange.rewriteNotes) {
                notes.append(QString::fromUtf8(note));
            }
            intercept.insert(QStringLiteral("rewrites"), notes);
            if (exchange.originalResponse) {
                intercept.insert(QStringLiteral("originalResponse"), responseHeadJson(*exchange.originalResponse, clean));
            }
        }
        entry.insert(QStringLiteral("_ssescopeIntercept"), intercept);
        harEntries.append(entry);
    }
    const QString browserName = m_browser == QLatin1String("firefox") ? QStringLiteral("Firefox") : QStringLiteral("Chromium");
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("ssescope intercept")},
                {QStringLiteral("version"), applicationVersion()}}},
        {QStringLiteral("browser"), QJsonObject{{QStringLiteral("name"), browserName}, {QStringLiteral("version"), QString()}}},
        {QStringLiteral("pages"), QJsonArray()}, {QStringLiteral("entries"), harEntries}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

std::optional<HarImport> InterceptRecording::diagnose(const InterceptedExchange &stream, QString *error) const
{
    HarError harError;
    // Secrets are kept: the diagnosis needs the Cookie and Authorization the browser sent.
    std::optional<HarImport> result
        = HarReader::read(harDocument(streamContext(stream), true), QStringLiteral("intercept"), &harError);
    if (!result && error) {
        *error = harError.reason;
    }
    return result;
}

QJsonObject InterceptRecording::report(const InterceptedExchange &stream) const
{
    QString error;
    const std::optional<HarImport> diagnosed = diagnose(stream, &error);
    QJsonObject report;
    if (diagnosed) {
        report = sessionReportJson(diagnosed->session);
    } else {
        report.insert(QStringLiteral("error"), error);
    }
    QJsonObject intercept{{QStringLiteral("exchangeId"), double(stream.exchange.id)},
        {QStringLiteral("rewritten"), stream.rewritten}, {QStringLiteral("bodyBytes"), double(stream.exchange.bodyBytes)}};
    if (stream.rewritten) {
        QJsonArray notes;
        for (const QByteArray &note : stream.rewriteNotes) {
            notes.append(QString::fromUtf8(note));
        }
        intercept.insert(QStringLiteral("rewrites"), notes);
        if (stream.originalResponse) {
            intercept.insert(QStringLiteral("originalResponse"), responseHeadJson(*stream.originalResponse, nullptr));
        }
    }
    report.insert(QStringLiteral("intercept"), intercept);
    return report;
}

QByteArray InterceptRecording::toHar(bool keepSecrets) const
{
    return harDocument(m_exchanges, keepSecrets);
}

bool InterceptRecording::writeHar(const QString &path, bool keepSecrets, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toHar(keepSecrets)) < 0 || !file.commit()) {
        if (error) {
            *error = QCoreApplication::translate("InterceptRecording", "cannot write %1: %2").arg(path, file.errorString());
        }
        return false;
    }
    return true;
}

} // namespace SseScope
