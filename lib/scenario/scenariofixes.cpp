#include "scenariofixes.h"

#include "scenariojson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace SseScope {

namespace {

// The table: finding id, the presets it repairs, when (JSON), patch (JSON).
struct Row
{
    const char *finding;
    QStringList presets;
    const char *when;
    const char *patch;
};

// Echo the page's exact origin, and say that the answer depends on it (Vary: Origin).
constexpr const char *kEchoOrigin = R"({"cors": {"allowOrigin": "echo", "varyOrigin": true}})";

const QList<Row> &rows()
{
    static const QList<Row> table {
        {"cors.wildcard-with-credentials", {QStringLiteral("wildcard-with-credentials")},
            R"({"cors": {"allowOrigin": "wildcard"}})", kEchoOrigin},
        {"cors.missing-allow-origin", {QStringLiteral("missing-allow-origin")},
            R"({"cors": {"allowOrigin": "absent"}, "response": {"redirect": {"enabled": false}}})", kEchoOrigin},
        {"cors.missing-allow-origin", {QStringLiteral("redirect-without-cors")},
            R"({"response": {"redirect": {"enabled": true, "withCors": false}}})",
            R"({"response": {"redirect": {"withCors": true}}})"},
        {"cors.multiple-allow-origin", {QStringLiteral("multiple-allow-origin")}, "{}", kEchoOrigin},
        {"cors.allow-origin-mismatch", {QStringLiteral("origin-mismatch")}, "{}", kEchoOrigin},
        {"cors.wildcard-on-authenticated-stream", {QStringLiteral("private-stream-wildcard")},
            R"({"cors": {"allowOrigin": "wildcard"}})", kEchoOrigin},
        {"cors.invalid-allow-credentials",
            {QStringLiteral("missing-allow-credentials"), QStringLiteral("allow-credentials-capitalized")}, "{}",
            R"({"cors": {"allowCredentials": "true"}})"},
        {"preflight.header-not-allowed", {QStringLiteral("preflight-missing-allow-headers")},
            R"({"cors": {"preflight": {"handle": true}}})",
            R"({"cors": {"preflight": {"allowHeaders": "Authorization"}}})"},
        {"preflight.missing-allow-origin", {QStringLiteral("preflight-not-handled")},
            R"({"cors": {"preflight": {"handle": false}}})",
            R"({"cors": {"preflight": {"handle": true, "allowHeaders": "Authorization"}}})"},
        {"eventsource.mime-type", {QStringLiteral("wrong-content-type")}, "{}",
            R"({"response": {"contentType": "text/event-stream"}})"},
        {"eventsource.mime-sniffing", {QStringLiteral("text-plain-sniffing")}, "{}",
            R"({"response": {"contentType": "text/event-stream"}})"},
        {"eventsource.charset", {QStringLiteral("non-utf8-charset")}, "{}",
            R"({"response": {"contentType": "text/event-stream; charset=utf-8"}})"},
        {"eventsource.status-204", {QStringLiteral("no-content-204")}, "{}", R"({"response": {"status": 200}})"},
        // A status the scenario chose (not an authentication refusal: that is the cookie's fault).
        {"eventsource.bad-status", {QStringLiteral("server-error-500")}, R"({"auth": {"mode": "none"}})",
            R"({"response": {"status": 200}})"},
        {"response.no-transform-missing", {QStringLiteral("public-wildcard")}, "{}",
            R"({"response": {"cacheControl": "no-cache, no-transform"}})"},
        {"response.content-encoding", {QStringLiteral("compressed-stream")}, R"({"transport": {"gzip": true}})",
            R"({"transport": {"gzip": false}})"},
        {"transport.buffered", {QStringLiteral("buffering-proxy")}, R"({"transport": {"proxy": {"enabled": true}}})",
            R"({"transport": {"proxy": {"enabled": false}}})"},
        {"stream.events-repeated", {QStringLiteral("replay-off-by-one")}, R"({"stream": {"replay": true}})",
            R"({"stream": {"replaySkew": 0}})"},
        {"stream.events-missed", {}, R"({"stream": {"replay": true}})", R"({"stream": {"replaySkew": 0}})"},
        {"cookie.samesite-none-insecure", {QStringLiteral("samesite-none-insecure")}, "{}",
            R"({"auth": {"cookie": {"secure": true, "partitioned": true}}})"},
        {"cookie.samesite-lax-cross-site", {QStringLiteral("samesite-lax-cookie")}, "{}",
            R"({"auth": {"cookie": {"sameSite": "None", "secure": true, "partitioned": true}}})"},
        {"cookie.third-party-blocked", {QStringLiteral("third-party-cookie-blocked")}, "{}",
            R"({"auth": {"cookie": {"partitioned": true}}})"},
    };
    return table;
}

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    Q_ASSERT_X(document.isObject(), "ScenarioFixes", json); // the table is checked by tst_scenariofixes
    return document.object();
}

QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isObject() && base.value(it.key()).isObject()) {
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it->toObject()));
        } else {
            base.insert(it.key(), *it);
        }
    }
    return base;
}

bool holds(const QJsonObject &scenario, const QJsonObject &when)
{
    for (auto it = when.begin(); it != when.end(); ++it) {
        const QJsonValue actual = scenario.value(it.key());
        if (it->isObject()) {
            if (!actual.isObject() || !holds(actual.toObject(), it->toObject())) {
                return false;
            }
        } else if (actual != *it) {
            return false;
        }
    }
    return true;
}

void flatten(const QJsonObject &object, const QString &prefix, QStringList *out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (it->isObject()) {
            flatten(it->toObject(), path, out);
        } else {
            QJsonArray wrapper {*it};
            QByteArray value = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
            value = value.mid(1, value.size() - 2); // [value] → value
            out->append(path + QStringLiteral(" = ") + QString::fromUtf8(value));
        }
    }
}

} // namespace

namespace ScenarioFixes {

const QList<ScenarioFix> &all()
{
    static const QList<ScenarioFix> fixes = [] {
        QList<ScenarioFix> list;
        for (const Row &row : rows()) {
            list.append(ScenarioFix {QString::fromLatin1(row.finding), row.presets, object(row.when), object(row.patch)});
        }
        return list;
    }();
    return fixes;
}

std::optional<ScenarioFix> forFinding(const QString &findingId, const Scenario &scenario)
{
    const QJsonObject form = ScenarioJson::toJsonObject(scenario);
    for (const ScenarioFix &fix : all()) {
        if (fix.findingId == findingId && holds(form, fix.when) && !holds(form, fix.patch)) {
            return fix;
        }
    }
    return std::nullopt;
}

std::optional<Scenario> apply(const Scenario &scenario, const ScenarioFix &fix, QString *error)
{
    const QJsonObject form = merged(ScenarioJson::toJsonObject(scenario), fix.patch);
    ScenarioError parseError;
    std::optional<Scenario> fixed = ScenarioJson::parse(
        QJsonDocument(form).toJson(QJsonDocument::Indented), scenario.name + QStringLiteral(" (fixed)"), &parseError);
    if (!fixed && error) {
        *error = parseError.toString();
    }
    return fixed;
}

QStringList describe(const ScenarioFix &fix)
{
    QStringList knobs;
    flatten(fix.patch, QString(), &knobs);
    return knobs;
}

} // namespace ScenarioFixes

} // namespace SseScope
