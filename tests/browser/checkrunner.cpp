#include "runners.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QDebug>
#include <QRegularExpression>
#include <QTimer>

#include <memory>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::Conformance {

namespace {

// Past the window: the process start-up, the login and the JSON print. Bounded: killed after it.
constexpr int kCheckSlackMs = 20000;

SeenRequest normalized(const SeenRequest &request, const Endpoints &endpoints)
{
    SeenRequest r = request;
    for (auto it = r.headers.begin(); it != r.headers.end(); ++it) {
        it.value() = endpoints.normalize(QString::fromLatin1(it.value())).toLatin1();
    }
    return r;
}

} // namespace

CheckRunner::CheckRunner(const QString &executable)
    : m_executable(executable)
{
}

QString CheckRunner::unavailableReason() const
{
    if (!QFileInfo(m_executable).isExecutable()) {
        return m_executable + QStringLiteral(" is missing (build the ssescope target)");
    }
    return QString();
}

std::optional<QString> CheckRunner::inexpressible(const Case &c)
{
    // `check` has --with-credentials (include) or not (same-origin): fetch's `omit` has no option.
    if (c.mode == RequestMode::Fetch && c.fetchCredentials == CredentialsMode::Omit) {
        return QStringLiteral("fetch credentials 'omit' has no `ssescope check` option (only include / same-origin)");
    }
    // The browser is told the page's loopback port is public; `check --origin http://localhost:P`
    // rightly takes it as loopback (tst_checkcommand covers a public --origin against a local server).
    if (c.pageSpace || c.apiSpace || c.fetchTargetAddressSpace) {
        return QStringLiteral("Local Network Access case: the browser is told an address space `check` cannot be told");
    }
    return std::nullopt;
}

QStringList CheckRunner::arguments(const Case &c, const Endpoints &endpoints)
{
    const QString api = endpoints.origin(Role::Api);
    QStringList args {QStringLiteral("check"), api + QString::fromLatin1(c.streamPath), QStringLiteral("--origin"),
        endpoints.origin(Role::Page), QStringLiteral("--browser"), QStringLiteral("chromium")};
    if (c.mode == RequestMode::Fetch) {
        args << QStringLiteral("--mode") << QStringLiteral("fetch");
        for (const auto &h : c.fetchHeaders) {
            args << QStringLiteral("--header")
                 << QString::fromLatin1(h.first) + QStringLiteral(": ") + QString::fromLatin1(endpoints.expand(h.second));
        }
        if (c.fetchCredentials == CredentialsMode::Include) {
            args << QStringLiteral("--with-credentials");
        }
        if (c.fetchMethod != "GET") {
            args << QStringLiteral("--method") << QString::fromLatin1(c.fetchMethod);
        }
        if (c.fetchBody) {
            args << QStringLiteral("--data") << QString::fromUtf8(*c.fetchBody);
        }
        for (const QByteArray &name : c.readHeaders) {
            args << QStringLiteral("--read-header") << QString::fromLatin1(name);
        }
    } else if (c.withCredentials) {
        args << QStringLiteral("--with-credentials");
    }
    if (c.login) {
        args << QStringLiteral("--login") << api + QStringLiteral("/login");
    }
    args << QStringLiteral("--duration") << QString::number(double(c.windowMs) / 1000.0, 'f', 3)
         << QStringLiteral("--json");
    return args;
}

