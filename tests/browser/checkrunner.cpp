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

// The one documented exception to "the server's recording, as for browsers". QNAM resends a
// request on its own when the server's close is seen before the answer is read (HTTP/1.1
// connection channel, RemoteHostClosedError while Writing/Waiting: resendCurrentRequest()). The
// client never sees it (one exchange), a browser never does it, and its timing is a race on a
// loaded machine (seen once in es.reconnect-retry-id). When the server saw more requests than the
// report has exchanges, the surplus identical back-to-back copies are those resends: dropped, and
// said so on the test output, never silently.
void dropTransportResends(const Case &c, Observation &o, int exchanges)
{
    if (exchanges < 0) {
        return;
    }
    auto same = [](const SeenRequest &a, const SeenRequest &b) {
        return a.method == b.method && a.role == b.role && a.path == b.path && a.headers == b.headers;
    };
    for (qsizetype i = o.requests.size() - 1; i > 0 && o.requests.size() > exchanges; --i) {
        if (same(o.requests.at(i), o.requests.at(i - 1))) {
            qInfo().noquote() << QStringLiteral("  NOTE      %1: dropped a transport resend by QNAM of %2 %3 (%4 requests "
                                                "reached the server, the check report has %5 exchanges)")
                                     .arg(c.name, QString::fromLatin1(o.requests.at(i).method),
                                         QString::fromLatin1(o.requests.at(i).path))
                                     .arg(o.requests.size())
                                     .arg(exchanges);
            o.requests.removeAt(i);
        }
    }
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
    static const QRegularExpression networkLog(QStringLiteral("^[A-Z]+ \\S+ net::ERR_[A-Z_]+$"));
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
        int exchanges = -1;
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
                exchanges = int(doc.object().value(QLatin1String("exchanges")).toArray().size());
            } else {
                o.runner = QStringLiteral("check");
                o.error = QStringLiteral("no JSON report: ") + parseError.errorString() + QStringLiteral("; stderr: ")
                    + QString::fromUtf8(process->readAllStandardError().left(400));
            }
        } else {
            o.runner = QStringLiteral("check");
            o.error = error;
        }
        // What reached the server, recorded exactly as for the browsers.
        for (const SeenRequest &r : server->requests()) {
            o.requests.append(normalized(r, endpoints));
        }
        dropTransportResends(c, o, exchanges);
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
