#include "rewriterules.h"

#include <scenario/corsheaders.h>
#include <scenario/scenariojson.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace SseScope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RewriteRules", text);
}

// The CORS fields a scenario decides: each is set to the scenario's value or removed.
const QList<QByteArray> corsNames = {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Vary",
    "Access-Control-Expose-Headers"};
const QList<QByteArray> preflightNames
    = {"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age"};

QList<QString> stringList(const QJsonValue &value)
{
    QList<QString> list;
    for (const QJsonValue &item : value.toArray()) {
        list.append(item.toString().toLower());
    }
    return list;
}

bool hostMatches(const QList<QString> &hosts, const QString &host)
{
    if (hosts.isEmpty()) {
        return true;
    }
    const QString lower = host.toLower();
    return std::any_of(hosts.cbegin(), hosts.cend(), [&](const QString &pattern) {
        if (pattern.startsWith(QLatin1String("*."))) {
            return lower.endsWith(pattern.mid(1)) || lower == pattern.mid(2);
        }
        return lower == pattern;
    });
}

bool pathMatches(const QList<QString> &paths, const QString &path)
{
    if (paths.isEmpty()) {
        return true;
    }
    return std::any_of(paths.cbegin(), paths.cend(), [&](const QString &pattern) {
        if (pattern.endsWith(u'*')) {
            return path.startsWith(pattern.chopped(1), Qt::CaseInsensitive);
        }
        return path.compare(pattern, Qt::CaseInsensitive) == 0;
    });
}

// Sets each (name, value) as the rule says and removes the names it leaves out; a note per change.
QList<QByteArray> applyEdits(const QList<std::pair<QByteArray, std::optional<QByteArray>>> &edits, HttpHeaders *headers)
{
    QList<QByteArray> notes;
    for (const auto &[name, value] : edits) {
        const QList<QByteArray> before = headers->values(name);
        if (value) {
            if (before != QList<QByteArray>{*value}) {
                headers->set(name, *value);
                notes.append((before.isEmpty() ? "added " : "replaced ") + name + ": " + *value);
            }
        } else if (headers->remove(name) > 0) {
            notes.append("removed " + name);
        }
    }
    return notes;
}

} // namespace

RewriteRules::Rule RewriteRules::fromScenario(const Scenario &scenario, const QList<QString> &hosts, const QList<QString> &paths)
{
    Rule rule;
    rule.hosts = hosts;
    rule.paths = paths;
    rule.scenarioName = scenario.name;
    rule.stripContentEncoding = !scenario.transport.gzip;
    // Which fields the scenario writes is decided per answer (Echo depends on the Origin), so the
    // rule keeps the policy and the header edits are made in applyToResponse(); here, the names.
    rule.cors = scenario.cors;
    for (const QByteArray &name : corsNames) {
        rule.responseHeaders.append({name, std::nullopt});
    }
    for (const QByteArray &name : preflightNames) {
        rule.preflightHeaders.append({name, std::nullopt});
    }
    rule.preflightStatus = scenario.cors.preflight.handle ? scenario.cors.preflight.status : 405;
    return rule;
}

std::optional<RewriteRules> RewriteRules::load(const QString &path, QString *error)
{
    const auto refuse = [&](const QString &reason) -> std::optional<RewriteRules> {
        if (error) {
            *error = reason;
        }
        return std::nullopt;
    };
    // Local files only: a rule set fetched from elsewhere could rewrite any answer the browser gets.
    const QUrl asUrl(path);
    if (asUrl.isValid() && !asUrl.scheme().isEmpty() && asUrl.scheme().size() > 1 && asUrl.scheme() != QLatin1String("file")) {
        return refuse(tr("%1: rewrite rules are read from a local file only").arg(path));
    }
    const QString localPath = asUrl.scheme() == QLatin1String("file") ? asUrl.toLocalFile() : path;
    QFile file(localPath);
    if (!file.open(QIODevice::ReadOnly)) {
        return refuse(tr("%1: cannot open: %2").arg(path, file.errorString()));
    }
    const QByteArray bytes = file.read(4 * 1024 * 1024);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    RewriteRules rules;
    ScenarioError scenarioError;
    if (document.isObject() && document.object().contains(QLatin1String("rewrite"))) {
        // {"rewrite": [{"hosts": [...], "paths": [...], "scenario": {...}}]}
        const QJsonArray list = document.object().value(QLatin1String("rewrite")).toArray();
        for (const QJsonValue &item : list) {
            const QJsonObject object = item.toObject();
            const QByteArray scenarioJson = QJsonDocument(object.value(QLatin1String("scenario")).toObject()).toJson();
            const std::optional<Scenario> scenario = ScenarioJson::parse(scenarioJson, localPath, &scenarioError);
            if (!scenario) {
                return refuse(scenarioError.toString());
            }
            rules.add(fromScenario(*scenario, stringList(object.value(QLatin1String("hosts"))),
                stringList(object.value(QLatin1String("paths")))));
        }
        if (rules.isEmpty()) {
            return refuse(tr("%1: \"rewrite\" holds no rule").arg(path));
        }
        return rules;
    }
    // A plain scenario file: its knobs on every answer.
    const std::optional<Scenario> scenario = ScenarioJson::parse(bytes, localPath, &scenarioError);
    if (!scenario) {
        return refuse(scenarioError.toString());
    }
    rules.add(fromScenario(*scenario, {}, {}));
    return rules;
}

