#include "conformancecase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace SseScope::Conformance {

QString roleName(Role role)
{
    switch (role) {
    case Role::Page:
        return QStringLiteral("page");
    case Role::Api:
        return QStringLiteral("api");
    case Role::Other:
        return QStringLiteral("other");
    }
    return QString();
}

Answer Case::answerFor(Role role, const QByteArray &method, const QByteArray &path, int attempt) const
{
    if (method == "OPTIONS") {
        if (preflight) {
            return *preflight;
        }
        // A server without OPTIONS handling (browser-rules.md: "405 without CORS headers").
        Answer a;
        a.status = 405;
        a.reason = QByteArrayLiteral("Method Not Allowed");
        a.headers = {{QByteArrayLiteral("Content-Length"), QByteArrayLiteral("0")}};
        return a;
    }
    if (role == Role::Api && path == "/login" && login) {
        return *login;
    }
    QList<Answer> answers = routes.value(
        roleName(role) + QLatin1Char(' ') + QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromLatin1(path));
    if (answers.isEmpty()) {
        answers = routes.value(roleName(role) + QLatin1Char(' ') + QString::fromLatin1(path));
    }
    if (!answers.isEmpty()) {
        return answers.at(qBound(0, attempt, int(answers.size()) - 1));
    }
    Answer notFound;
    notFound.status = 404;
    notFound.reason = QByteArrayLiteral("Not Found");
    notFound.headers = {{QByteArrayLiteral("Content-Length"), QByteArrayLiteral("0")}};
    return notFound;
}

QString Endpoints::origin(Role role) const
{
    switch (role) {
    case Role::Page:
        return QStringLiteral("http://localhost:%1").arg(pagePort);
    case Role::Api:
        return (sameSite ? QStringLiteral("http://localhost:%1") : QStringLiteral("http://127.0.0.1:%1")).arg(apiPort);
    case Role::Other:
        return QStringLiteral("http://127.0.0.1:%1").arg(otherPort);
    }
    return QString();
}

std::optional<Role> Endpoints::roleOfPort(int port) const
{
    if (port == pagePort) {
        return Role::Page;
    }
    if (port == apiPort) {
        return Role::Api;
    }
    if (port == otherPort) {
        return Role::Other;
    }
    return std::nullopt;
}

QString Endpoints::normalize(const QString &text) const
{
    QString result = text;
    const QList<QPair<quint16, QString>> ports
        = {{pagePort, QStringLiteral("{P}")}, {apiPort, QStringLiteral("{Q}")}, {otherPort, QStringLiteral("{R}")}};
    for (const auto &port : ports) {
        result.replace(QLatin1Char(':') + QString::number(port.first), QLatin1Char(':') + port.second);
    }
    return result;
}

QByteArray Endpoints::expand(const QByteArray &value) const
{
    QByteArray result = value;
    result.replace("{page}", origin(Role::Page).toLatin1());
    result.replace("{api}", origin(Role::Api).toLatin1());
    result.replace("{other}", origin(Role::Other).toLatin1());
    result.replace("{P}", QByteArray::number(pagePort));
    return result;
}

const QList<QByteArray> &comparedRequestHeaders()
{
    static const QList<QByteArray> names = {
        QByteArrayLiteral("accept"),
        QByteArrayLiteral("cache-control"),
        QByteArrayLiteral("origin"),
        QByteArrayLiteral("last-event-id"),
        QByteArrayLiteral("sec-fetch-mode"),
        QByteArrayLiteral("sec-fetch-site"),
        QByteArrayLiteral("sec-fetch-dest"),
        QByteArrayLiteral("cookie"),
        QByteArrayLiteral("authorization"),
        QByteArrayLiteral("x-custom"),
        QByteArrayLiteral("content-type"),
        QByteArrayLiteral("access-control-request-method"),
        QByteArrayLiteral("access-control-request-headers"),
    };
    return names;
}

bool Observation::preflight() const
{
    return std::any_of(requests.cbegin(), requests.cend(), [](const SeenRequest &r) { return r.method == "OPTIONS"; });
}

QString Observation::streamCookie() const
{
    for (const SeenRequest &r : requests) {
        if (r.method == "GET" && r.path != "/login") {
            return QString::fromLatin1(r.headers.value(QByteArrayLiteral("cookie")));
        }
    }
    return QString();
}

namespace {

QString requestLine(const SeenRequest &r)
{
    QString line = QString::fromLatin1(r.method) + QLatin1Char(' ') + roleName(r.role) + QString::fromLatin1(r.path);
    for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it) {
        line += QStringLiteral(" | ") + QString::fromLatin1(it.key()) + QStringLiteral(": ")
            + QString::fromLatin1(it.value());
    }
    if (!r.body.isEmpty()) {
        line += QStringLiteral(" | body: ") + QString::fromUtf8(r.body.left(160));
    }
    return line;
}

