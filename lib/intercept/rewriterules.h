#pragma once

#include <common/httpheaders.h>
#include <scenario/scenario.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace SseScope {

// A scenario's CORS and transport knobs, applied to real answers that pass through the intercept
// proxy, to try a fix before deploying it (`ssescope intercept --rewrite SCENARIO.json`).
//
// The file is a scenario (docs/scenario-format.md), whose knobs then apply to every answer, or
// {"rewrite": [{"hosts": ["api.example.com", "*.example.com"], "paths": ["/events", "/v1/*"],
// "scenario": {...}}]}, the first matching rule applying; absent or empty lists match everything.
// What is rewritten, from the scenario:
//   - cors: Access-Control-Allow-Origin (set, or removed when the scenario sends none),
//     -Allow-Credentials, -Expose-Headers and Vary on every answer; preflight answers
//     (OPTIONS with Access-Control-Request-Method) get -Allow-Methods, -Allow-Headers, -Max-Age and
//     the scenario's status;
//   - transport: compression "none" strips Content-Encoding (the proxy decodes the body and asks
//     the server for identity).
// Rules are read from a local file only: a URL is refused.
class RewriteRules
{
public:
    struct Rule
    {
        QList<QString> hosts; // lower case; "*.example.com" matches subdomains; empty: any
        QList<QString> paths; // "/events" exact, "/v1/*" prefix; empty: any
        // Header edits on every matching answer: a value sets (replacing any), std::nullopt removes.
        QList<std::pair<QByteArray, std::optional<QByteArray>>> responseHeaders;
        QList<std::pair<QByteArray, std::optional<QByteArray>>> preflightHeaders; // OPTIONS only, besides
        int preflightStatus = 0; // 0: keep the server's
        bool stripContentEncoding = false;
        CorsPolicy cors; // the answers' CORS fields come from here (scenarioCorsHeaders)
        QString scenarioName;
    };

    RewriteRules() = default;
    bool isEmpty() const { return m_rules.isEmpty(); }
    const QList<Rule> &rules() const { return m_rules; }

    // From a scenario file; std::nullopt with a reason when it cannot be read or is a URL.
    static std::optional<RewriteRules> load(const QString &path, QString *error = nullptr);
    // From a scenario (its CORS and transport knobs) and the scope.
    static Rule fromScenario(const Scenario &scenario, const QList<QString> &hosts, const QList<QString> &paths);
    void add(const Rule &rule) { m_rules.append(rule); }

    // The first rule for this request, or nullptr.
    const Rule *match(const RequestHead &request) const;
    // Rewrites the request as the rule asks (identity encoding); returns the notes.
    static QList<QByteArray> applyToRequest(const Rule &rule, RequestHead *request);
    // Rewrites the response head; returns what it did, one note per change (empty: unchanged).
    static QList<QByteArray> applyToResponse(const Rule &rule, const RequestHead &request, ResponseHead *response);

private:
    QList<Rule> m_rules;
};

} // namespace SseScope