const RewriteRules::Rule *RewriteRules::match(const RequestHead &request) const
{
    for (const Rule &rule : m_rules) {
        if (hostMatches(rule.hosts, request.url.host()) && pathMatches(rule.paths, request.url.path())) {
            return &rule;
        }
    }
    return nullptr;
}

QList<QByteArray> RewriteRules::applyToRequest(const Rule &rule, RequestHead *request)
{
    QList<QByteArray> notes;
    if (rule.stripContentEncoding && request->headers.contains("Accept-Encoding")) {
        request->headers.set("Accept-Encoding", "identity");
        notes.append("asked the server for Accept-Encoding: identity");
    }
    return notes;
}

QList<QByteArray> RewriteRules::applyToResponse(const Rule &rule, const RequestHead &request, ResponseHead *response)
{
    const bool preflight
        = request.method == "OPTIONS" && request.headers.contains("Access-Control-Request-Method");
    const QByteArray origin = request.headers.combinedValue("Origin");
    // ${page}: the page that asked; ${api}: the server that answers.
    const QString apiOrigin = request.url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                                  .toString(QUrl::FullyEncoded);
    const auto expand = [&](QString text) {
        return text.replace(QLatin1String("${page}"), QString::fromUtf8(origin)).replace(QLatin1String("${api}"), apiOrigin);
    };
    const HttpHeaders wanted = scenarioCorsHeaders(rule.cors, origin, preflight, expand);
    QList<std::pair<QByteArray, std::optional<QByteArray>>> edits;
    const auto plan = [&](const QList<std::pair<QByteArray, std::optional<QByteArray>>> &names) {
        for (const auto &entry : names) {
            const QByteArray value = wanted.combinedValue(entry.first);
            // Several Access-Control-Allow-Origin lines are the scenario's point: keep them apart.
            if (wanted.values(entry.first).size() > 1) {
                edits.append({entry.first, std::nullopt});
                continue;
            }
            edits.append({entry.first, value.isNull() ? std::nullopt : std::optional<QByteArray>(value)});
        }
    };
    plan(rule.responseHeaders);
    if (preflight) {
        plan(rule.preflightHeaders);
    }
    QList<QByteArray> notes = applyEdits(edits, &response->headers);
    for (const QByteArray &value : wanted.values("Access-Control-Allow-Origin")) {
        if (wanted.values("Access-Control-Allow-Origin").size() > 1) {
            response->headers.append("Access-Control-Allow-Origin", value);
            notes.append("added Access-Control-Allow-Origin: " + value);
        }
    }
    if (preflight && rule.preflightStatus != 0 && response->status != rule.preflightStatus) {
        notes.append("preflight status " + QByteArray::number(response->status) + " -> "
            + QByteArray::number(rule.preflightStatus));
        response->status = rule.preflightStatus;
        response->reasonPhrase = rule.preflightStatus == 204 ? QByteArrayLiteral("No Content")
            : rule.preflightStatus == 200                    ? QByteArrayLiteral("OK")
                                                             : QByteArrayLiteral("Rewritten");
    }
    return notes;
}

} // namespace SseScope
