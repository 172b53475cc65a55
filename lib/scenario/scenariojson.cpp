#include "scenariojson.h"

#include "scenariojsonreader_p.h"

#include <QFile>
#include <QJsonParseError>
#include <QRegularExpression>

namespace SseScope {

QString ScenarioError::toString() const
{
    if (line > 0) {
        return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(reason);
    }
    return QStringLiteral("%1: %2").arg(file, reason);
}

namespace {

constexpr qsizetype maxFileBytes = 4 * 1024 * 1024; // a scenario is a few KiB; refuse anything absurd
constexpr int maxScriptEvents = 10000;
constexpr int maxMs = 24 * 3600 * 1000;

using ScenarioJsonInput::Reader;

void readCors(Reader &r, const QJsonObject &o, CorsPolicy &cors)
{
    const QString p = QStringLiteral("/cors");
    r.keys(o, p,
        {"allowOrigin", "allowlist", "values", "multipleAs", "allowCredentials", "varyOrigin", "exposeHeaders",
            "preflight"});
    r.enumeration<CorsPolicy::AllowOrigin>(o, p, "allowOrigin", cors.allowOrigin,
        {{"absent", CorsPolicy::AllowOrigin::Absent}, {"wildcard", CorsPolicy::AllowOrigin::Wildcard},
            {"echo", CorsPolicy::AllowOrigin::Echo}, {"fixed", CorsPolicy::AllowOrigin::Fixed},
            {"multiple", CorsPolicy::AllowOrigin::Multiple}, {"null", CorsPolicy::AllowOrigin::Null}});
    r.stringList(o, p, "allowlist", cors.allowlist);
    r.stringList(o, p, "values", cors.values);
    bool asLines = cors.multipleAsLines;
    r.enumeration<bool>(o, p, "multipleAs", asLines, {{"lines", true}, {"list", false}});
    cors.multipleAsLines = asLines;
    r.optionalString(o, p, "allowCredentials", cors.allowCredentials);
    r.boolean(o, p, "varyOrigin", cors.varyOrigin);
    r.stringList(o, p, "exposeHeaders", cors.exposeHeaders);
    if (!r.failed()
        && (cors.allowOrigin == CorsPolicy::AllowOrigin::Fixed || cors.allowOrigin == CorsPolicy::AllowOrigin::Multiple)
        && cors.values.isEmpty()) {
        r.fail(Reader::child(p, "allowOrigin"), QStringLiteral("\"fixed\" and \"multiple\" need \"values\""));
    }
    QJsonObject pre;
    if (r.object(o, p, "preflight", &pre)) {
        const QString pp = QStringLiteral("/cors/preflight");
        r.keys(pre, pp, {"handle", "status", "allowMethods", "allowHeaders", "maxAge"});
        r.boolean(pre, pp, "handle", cors.preflight.handle);
        r.integer(pre, pp, "status", cors.preflight.status, 100, 599);
        r.optionalString(pre, pp, "allowMethods", cors.preflight.allowMethods);
        r.optionalString(pre, pp, "allowHeaders", cors.preflight.allowHeaders);
        r.optionalInteger(pre, pp, "maxAge", cors.preflight.maxAge, -1, 365 * 24 * 3600);
    }
}

void readAuth(Reader &r, const QJsonObject &o, AuthPolicy &auth)
{
    const QString p = QStringLiteral("/auth");
    r.keys(o, p, {"mode", "cookie", "token", "queryParameter", "unauthorizedStatus"});
    r.enumeration<AuthPolicy::Mode>(o, p, "mode", auth.mode,
        {{"none", AuthPolicy::Mode::None}, {"cookie", AuthPolicy::Mode::Cookie}, {"bearer", AuthPolicy::Mode::Bearer},
            {"queryToken", AuthPolicy::Mode::QueryToken}});
    r.string(o, p, "token", auth.token);
    r.string(o, p, "queryParameter", auth.queryParameter);
    r.integer(o, p, "unauthorizedStatus", auth.unauthorizedStatus, 100, 599);
    QJsonObject c;
    if (r.object(o, p, "cookie", &c)) {
        const QString cp = QStringLiteral("/auth/cookie");
        CookieSpec &cookie = auth.cookie;
        r.keys(c, cp, {"name", "value", "sameSite", "secure", "httpOnly", "partitioned", "domain", "path", "maxAge"});
        r.string(c, cp, "name", cookie.name);
        r.string(c, cp, "value", cookie.value);
        r.enumeration<CookieSpec::SameSite>(c, cp, "sameSite", cookie.sameSite,
            {{"absent", CookieSpec::SameSite::Absent}, {"Lax", CookieSpec::SameSite::Lax},
                {"Strict", CookieSpec::SameSite::Strict}, {"None", CookieSpec::SameSite::None}});
        r.boolean(c, cp, "secure", cookie.secure);
        r.boolean(c, cp, "httpOnly", cookie.httpOnly);
        r.boolean(c, cp, "partitioned", cookie.partitioned);
        r.optionalString(c, cp, "domain", cookie.domain);
        r.optionalString(c, cp, "path", cookie.path);
        r.optionalInteger(c, cp, "maxAge", cookie.maxAge, -1, 400 * 24 * 3600);
        if (!r.failed()
            && (cookie.name.isEmpty() || cookie.name.contains(QLatin1Char('='))
                || cookie.name.contains(QLatin1Char(';')))) {
            r.fail(Reader::child(cp, "name"), QStringLiteral("the cookie name must be non-empty without '=' or ';'"));
        }
    }
}

void readResponse(Reader &r, const QJsonObject &o, ResponsePolicy &response)
{
    const QString p = QStringLiteral("/response");
    r.keys(
        o, p, {"status", "contentType", "cacheControl", "accelBuffering", "contentTypeOptions", "headers", "redirect"});
    r.integer(o, p, "status", response.status, 100, 599);
    r.optionalString(o, p, "contentType", response.contentType);
    r.optionalString(o, p, "cacheControl", response.cacheControl);
    r.optionalString(o, p, "accelBuffering", response.accelBuffering);
    r.optionalString(o, p, "contentTypeOptions", response.contentTypeOptions);
    r.headers(o, p, "headers", response.extraHeaders);
    QJsonObject redirect;
    if (r.object(o, p, "redirect", &redirect)) {
        const QString rp = QStringLiteral("/response/redirect");
        r.keys(redirect, rp, {"enabled", "status", "target", "withCors"});
        r.boolean(redirect, rp, "enabled", response.redirect.enabled);
        r.integer(redirect, rp, "status", response.redirect.status, 300, 399);
        r.string(redirect, rp, "target", response.redirect.target);
        r.boolean(redirect, rp, "withCors", response.redirect.withCors);
    }
}

void readStream(Reader &r, const QJsonObject &o, StreamPolicy &stream)
{
    const QString p = QStringLiteral("/stream");
    r.keys(o, p,
        {"source", "generator", "script", "loop", "ids", "retryMs", "openingComment", "heartbeat", "replay",
            "endAfterEvents", "endAfterMs", "dropEveryEvents", "broadcast", "replayBuffer", "replaySkew"});
    r.enumeration<StreamPolicy::Source>(o, p, "source", stream.source,
        {{"generator", StreamPolicy::Source::Generator}, {"script", StreamPolicy::Source::Script}});
    QJsonObject g;
    if (r.object(o, p, "generator", &g)) {
        const QString gp = QStringLiteral("/stream/generator");
        r.keys(g, gp, {"intervalMs", "eventTypes", "payloadBytes", "multiLine", "data"});
        r.integer(g, gp, "intervalMs", stream.generator.intervalMs, 1, maxMs);
        r.stringList(g, gp, "eventTypes", stream.generator.eventTypes);
        r.integer(g, gp, "payloadBytes", stream.generator.payloadBytes, 0, 1024 * 1024);
        r.boolean(g, gp, "multiLine", stream.generator.multiLine);
        r.optionalString(g, gp, "data", stream.generator.data, false);
    }
    const QJsonValue script = o.value(QLatin1String("script"));
    if (!r.failed() && !script.isUndefined()) {
        const QString sp = QStringLiteral("/stream/script");
        if (!script.isArray()) {
            r.fail(sp, QStringLiteral("\"script\" must be an array of events"));
        } else if (script.toArray().size() > maxScriptEvents) {
            r.fail(sp, QStringLiteral("\"script\" holds more than %1 events").arg(maxScriptEvents));
        } else {
            QList<ScriptedEvent> events;
            const QJsonArray array = script.toArray();
            for (int i = 0; i < array.size() && !r.failed(); ++i) {
                const QString ep = sp + QLatin1Char('/') + QString::number(i);
                if (!array.at(i).isObject()) {
                    r.fail(ep, QStringLiteral("each script entry must be an object"));
                    break;
                }
                const QJsonObject e = array.at(i).toObject();
                ScriptedEvent event;
                r.keys(e, ep, {"event", "data", "id", "retry", "comment", "raw", "delayMs"});
                r.optionalString(e, ep, "event", event.event);
                r.optionalString(e, ep, "data", event.data, false);
                r.optionalString(e, ep, "id", event.id);
                r.optionalInteger(e, ep, "retry", event.retry, 0, maxMs);
                r.optionalString(e, ep, "comment", event.comment);
                std::optional<QString> raw;
                r.optionalString(e, ep, "raw", raw, false);
                if (raw) {
                    event.raw = raw->toUtf8();
                }
                r.integer(e, ep, "delayMs", event.delayMs, 0, maxMs);
                events.append(event);
            }
            stream.script = events;
        }
    }
    r.boolean(o, p, "loop", stream.loopScript);
    r.boolean(o, p, "ids", stream.ids);
    r.optionalInteger(o, p, "retryMs", stream.retryMs, 0, maxMs);
    r.optionalString(o, p, "openingComment", stream.openingComment);
    QJsonObject h;
    if (r.object(o, p, "heartbeat", &h)) {
        const QString hp = QStringLiteral("/stream/heartbeat");
        r.keys(h, hp, {"intervalMs", "as"});
        r.integer(h, hp, "intervalMs", stream.heartbeat.intervalMs, 0, maxMs);
        r.enumeration<bool>(h, hp, "as", stream.heartbeat.asEvent, {{"comment", false}, {"event", true}});
    }
    r.boolean(o, p, "replay", stream.replay);
    r.integer(o, p, "endAfterEvents", stream.endAfterEvents, 0, 1000000000);
    r.integer(o, p, "endAfterMs", stream.endAfterMs, 0, maxMs);
    r.integer(o, p, "dropEveryEvents", stream.dropEveryEvents, 0, 1000000000);
    r.boolean(o, p, "broadcast", stream.broadcast);
    r.integer(o, p, "replayBuffer", stream.replayBuffer, 1, 100000);
    r.integer(o, p, "replaySkew", stream.replaySkew, -1000, 1000);
}

void readTransport(Reader &r, const QJsonObject &o, TransportPolicy &t)
{
    const QString p = QStringLiteral("/transport");
    r.keys(o, p, {"framing", "gzip", "gzipFlushEachWrite", "proxy", "drip", "headerDelayMs", "headersNeverEnd"});
    r.enumeration<TransportPolicy::Framing>(o, p, "framing", t.framing,
        {{"chunked", TransportPolicy::Framing::Chunked}, {"close", TransportPolicy::Framing::CloseDelimited}});
    r.boolean(o, p, "gzip", t.gzip);
    r.boolean(o, p, "gzipFlushEachWrite", t.gzipFlushEachWrite);
    QJsonObject proxy;
    if (r.object(o, p, "proxy", &proxy)) {
        const QString pp = QStringLiteral("/transport/proxy");
        r.keys(proxy, pp, {"enabled", "flushEveryEvents", "flushEveryMs"});
        r.boolean(proxy, pp, "enabled", t.proxy.enabled);
        r.integer(proxy, pp, "flushEveryEvents", t.proxy.flushEveryEvents, 0, 1000000);
        r.integer(proxy, pp, "flushEveryMs", t.proxy.flushEveryMs, 0, maxMs);
    }
    QJsonObject drip;
    if (r.object(o, p, "drip", &drip)) {
        const QString dp = QStringLiteral("/transport/drip");
        r.keys(drip, dp, {"bytes", "intervalMs"});
        r.integer(drip, dp, "bytes", t.dripBytes, 0, 1024 * 1024);
        r.integer(drip, dp, "intervalMs", t.dripIntervalMs, 1, maxMs);
    }
    r.integer(o, p, "headerDelayMs", t.headerDelayMs, 0, maxMs);
    r.boolean(o, p, "headersNeverEnd", t.headersNeverEnd);
}

// A Content-Type whose body is JSON: application/json or a +json type (MIME Sniffing's "JSON MIME
// type"), parameters ignored.
bool isJsonContentType(const QString &contentType)
{
    const QString essence = contentType.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    return essence == QLatin1String("application/json") || essence == QLatin1String("text/json")
        || (essence.endsWith(QLatin1String("+json")) && essence.contains(QLatin1Char('/')));
}

// What fetch() itself refuses, and what EventSource cannot do (Fetch §5.3 "new Request": a
// forbidden method, or a body with GET/HEAD, is a TypeError; HTML §9.2: EventSource GETs).
void checkClientRequest(Reader &r, const ClientSide &c)
{
    const QString p = QStringLiteral("/client");
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (!token.match(c.method).hasMatch()) {
        r.fail(Reader::child(p, "method"),
            QStringLiteral("\"method\" must be an HTTP method (a token), not \"%1\"").arg(c.method));
        return;
    }
    const QString upper = c.method.toUpper();
    if (upper == QLatin1String("CONNECT") || upper == QLatin1String("TRACE") || upper == QLatin1String("TRACK")) {
        r.fail(Reader::child(p, "method"),
            QStringLiteral("fetch() refuses the forbidden method %1 (a TypeError)").arg(c.method));
        return;
    }
    if (c.mode == ClientSide::Mode::EventSource) {
        if (upper != QLatin1String("GET")) {
            r.fail(Reader::child(p, "method"),
                QStringLiteral("EventSource always sends GET: \"method\" %1 needs \"mode\": \"fetch\"").arg(c.method));
        } else if (c.body) {
            r.fail(Reader::child(p, "body"),
                QStringLiteral("EventSource sends no body: \"body\" needs \"mode\": \"fetch\""));
        } else if (c.contentType) {
            r.fail(Reader::child(p, "contentType"),
                QStringLiteral("EventSource sends no body: \"contentType\" needs \"mode\": \"fetch\""));
        } else if (!c.readHeaders.isEmpty()) {
            r.fail(Reader::child(p, "readHeaders"),
                QStringLiteral("EventSource cannot read response headers: \"readHeaders\" needs \"mode\": \"fetch\""));
        }
        if (r.failed()) {
            return;
        }
    }
    if (c.body && (upper == QLatin1String("GET") || upper == QLatin1String("HEAD"))) {
        r.fail(Reader::child(p, "body"),
            QStringLiteral("fetch() refuses a body with %1 (TypeError: Request with GET/HEAD method cannot have body)")
                .arg(upper));
        return;
    }
    if (c.contentType && c.headers.contains("Content-Type")) {
        r.fail(Reader::child(p, "contentType"), QStringLiteral("Content-Type is given twice: here and in \"headers\""));
        return;
    }
    if (c.body && c.contentType && isJsonContentType(*c.contentType)) {
        // Any JSON text, scalars included: parsed as the one element of an array.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson('[' + c.body->toUtf8() + ']', &error);
        if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
            r.fail(Reader::child(p, "body"),
                QStringLiteral("\"body\" is not valid JSON, as its Content-Type %1 says it is: %2 at character %3")
                    .arg(*c.contentType,
                        error.error != QJsonParseError::NoError ? error.errorString()
                                                                : QStringLiteral("more than one value"))
                    .arg(qMax(0, error.offset - 1)));
        }
    }
}

void readClient(Reader &r, const QJsonObject &o, ClientSide &c)
{
    const QString p = QStringLiteral("/client");
    r.keys(
        o, p, {"mode", "withCredentials", "headers", "login", "path", "method", "body", "contentType", "readHeaders"});
    r.enumeration<ClientSide::Mode>(
        o, p, "mode", c.mode, {{"eventsource", ClientSide::Mode::EventSource}, {"fetch", ClientSide::Mode::Fetch}});
    r.boolean(o, p, "withCredentials", c.withCredentials);
    r.headers(o, p, "headers", c.headers);
    r.boolean(o, p, "login", c.loginFirst);
    r.string(o, p, "path", c.path);
    if (!r.failed() && !c.path.startsWith(QLatin1Char('/'))) {
        r.fail(Reader::child(p, "path"), QStringLiteral("\"path\" must start with '/'"));
    }
    r.string(o, p, "method", c.method);
    r.optionalString(o, p, "body", c.body, false);
    r.optionalString(o, p, "contentType", c.contentType);
    r.headerNames(o, p, "readHeaders", c.readHeaders);
    if (!r.failed()) {
        checkClientRequest(r, c);
    }
}

void readExpect(Reader &r, const QJsonObject &o, Expectation &e)
{
    const QString p = QStringLiteral("/expect");
    r.keys(o, p, {"opened", "failed", "minEvents", "maxEvents", "console", "streamStatus", "readHeaders"});
    e.present = true;
    r.boolean(o, p, "opened", e.opened);
    r.boolean(o, p, "failed", e.failed);
    r.integer(o, p, "minEvents", e.minEvents, 0, 1000000);
    r.optionalInteger(o, p, "maxEvents", e.maxEvents, 0, 1000000);
    r.string(o, p, "console", e.console);
    r.optionalInteger(o, p, "streamStatus", e.streamStatus, 100, 599);
    r.headerExpectations(o, p, "readHeaders", e.readHeaders);
}

} // namespace

