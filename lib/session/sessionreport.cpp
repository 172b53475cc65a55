#include "sessionreport.h"

#include <browser/profile.h>
#include <common/version.h>

#include <QJsonArray>

namespace SseScope {

namespace {

QJsonArray headersJson(const HttpHeaders &headers)
{
    QJsonArray array;
    for (const HttpHeader &header : headers.lines()) {
        array.append(QJsonArray {QString::fromLatin1(header.name), QString::fromUtf8(header.value)});
    }
    return array;
}

QJsonValue msOrNull(qint64 ms)
{
    return ms < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(ms));
}

} // namespace

QJsonObject findingJson(const Finding &finding)
{
    return QJsonObject {
        {QStringLiteral("id"), finding.id},
        {QStringLiteral("severity"), severityName(finding.severity)},
        {QStringLiteral("title"), finding.title},
        {QStringLiteral("detail"), finding.detail},
        {QStringLiteral("fix"), finding.fix},
    };
}

QJsonObject verdictJson(const Verdict &verdict, const QList<QByteArray> &readHeaderNames)
{
    // CLI.md: what the page's `response.headers.get(NAME)` returned, or null.
    QJsonObject readHeaders;
    for (const QByteArray &name : readHeaderNames) {
        const std::optional<QByteArray> value = readHeaderValue(verdict, name);
        readHeaders.insert(QString::fromLatin1(name),
            value ? QJsonValue(QString::fromUtf8(*value)) : QJsonValue(QJsonValue::Null));
    }
    return QJsonObject {
        {QStringLiteral("readHeaders"), readHeaders},
        {QStringLiteral("opened"), verdict.opened},
        {QStringLiteral("failed"), verdict.failed},
        {QStringLiteral("readyState"), readyStateName(verdict.readyState)},
        {QStringLiteral("events"), double(verdict.events)},
        {QStringLiteral("reconnects"), verdict.reconnects},
        {QStringLiteral("console"), QJsonArray::fromStringList(verdict.console)},
    };
}

QJsonObject exchangeJson(const SessionExchange &exchange)
{
    QJsonObject object {
        {QStringLiteral("kind"), exchangeKindName(exchange.kind)},
        {QStringLiteral("request"),
            QJsonObject {
                {QStringLiteral("method"), QString::fromLatin1(exchange.request.method)},
                {QStringLiteral("url"), exchange.request.url.toString(QUrl::FullyEncoded)},
                {QStringLiteral("headers"), headersJson(exchange.request.headers)},
            }},
        {QStringLiteral("response"),
            exchange.response ? QJsonValue(QJsonObject {
                {QStringLiteral("status"), exchange.response->status},
                {QStringLiteral("headers"), headersJson(exchange.response->headers)},
            })
                              : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("startedMs"), double(exchange.startedMs)},
        {QStringLiteral("firstByteMs"), msOrNull(exchange.firstByteMs)},
        {QStringLiteral("endedMs"), msOrNull(exchange.endedMs)},
        // Additions.
        {QStringLiteral("id"), double(exchange.id)},
        {QStringLiteral("attempt"), exchange.attempt},
        {QStringLiteral("bodyBytes"), double(exchange.bodyBytes)},
    };
    if (!exchange.httpVersion.isEmpty()) {
        object.insert(QStringLiteral("httpVersion"), QString::fromUtf8(exchange.httpVersion));
    }
    if (!exchange.netError.isEmpty()) {
        object.insert(QStringLiteral("netError"), exchange.netError);
    }
    if (!exchange.transportAddedHeaders.isEmpty()) {
        QJsonArray names;
        for (const QByteArray &name : exchange.transportAddedHeaders) {
            names.append(QString::fromLatin1(name));
        }
        object.insert(QStringLiteral("transportAddedHeaders"), names);
    }
    if (exchange.bodyDecompressed) {
        object.insert(QStringLiteral("bodyDecompressed"), true);
    }
    if (exchange.closedByClient) {
        object.insert(QStringLiteral("closedByClient"), true);
    }
    return object;
}

QJsonObject sessionReportJson(const Session &session)
{
    const SessionInfo &info = session.info();
    QJsonObject request {
        {QStringLiteral("url"), info.url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("origin"), info.origin},
        {QStringLiteral("mode"), requestModeName(info.mode)},
        {QStringLiteral("method"), QString::fromLatin1(info.method)},
        {QStringLiteral("credentials"), credentialsModeName(info.credentials)},
    };
    if (!info.loginUrl.isEmpty()) {
        request.insert(QStringLiteral("login"), info.loginUrl.toString(QUrl::FullyEncoded));
    }

    QJsonArray exchanges;
    for (const SessionExchange &exchange : session.exchanges()) {
        exchanges.append(exchangeJson(exchange));
    }
    QJsonArray events;
    for (const RecordedEvent &event : session.events()) {
        events.append(QJsonObject {
            {QStringLiteral("type"), QString::fromUtf8(event.type)},
            {QStringLiteral("data"), QString::fromUtf8(event.data)},
            {QStringLiteral("lastEventId"), QString::fromUtf8(event.lastEventId)},
            {QStringLiteral("receivedMs"), double(event.receivedMs)},
        });
    }
    QJsonArray findings;
    for (const RecordedFinding &recorded : session.findings()) {
        findings.append(findingJson(recorded.finding));
    }
    QJsonArray cookies;
    for (const RecordedCookie &cookie : session.cookies()) {
        cookies.append(QJsonObject {
            {QStringLiteral("exchange"), double(cookie.exchangeId)},
            {QStringLiteral("direction"),
                cookie.direction == RecordedCookie::Direction::Sent ? QStringLiteral("sent") : QStringLiteral("set")},
            {QStringLiteral("name"), cookie.outcome.name},
            {QStringLiteral("included"), cookie.outcome.included},
            {QStringLiteral("reasons"), QJsonArray::fromStringList(cookie.outcome.reasons)},
        });
    }

    return QJsonObject {
        {QStringLiteral("tool"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("ssescope")},
                {QStringLiteral("version"), applicationVersion()}}},
        {QStringLiteral("browser"), info.browser},
        {QStringLiteral("request"), request},
        {QStringLiteral("verdict"), verdictJson(session.verdict(), info.readHeaders)},
        {QStringLiteral("exchanges"), exchanges},
        {QStringLiteral("events"), events},
        {QStringLiteral("findings"), findings},
        // Additions.
        {QStringLiteral("cookies"), cookies},
        {QStringLiteral("eventsDropped"), double(session.eventsDropped())},
    };
}

EngineResult engineResultOf(const Session &session)
{
    const BrowserProfile profile = BrowserProfile::fromName(session.info().browser);
    EngineResult result;
    result.browser = profile.name;
    result.displayName = profile.displayName;
    result.verdict = session.verdict();
    for (const RecordedFinding &recorded : session.findings()) {
        result.findings.append(recorded.finding);
    }
    return result;
}

} // namespace SseScope
