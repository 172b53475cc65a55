// Writing a Scenario as its versioned JSON (docs/scenario-format.md): every key, so a saved file
// documents itself, and ScenarioJson::parse(toJson(s)) == s.

#include "scenariojson.h"

#include <QJsonArray>

namespace SseScope {

namespace {

QJsonValue optionalToJson(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalToJson(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonArray headersToJson(const HttpHeaders &headers)
{
    QJsonArray array;
    for (const HttpHeader &h : headers.lines()) {
        array.append(QJsonArray {QString::fromLatin1(h.name), QString::fromUtf8(h.value)});
    }
    return array;
}

} // namespace

namespace ScenarioJson {

QJsonObject toJsonObject(const Scenario &s)
{
    QJsonObject cors {
        {QStringLiteral("allowOrigin"), allowOriginName(s.cors.allowOrigin)},
        {QStringLiteral("allowlist"), QJsonArray::fromStringList(s.cors.allowlist)},
        {QStringLiteral("values"), QJsonArray::fromStringList(s.cors.values)},
        {QStringLiteral("multipleAs"), s.cors.multipleAsLines ? QStringLiteral("lines") : QStringLiteral("list")},
        {QStringLiteral("allowCredentials"), optionalToJson(s.cors.allowCredentials)},
        {QStringLiteral("varyOrigin"), s.cors.varyOrigin},
        {QStringLiteral("exposeHeaders"), QJsonArray::fromStringList(s.cors.exposeHeaders)},
        {QStringLiteral("preflight"),
            QJsonObject {{QStringLiteral("handle"), s.cors.preflight.handle},
                {QStringLiteral("status"), s.cors.preflight.status},
                {QStringLiteral("allowMethods"), optionalToJson(s.cors.preflight.allowMethods)},
                {QStringLiteral("allowHeaders"), optionalToJson(s.cors.preflight.allowHeaders)},
                {QStringLiteral("maxAge"), optionalToJson(s.cors.preflight.maxAge)}}},
    };
    const CookieSpec &c = s.auth.cookie;
    QJsonObject auth {
        {QStringLiteral("mode"), authModeName(s.auth.mode)},
        {QStringLiteral("cookie"),
            QJsonObject {{QStringLiteral("name"), c.name}, {QStringLiteral("value"), c.value},
                {QStringLiteral("sameSite"), sameSiteName(c.sameSite)}, {QStringLiteral("secure"), c.secure},
                {QStringLiteral("httpOnly"), c.httpOnly}, {QStringLiteral("partitioned"), c.partitioned},
                {QStringLiteral("domain"), optionalToJson(c.domain)}, {QStringLiteral("path"), optionalToJson(c.path)},
                {QStringLiteral("maxAge"), optionalToJson(c.maxAge)}}},
        {QStringLiteral("token"), s.auth.token},
        {QStringLiteral("queryParameter"), s.auth.queryParameter},
        {QStringLiteral("unauthorizedStatus"), s.auth.unauthorizedStatus},
    };
    QJsonObject response {
        {QStringLiteral("status"), s.response.status},
        {QStringLiteral("contentType"), optionalToJson(s.response.contentType)},
        {QStringLiteral("cacheControl"), optionalToJson(s.response.cacheControl)},
        {QStringLiteral("accelBuffering"), optionalToJson(s.response.accelBuffering)},
        {QStringLiteral("contentTypeOptions"), optionalToJson(s.response.contentTypeOptions)},
        {QStringLiteral("headers"), headersToJson(s.response.extraHeaders)},
        {QStringLiteral("redirect"),
            QJsonObject {{QStringLiteral("enabled"), s.response.redirect.enabled},
                {QStringLiteral("status"), s.response.redirect.status},
                {QStringLiteral("target"), s.response.redirect.target},
                {QStringLiteral("withCors"), s.response.redirect.withCors}}},
    };
    QJsonArray script;
    for (const ScriptedEvent &e : s.stream.script) {
        QJsonObject item;
        if (e.event) {
            item.insert(QStringLiteral("event"), *e.event);
        }
        if (e.data) {
            item.insert(QStringLiteral("data"), *e.data);
        }
        if (e.id) {
            item.insert(QStringLiteral("id"), *e.id);
        }
        if (e.retry) {
            item.insert(QStringLiteral("retry"), *e.retry);
        }
        if (e.comment) {
            item.insert(QStringLiteral("comment"), *e.comment);
        }
        if (e.raw) {
            item.insert(QStringLiteral("raw"), QString::fromUtf8(*e.raw));
        }
        if (e.delayMs != 0) {
            item.insert(QStringLiteral("delayMs"), e.delayMs);
        }
        script.append(item);
    }
    QJsonObject stream {
        {QStringLiteral("source"),
            s.stream.source == StreamPolicy::Source::Script ? QStringLiteral("script") : QStringLiteral("generator")},
        {QStringLiteral("generator"),
            QJsonObject {{QStringLiteral("intervalMs"), s.stream.generator.intervalMs},
                {QStringLiteral("eventTypes"), QJsonArray::fromStringList(s.stream.generator.eventTypes)},
                {QStringLiteral("payloadBytes"), s.stream.generator.payloadBytes},
                {QStringLiteral("multiLine"), s.stream.generator.multiLine},
                {QStringLiteral("data"), optionalToJson(s.stream.generator.data)}}},
        {QStringLiteral("script"), script},
        {QStringLiteral("loop"), s.stream.loopScript},
        {QStringLiteral("ids"), s.stream.ids},
        {QStringLiteral("retryMs"), optionalToJson(s.stream.retryMs)},
        {QStringLiteral("openingComment"), optionalToJson(s.stream.openingComment)},
        {QStringLiteral("heartbeat"),
            QJsonObject {{QStringLiteral("intervalMs"), s.stream.heartbeat.intervalMs},
                {QStringLiteral("as"),
                    s.stream.heartbeat.asEvent ? QStringLiteral("event") : QStringLiteral("comment")}}},
        {QStringLiteral("replay"), s.stream.replay},
        {QStringLiteral("endAfterEvents"), s.stream.endAfterEvents},
        {QStringLiteral("endAfterMs"), s.stream.endAfterMs},
        {QStringLiteral("dropEveryEvents"), s.stream.dropEveryEvents},
        {QStringLiteral("broadcast"), s.stream.broadcast},
        {QStringLiteral("replayBuffer"), s.stream.replayBuffer},
        {QStringLiteral("replaySkew"), s.stream.replaySkew},
    };
    const TransportPolicy &t = s.transport;
    QJsonObject transport {
        {QStringLiteral("framing"), framingName(t.framing)},
        {QStringLiteral("gzip"), t.gzip},
        {QStringLiteral("gzipFlushEachWrite"), t.gzipFlushEachWrite},
        {QStringLiteral("proxy"),
            QJsonObject {{QStringLiteral("enabled"), t.proxy.enabled},
                {QStringLiteral("flushEveryEvents"), t.proxy.flushEveryEvents},
                {QStringLiteral("flushEveryMs"), t.proxy.flushEveryMs}}},
        {QStringLiteral("drip"),
            QJsonObject {{QStringLiteral("bytes"), t.dripBytes}, {QStringLiteral("intervalMs"), t.dripIntervalMs}}},
        {QStringLiteral("headerDelayMs"), t.headerDelayMs},
        {QStringLiteral("headersNeverEnd"), t.headersNeverEnd},
    };
    QJsonObject client {
        {QStringLiteral("mode"), clientModeName(s.client.mode)},
        {QStringLiteral("withCredentials"), s.client.withCredentials},
        {QStringLiteral("headers"), headersToJson(s.client.headers)},
        {QStringLiteral("login"), s.client.loginFirst},
        {QStringLiteral("path"), s.client.path},
        {QStringLiteral("method"), s.client.method},
        {QStringLiteral("body"), optionalToJson(s.client.body)},
        {QStringLiteral("contentType"), optionalToJson(s.client.contentType)},
        {QStringLiteral("readHeaders"), QJsonArray::fromStringList(s.client.readHeaders)},
    };
    QJsonObject root {
        {QStringLiteral("version"), Scenario::formatVersion},
        {QStringLiteral("name"), s.name},
        {QStringLiteral("title"), s.title},
        {QStringLiteral("summary"), s.summary},
        {QStringLiteral("notes"), s.notes},
        {QStringLiteral("cors"), cors},
        {QStringLiteral("auth"), auth},
        {QStringLiteral("response"), response},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("transport"), transport},
        {QStringLiteral("client"), client},
    };
    if (s.expect.present) {
        QJsonObject expect {{QStringLiteral("opened"), s.expect.opened}, {QStringLiteral("failed"), s.expect.failed},
            {QStringLiteral("minEvents"), s.expect.minEvents},
            {QStringLiteral("maxEvents"), optionalToJson(s.expect.maxEvents)},
            {QStringLiteral("console"), s.expect.console},
            {QStringLiteral("streamStatus"), optionalToJson(s.expect.streamStatus)}};
        if (!s.expect.readHeaders.isEmpty()) {
            QJsonObject readHeaders;
            for (auto it = s.expect.readHeaders.cbegin(); it != s.expect.readHeaders.cend(); ++it) {
                const ReadHeaderExpectation &e = it.value();
                readHeaders.insert(it.key(),
                    e.isNull ? QJsonValue(QJsonValue::Null) : e.value ? QJsonValue(*e.value) : QJsonValue(true));
            }
            expect.insert(QStringLiteral("readHeaders"), readHeaders);
        }
        root.insert(QStringLiteral("expect"), expect);
    }
    return root;
}

QByteArray toJson(const Scenario &scenario, QJsonDocument::JsonFormat format)
{
    return QJsonDocument(toJsonObject(scenario)).toJson(format);
}

} // namespace ScenarioJson

} // namespace SseScope
