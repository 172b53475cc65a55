#include "runners.h"

#include <virtualdisplay.h>

#include <QDir>
#include <QRegularExpression>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::Conformance {

namespace {

constexpr int kKillAfterMs = 4000;

SeenRequest normalized(const SeenRequest &request, const Endpoints &endpoints)
{
    SeenRequest r = request;
    for (auto it = r.headers.begin(); it != r.headers.end(); ++it) {
        it.value() = endpoints.normalize(QString::fromLatin1(it.value())).toLatin1();
    }
    return r;
}

} // namespace

void removeDirLater(const QString &path, int attemptsLeft)
{
    if (QDir(path).removeRecursively() || attemptsLeft <= 0) {
        return;
    }
    QTimer::singleShot(200, [path, attemptsLeft] { removeDirLater(path, attemptsLeft - 1); });
}

Observation observationAtServer(const QString &runner, const Case &c, const CaseServer &server,
    const QString &error, const std::optional<QStringList> &console)
{
    Observation o;
    o.runner = runner;
    o.error = error;
    if (const std::optional<QJsonObject> report = server.report()) {
        o.opened = report->value(QLatin1String("opened")).toBool();
        o.events = report->value(QLatin1String("events")).toInt();
        o.errors = report->value(QLatin1String("errors")).toInt();
        o.readyState = report->value(QLatin1String("readyState")).toString();
        o.readHeaders = readHeadersFromJson(c, report->value(QLatin1String("readHeaders")).toObject());
    }
    const Endpoints &endpoints = server.endpoints();
    const QList<SeenRequest> requests = server.requestsBeforeReport();
    for (const SeenRequest &r : requests) {
        o.requests.append(normalized(r, endpoints));
    }
    if (console) {
        o.consoleKnown = true;
        for (const QString &line : *console) {
            o.console.append(endpoints.normalize(line));
        }
    }
    return o;
}

QString BrowserRunner::unavailableReason() const
{
    if (!QFileInfo(executable()).isExecutable()) {
        return executable() + QStringLiteral(" is missing (install Debian's package for it: .ci/run does)");
    }
    return QString();
}

void BrowserRunner::start(const Case &c, CaseServer *server, Done done)
{
    struct Run
    {
        QProcess *process = nullptr;
        QString profileDir;
        bool finishing = false;
        QString error;
        QByteArray stderrBytes;
        Done done;
    };
    auto run = std::make_shared<Run>();
    run->done = std::move(done);
    {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ssescope-conformance-XXXXXX"));
        dir.setAutoRemove(false);
        run->profileDir = dir.path();
    }

    run->process = new QProcess(server);
    run->process->setProcessChannelMode(QProcess::SeparateChannels);
    run->process->setStandardOutputFile(QProcess::nullDevice());
    // If the suite dies (a test timeout aborts it), the browser must not outlive it.
    run->process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    run->process->setProcessEnvironment(environment(run->profileDir));
    QProcess *process = run->process;
    const QString runnerName = name();
    const Case theCase = c;

    auto finish = [this, run, server, runnerName, theCase](const QString &error) {
        if (run->finishing) {
            return;
        }
        run->finishing = true;
        run->error = error;
        QProcess *p = run->process;
        auto collect = [this, run, server, runnerName, theCase] {
            run->stderrBytes += run->process->readAllStandardError();
            const Observation o
                = observationAtServer(runnerName, theCase, *server, run->error, consoleLines(run->stderrBytes));
            removeDirLater(run->profileDir);
            run->process->deleteLater();
            run->done(o);
        };
        if (p->state() == QProcess::NotRunning) {
            collect();
            return;
        }
        QObject::connect(p, &QProcess::finished, p, collect);
        p->terminate();
        QTimer::singleShot(kKillAfterMs, p, [p] {
            if (p->state() != QProcess::NotRunning) {
                p->kill();
            }
        });
    };

    QObject::connect(server, &CaseServer::reported, process,
        [finish] { QTimer::singleShot(kConsoleGraceMs, [finish] { finish(QString()); }); });
    QObject::connect(process, &QProcess::finished, process, [finish, server] {
        if (!server->report()) {
            finish(QStringLiteral("the browser exited before the page reported"));
        }
    });
    QObject::connect(process, &QProcess::errorOccurred, process, [finish, process](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            finish(QStringLiteral("failed to start: ") + process->errorString());
        }
    });
    QObject::connect(process, &QProcess::readyReadStandardError, process,
        [run] { run->stderrBytes += run->process->readAllStandardError(); });
    QTimer::singleShot(theCase.windowMs + kReportSlackMs, process, [finish, server] {
        if (!server->report()) {
            finish(QStringLiteral("no report from the page"));
        }
    });
    process->start(executable(), arguments(run->profileDir, server->pageUrl()));
}

QProcessEnvironment BrowserRunner::environment(const QString &) const
{
    return QProcessEnvironment::systemEnvironment();
}

QString WebKitRunner::unavailableReason() const
{
    static const QString reason = [] {
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"),
            {QStringLiteral("-c"),
                QStringLiteral("import gi; gi.require_version('Gtk', '3.0'); gi.require_version('WebKit2', '4.1'); "
                               "from gi.repository import WebKit2")});
        if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0) {
            return QStringLiteral("WebKitGTK is missing: python3 cannot load WebKit2 4.1 (Debian's gir1.2-webkit2-4.1 "
                                  "and python3-gi; .ci/run installs them)");
        }
        QString error;
        TestSupport::virtualDisplay(&error);
        return error;
    }();
    return reason;
}

QStringList WebKitRunner::arguments(const QString &, const QString &url) const
{
    return {QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/browser/webkit-page.py"), url};
}

QProcessEnvironment WebKitRunner::environment(const QString &profileDir) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DISPLAY"), TestSupport::virtualDisplay(nullptr));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("GDK_BACKEND"), QStringLiteral("x11"));
    // A fresh profile: WebKitGTK keeps cookies, cache and storage under the XDG directories.
    env.insert(QStringLiteral("XDG_DATA_HOME"), profileDir + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), profileDir + QStringLiteral("/cache"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), profileDir + QStringLiteral("/config"));
    env.insert(QStringLiteral("NO_AT_BRIDGE"), QStringLiteral("1")); // no accessibility bus to wait for
    // WebKit's bubblewrap sandbox cannot start as root in a container; the pages are our own.
    env.insert(QStringLiteral("WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS"), QStringLiteral("1"));
    env.insert(QStringLiteral("WEBKIT_DISABLE_COMPOSITING_MODE"), QStringLiteral("1"));
    return env;
}

std::optional<QStringList> WebKitRunner::consoleLines(const QByteArray &stderrBytes) const
{
    // WebKit's own messages: "CONSOLE SECURITY ERROR Origin … is not allowed by …",
    // "CONSOLE JS ERROR EventSource cannot load … due to access control checks.". The page's own
    // console.log lines start with its URL and are not the engine's.
    static const QRegularExpression engineLine(QStringLiteral("^CONSOLE [A-Z]+ (?:ERROR|WARN|WARNING|LOG|INFO) (.*)$"));
    QStringList lines;
    const QList<QByteArray> all = stderrBytes.split('\n');
    for (const QByteArray &raw : all) {
        const QRegularExpressionMatch match = engineLine.match(QString::fromUtf8(raw));
        if (match.hasMatch()) {
            lines.append(match.captured(1));
        }
    }
    return lines;
}

} // namespace SseScope::Conformance