QString boolText(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

} // namespace

QStringList compareObservations(const Observation &truth, const Observation &other)
{
    QStringList diffs;
    auto differ = [&](const QString &field, const QString &a, const QString &b) {
        if (a != b) {
            diffs.append(field + QStringLiteral(": ") + truth.runner + QLatin1Char('=') + a + QLatin1Char(' ')
                + other.runner + QLatin1Char('=') + b);
        }
    };
    differ(QStringLiteral("error"), truth.error, other.error);
    differ(QStringLiteral("opened"), boolText(truth.opened), boolText(other.opened));
    differ(QStringLiteral("events"), QString::number(truth.events), QString::number(other.events));
    differ(QStringLiteral("errors"), QString::number(truth.errors), QString::number(other.errors));
    differ(QStringLiteral("readyState"), truth.readyState, other.readyState);
    differ(QStringLiteral("preflight"), boolText(truth.preflight()), boolText(other.preflight()));
    differ(QStringLiteral("streamCookie"), truth.streamCookie(), other.streamCookie());
    differ(QStringLiteral("readHeaders"), truth.readHeaders.join(QStringLiteral(" | ")),
        other.readHeaders.join(QStringLiteral(" | ")));
    const qsizetype n = std::max(truth.requests.size(), other.requests.size());
    for (qsizetype i = 0; i < n; ++i) {
        differ(QStringLiteral("request[%1]").arg(i),
            i < truth.requests.size() ? requestLine(truth.requests.at(i)) : QStringLiteral("(none)"),
            i < other.requests.size() ? requestLine(other.requests.at(i)) : QStringLiteral("(none)"));
    }
    if (truth.consoleKnown && other.consoleKnown) {
        // Chromium's stderr log carries the renderer's console messages only; the DevTools network
        // log lines ("GET url net::ERR_FAILED") never reach it, so they are not compared.
        static const QRegularExpression networkLog(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]+ \\S+ net::ERR_[A-Z_]+$"));
        auto visible = [](const QStringList &lines) {
            QStringList kept;
            for (const QString &line : lines) {
                if (!networkLog.match(line).hasMatch()) {
                    kept.append(line);
                }
            }
            return kept;
        };
        QStringList a = visible(truth.console);
        QStringList b = visible(other.console);
        a.sort();
        b.sort();
        differ(QStringLiteral("console"), a.join(QStringLiteral(" ⏎ ")), b.join(QStringLiteral(" ⏎ ")));
    }
    return diffs;
}

QString describe(const Observation &o)
{
    QStringList parts;
    parts << o.runner + QLatin1Char(':');
    if (!o.error.isEmpty()) {
        parts << QStringLiteral("ERROR ") + o.error;
    }
    parts << QStringLiteral("opened=") + boolText(o.opened) << QStringLiteral("events=%1").arg(o.events)
          << QStringLiteral("errors=%1").arg(o.errors) << QStringLiteral("state=") + o.readyState
          << QStringLiteral("preflight=") + boolText(o.preflight())
          << QStringLiteral("cookie='") + o.streamCookie() + QLatin1Char('\'');
    if (!o.readHeaders.isEmpty()) {
        parts << QStringLiteral("read=[") + o.readHeaders.join(QStringLiteral(" | ")) + QLatin1Char(']');
    }
    QString text = parts.join(QLatin1Char(' '));
    for (const SeenRequest &r : o.requests) {
        text += QStringLiteral("\n      ") + requestLine(r);
    }
    for (const QString &line : o.console) {
        text += QStringLiteral("\n      console: ") + line;
    }
    return text;
}

QList<AddressSpaceOverride> addressSpaceOverrides(const Case &c, const Endpoints &endpoints)
{
    QList<AddressSpaceOverride> overrides;
    auto add = [&overrides](int port, const std::optional<IpAddressSpace> &space) {
        if (space) {
            overrides.append({QStringLiteral("127.0.0.1"), port, *space});
            overrides.append({QStringLiteral("::1"), port, *space});
        }
    };
    add(endpoints.pagePort, c.pageSpace);
    add(endpoints.apiPort, c.apiSpace);
    return overrides;
}

QString readHeaderText(const QByteArray &name, const std::optional<QByteArray> &value)
{
    return QString::fromLatin1(name) + QLatin1Char('=') + (value ? QString::fromUtf8(*value) : QStringLiteral("null"));
}

QStringList readHeadersFromJson(const Case &c, const QJsonObject &values)
{
    QStringList reads;
    for (const QByteArray &name : c.readHeaders) {
        const QJsonValue value = values.value(QString::fromLatin1(name));
        reads.append(readHeaderText(
            name, value.isString() ? std::optional<QByteArray>(value.toString().toUtf8()) : std::nullopt));
    }
    return reads;
}