Observation CheckRunner::observation(const Case &c, const QJsonObject &report, const Endpoints &endpoints)
{
    Observation o;
    o.runner = QStringLiteral("check");
    o.consoleKnown = true;
    const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
    o.opened = verdict.value(QLatin1String("opened")).toBool();
    o.readyState = verdict.value(QLatin1String("readyState")).toString();
    o.readHeaders = readHeadersFromJson(c, verdict.value(QLatin1String("readHeaders")).toObject());
    // The page counts `message` events (EventSource onmessage) or blocks with data (fetch).
    const QJsonArray events = report.value(QLatin1String("events")).toArray();
    for (const QJsonValue &e : events) {
        if (c.mode == RequestMode::Fetch || e.toObject().value(QLatin1String("type")).toString() == QLatin1String("message")) {
            ++o.events;
        }
    }
    if (c.mode == RequestMode::EventSource) {
        // EventSource fires one `error` each time a connection attempt ends by itself (the model
        // then reconnects or fails), whether or not the reconnection happens within the window: a
        // stream exchange not closed by the client. A failure on a redirect hop ends without one.
        const QJsonArray exchanges = report.value(QLatin1String("exchanges")).toArray();
        QString lastKind;
        for (const QJsonValue &value : exchanges) {
            const QJsonObject exchange = value.toObject();
            lastKind = exchange.value(QLatin1String("kind")).toString();
            if (lastKind == QLatin1String("stream") && !exchange.value(QLatin1String("closedByClient")).toBool()) {
                ++o.errors;
            }
        }
        if (verdict.value(QLatin1String("failed")).toBool() && lastKind != QLatin1String("stream")) {
            ++o.errors;
        }
    }
    // Chromium's stderr carries the renderer's console lines; the DevTools network-log line
    // ("GET url net::ERR_FAILED") never reaches it (the model runner's lines are filtered the same
    // way in compareObservations).
    static const QRegularExpression networkLog(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]+ \\S+ net::ERR_[A-Z_]+$"));
    const QJsonArray console = verdict.value(QLatin1String("console")).toArray();
    for (const QJsonValue &line : console) {
        const QString text = line.toString();
        if (!networkLog.match(text).hasMatch()) {
            o.console.append(endpoints.normalize(text));
        }
    }
    return o;
}

void CheckRunner::start(const Case &c, CaseServer *server, Done done)
{
    const Endpoints endpoints = server->endpoints();
    auto *process = new QProcess(server);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    auto finished = std::make_shared<bool>(false);
    auto finish = [process, server, endpoints, c, done, finished](const QString &error) {
        if (*finished) {
            return;
        }
        *finished = true;
        Observation o;
        if (error.isEmpty()) {
            QJsonParseError parseError;
            const QByteArray json = process->readAllStandardOutput();
            const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
            // Debugging aid: keep each case's report.
            const QString dumpDir = qEnvironmentVariable("SSESCOPE_CONFORMANCE_CHECK_DUMP");
            if (!dumpDir.isEmpty()) {
                QFile dump(dumpDir + QLatin1Char('/') + c.name + QStringLiteral(".json"));
                if (dump.open(QIODevice::WriteOnly)) {
                    dump.write(json);
                }
            }
            if (doc.isObject()) {
                o = observation(c, doc.object(), endpoints);
            } else {
                o.runner = QStringLiteral("check");
                o.error = QStringLiteral("no JSON report: ") + parseError.errorString() + QStringLiteral("; stderr: ")
                    + QString::fromUtf8(process->readAllStandardError().left(400));
            }
        } else {
            o.runner = QStringLiteral("check");
            o.error = error;
        }
        // What reached the server, recorded exactly as for the browsers: nothing dropped (since
        // issue 14 the client writes each request once, on its own connection; no Qt resends).
        for (const SeenRequest &r : server->requests()) {
            o.requests.append(normalized(r, endpoints));
        }
        if (process->state() != QProcess::NotRunning) {
            process->kill();
        }
        process->deleteLater();
        done(o);
    };
    QObject::connect(process, &QProcess::finished, process, [finish](int code, QProcess::ExitStatus status) {
        // Exit 0 (opens) and 1 (does not) both print the report.
        finish(status == QProcess::NormalExit && (code == 0 || code == 1)
                ? QString()
                : QStringLiteral("ssescope check exited with %1").arg(code));
    });
    QObject::connect(process, &QProcess::errorOccurred, process, [finish, process](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            finish(QStringLiteral("failed to start: ") + process->errorString());
        }
    });
    QTimer::singleShot(c.windowMs + kCheckSlackMs, process,
        [finish] { finish(QStringLiteral("ssescope check did not finish in time")); });
    process->start(m_executable, arguments(c, endpoints));
}

} // namespace SseScope::Conformance