namespace ScenarioJson {

std::optional<Scenario> parse(const QByteArray &json, const QString &fileName, ScenarioError *error)
{
    ScenarioError dummy;
    ScenarioError &err = error ? *error : dummy;
    err = ScenarioError {fileName, 0, 0, QString()};
    if (json.size() > maxFileBytes) {
        err.reason = QStringLiteral("the file is larger than %1 bytes").arg(maxFileBytes);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        JsonLocator::lineColumn(json, parseError.offset, &err.line, &err.column);
        err.reason = parseError.errorString();
        return std::nullopt;
    }
    Reader r(json, fileName);
    if (!document.isObject()) {
        r.fail(QString(), QStringLiteral("a scenario must be a JSON object"));
        err = r.error();
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    r.keys(root, QString(),
        {"$schema", "version", "name", "title", "summary", "notes", "cors", "auth", "response", "stream", "transport",
            "client", "expect"});
    if (!r.failed() && !root.contains(QLatin1String("version"))) {
        r.fail(QString(),
            QStringLiteral("\"version\" is missing (this build reads version %1)").arg(Scenario::formatVersion));
    }
    int version = 0;
    r.integer(root, QString(), "version", version, 0, 1000000);
    if (!r.failed() && version != Scenario::formatVersion) {
        r.fail(QStringLiteral("/version"),
            QStringLiteral("unsupported version %1 (this build reads version %2)")
                .arg(version)
                .arg(Scenario::formatVersion));
    }
    Scenario s;
    QString schema;
    r.string(root, QString(), "$schema", schema);
    r.string(root, QString(), "name", s.name);
    r.string(root, QString(), "title", s.title);
    r.string(root, QString(), "summary", s.summary);
    r.string(root, QString(), "notes", s.notes, false);
    QJsonObject section;
    if (r.object(root, QString(), "cors", &section)) {
        readCors(r, section, s.cors);
    }
    if (r.object(root, QString(), "auth", &section)) {
        readAuth(r, section, s.auth);
    }
    if (r.object(root, QString(), "response", &section)) {
        readResponse(r, section, s.response);
    }
    if (r.object(root, QString(), "stream", &section)) {
        readStream(r, section, s.stream);
    }
    if (r.object(root, QString(), "transport", &section)) {
        readTransport(r, section, s.transport);
    }
    if (r.object(root, QString(), "client", &section)) {
        readClient(r, section, s.client);
    }
    if (r.object(root, QString(), "expect", &section)) {
        readExpect(r, section, s.expect);
    }
    if (r.failed()) {
        err = r.error();
        return std::nullopt;
    }
    return s;
}

std::optional<Scenario> load(const QString &path, ScenarioError *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error = ScenarioError {path, 0, 0, file.errorString()};
        }
        return std::nullopt;
    }
    const QByteArray data = file.read(maxFileBytes + 1);
    return parse(data, path, error);
}

} // namespace ScenarioJson

} // namespace SseScope