QByteArray casePage(const Case &c, const Endpoints &endpoints)
{
    QJsonObject config;
    config.insert(QStringLiteral("mode"), requestModeName(c.mode));
    config.insert(QStringLiteral("url"), QString(endpoints.origin(Role::Api) + QString::fromLatin1(c.streamPath)));
    config.insert(QStringLiteral("login"),
        c.login ? QJsonValue(endpoints.origin(Role::Api) + QStringLiteral("/login")) : QJsonValue());
    config.insert(QStringLiteral("withCredentials"), c.withCredentials);
    config.insert(QStringLiteral("credentials"), credentialsModeName(c.fetchCredentials));
    QJsonObject headers;
    for (const auto &h : c.fetchHeaders) {
        headers.insert(QString::fromLatin1(h.first), QString::fromLatin1(endpoints.expand(h.second)));
    }
    config.insert(QStringLiteral("headers"), headers);
    if (c.fetchTargetAddressSpace) {
        config.insert(QStringLiteral("targetAddressSpace"), ipAddressSpaceName(*c.fetchTargetAddressSpace));
    }
    config.insert(QStringLiteral("method"), QString::fromLatin1(c.fetchMethod));
    config.insert(QStringLiteral("body"), c.fetchBody ? QJsonValue(QString::fromUtf8(*c.fetchBody)) : QJsonValue());
    QJsonArray readHeaders;
    for (const QByteArray &name : c.readHeaders) {
        readHeaders.append(QString::fromLatin1(name));
    }
    config.insert(QStringLiteral("readHeaders"), readHeaders);
    config.insert(QStringLiteral("window"), c.windowMs);

    // Kept small and old-fashioned on purpose: the same script runs in Chromium and Firefox.
    static const QByteArray script = QByteArrayLiteral(R"JS(
const rep = {opened: false, events: 0, errors: 0, readyState: 'CONNECTING', userAgent: navigator.userAgent};
let reported = false;
let state = () => rep.readyState;
function report() {
  if (reported) return;
  reported = true;
  rep.readyState = state();
  fetch('/report', {method: 'POST', body: JSON.stringify(rep)});
}
function settle() { setTimeout(report, 400); }
function readHeaders(r) {
  // What the page's code gets from response.headers.get(name): the value, or null.
  const o = {};
  for (const n of cfg.readHeaders) o[n] = r ? r.headers.get(n) : null;
  return o;
}
rep.readHeaders = readHeaders(null);
function countBlocks(text) {
  // A minimal SSE block counter: complete blocks (blank line seen) with at least one data field.
  let n = 0;
  const blocks = text.split(/\r\n\r\n|\n\n|\r\r/);
  blocks.pop();
  for (const block of blocks) {
    if (block.split(/\r\n|\n|\r/).some(l => l === 'data' || l.startsWith('data:'))) n++;
  }
  return n;
}
async function main() {
  if (cfg.login) {
    try { await fetch(cfg.login, {credentials: 'include'}); } catch (e) { rep.loginError = String(e); }
  }
  setTimeout(report, cfg.window);
  if (cfg.mode === 'eventsource') {
    const es = new EventSource(cfg.url, {withCredentials: cfg.withCredentials});
    state = () => ['CONNECTING', 'OPEN', 'CLOSED'][es.readyState];
    es.onopen = () => { rep.opened = true; };
    es.onmessage = () => { rep.events++; };
    es.onerror = () => { rep.errors++; if (es.readyState === 2) settle(); };
    return;
  }
  try {
    const init = {method: cfg.method, headers: cfg.headers, credentials: cfg.credentials};
    if (cfg.body !== null) init.body = cfg.body;
    if (cfg.targetAddressSpace) init.targetAddressSpace = cfg.targetAddressSpace;
    const r = await fetch(cfg.url, init);
    rep.status = r.status;
    rep.readHeaders = readHeaders(r);
    if (!r.ok) { rep.readyState = 'CLOSED'; settle(); return; }
    rep.opened = true;
    rep.readyState = 'OPEN';
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      text += decoder.decode(value, {stream: true});
      rep.events = countBlocks(text);
    }
    rep.events = countBlocks(text);
    rep.readyState = 'CLOSED';
    settle();
  } catch (e) {
    rep.rejected = String(e);
    rep.readyState = 'CLOSED';
    settle();
  }
}
main();
)JS");
    return QByteArrayLiteral("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                             "<title>")
        + c.name.toUtf8() + QByteArrayLiteral("</title></head><body><script>\nconst cfg = ")
        + QJsonDocument(config).toJson(QJsonDocument::Compact) + QByteArrayLiteral(";\n") + script
        + QByteArrayLiteral("</script></body></html>\n");
}

} // namespace SseScope::Conformance
