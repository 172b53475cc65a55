#include "runners.h"

#include <headlesschromium.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::Conformance {

namespace {

// After the report arrives, the browser still gets a moment to print its console lines.
constexpr int kConsoleGraceMs = 300;
// Browser start-up plus the page's window plus slack; past it the case fails with an error.
constexpr int kReportSlackMs = 25000;
constexpr int kKillAfterMs = 4000;

void removeDirLater(const QString &path, int attemptsLeft = 30)
{
    // Browser helper processes may still write into the profile for a moment after the browser
    // exits; retry instead of leaving it behind.
    if (QDir(path).removeRecursively() || attemptsLeft <= 0) {
        return;
    }
    QTimer::singleShot(200, [path, attemptsLeft] { removeDirLater(path, attemptsLeft - 1); });
}

SeenRequest normalized(const SeenRequest &request, const Endpoints &endpoints)
{
    SeenRequest r = request;
    for (auto it = r.headers.begin(); it != r.headers.end(); ++it) {
        it.value() = endpoints.normalize(QString::fromLatin1(it.value())).toLatin1();
    }
    return r;
}

} // namespace

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
        bool reportedEarly = false;
        QString error;
        Done done;
    };
    auto run = std::make_shared<Run>();
    run->done = std::move(done);
    {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ssescope-conformance-XXXXXX"));
        dir.setAutoRemove(false);
        run->profileDir = dir.path();
    }
    prepareProfile(run->profileDir);

    run->process = new QProcess(server);
    run->process->setProcessChannelMode(QProcess::SeparateChannels);
    run->process->setStandardOutputFile(QProcess::nullDevice());
    // If the suite dies (a test timeout aborts it), the browser must not outlive it.
    run->process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    QProcess *process = run->process;
    const Endpoints endpoints = server->endpoints();
    const QString runnerName = name();
    const Case theCase = c;

    auto finish = [this, run, server, endpoints, runnerName](const QString &error) {
        if (run->finishing) {
            return;
        }
        run->finishing = true;
        run->error = error;
        QProcess *p = run->process;
        auto collect = [this, run, server, endpoints, runnerName] {
            Observation o;
            o.runner = runnerName;
            o.error = run->error;
            const std::optional<QJsonObject> report = server->report();
            if (report) {
                o.opened = report->value(QLatin1String("opened")).toBool();
                o.events = report->value(QLatin1String("events")).toInt();
                o.errors = report->value(QLatin1String("errors")).toInt();
                o.readyState = report->value(QLatin1String("readyState")).toString();
            }
            const QList<SeenRequest> requests = server->requests();
            for (const SeenRequest &r : requests) {
                o.requests.append(normalized(r, endpoints));
            }
            const std::optional<QStringList> console = consoleLines(run->process->readAllStandardError());
            if (console) {
                o.consoleKnown = true;
                for (const QString &line : *console) {
                    o.console.append(endpoints.normalize(line));
                }
            }
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
    QTimer::singleShot(theCase.windowMs + kReportSlackMs, process, [finish, server] {
        if (!server->report()) {
            finish(QStringLiteral("no report from the page"));
        }
    });
    process->start(executable(), arguments(run->profileDir, server->pageUrl()));
}

QString ChromiumRunner::executable() const
{
    return TestSupport::chromiumExecutable();
}

QStringList ChromiumRunner::arguments(const QString &profileDir, const QString &url) const
{
    return TestSupport::headlessChromiumArguments(profileDir) + TestSupport::chromiumConsoleLoggingArguments()
        + QStringList{url};
}

std::optional<QStringList> ChromiumRunner::consoleLines(const QByteArray &stderrBytes) const
{
    // [pid:tid:MMDD/HHMMSS.us:INFO:CONSOLE(0)] "message", source: url (0)
    // Newer builds: ...:INFO:CONSOLE:0] "message", source: url (0)
    QStringList lines;
    const QList<QByteArray> all = stderrBytes.split('\n');
    for (const QByteArray &raw : all) {
        const qsizetype tag = raw.indexOf(":CONSOLE");
        if (tag < 0) {
            continue;
        }
        const qsizetype open = raw.indexOf("] \"", tag);
        const qsizetype close = raw.lastIndexOf("\", source:");
        if (open < 0 || close <= open) {
            continue;
        }
        lines.append(QString::fromUtf8(raw.mid(open + 3, close - open - 3)));
    }
    return lines;
}

QString FirefoxRunner::executable() const
{
    return QStringLiteral("/usr/bin/firefox-esr");
}

QStringList FirefoxRunner::arguments(const QString &profileDir, const QString &url) const
{
    return {QStringLiteral("--headless"), QStringLiteral("--no-remote"), QStringLiteral("--profile"), profileDir, url};
}

void FirefoxRunner::prepareProfile(const QString &profileDir) const
{
    // A fresh profile per case (fresh cookies), quiet: no updates, safe browsing, captive-portal
    // probe, default-browser check, telemetry or first-run pages; no network beyond loopback.
    static const QByteArray prefs = QByteArrayLiteral(R"(user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.checkInstallTime", false);
user_pref("app.normandy.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("startup.homepage_welcome_url", "");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("trailhead.firstrun.didSeeAboutWelcome", true);
user_pref("browser.newtabpage.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.proxy.type", 0);
user_pref("network.proxy.allow_hijacking_localhost", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("browser.topsites.contile.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("dom.disable_open_during_load", false);
)");
    QFile file(profileDir + QStringLiteral("/user.js"));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(prefs);
    }
}

} // namespace SseScope::Conformance
