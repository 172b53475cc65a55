#include "runners.h"

#include "bidiconsole.h"

#include <headlesschromium.h>
#include <virtualdisplay.h>

#include <QDir>
#include <QElapsedTimer>
#include <QMap>
#include <QRegularExpression>
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
// A browser opened over WebDriver BiDi must have opened the page by then (seen: Firefox's start-up
// takes over 30 s at a load average of 10 on the 2-core machine).
constexpr int kBidiStartupMs = 90000;

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
        QByteArray stderrBytes;
        BidiConsole *tap = nullptr; // the console read over WebDriver BiDi (Firefox), else null
        std::function<void()> deadline; // fails the case when no report came in time
        Done done;
    };
    auto run = std::make_shared<Run>();
    run->done = std::move(done);
    {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ssescope-conformance-XXXXXX"));
        dir.setAutoRemove(false);
        run->profileDir = dir.path();
    }
    prepareProfile(run->profileDir, c, server->endpoints());

    run->process = new QProcess(server);
    run->process->setProcessChannelMode(QProcess::SeparateChannels);
    run->process->setStandardOutputFile(QProcess::nullDevice());
    // If the suite dies (a test timeout aborts it), the browser must not outlive it.
    run->process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    run->process->setProcessEnvironment(environment(run->profileDir));
    QProcess *process = run->process;
    const Endpoints endpoints = server->endpoints();
    const QString runnerName = name();
    const Case theCase = c;

    auto finish = [this, run, server, endpoints, runnerName, theCase](const QString &error) {
        if (run->finishing) {
            return;
        }
        run->finishing = true;
        run->error = error;
        QProcess *p = run->process;
        auto collect = [this, run, server, endpoints, runnerName, theCase] {
            Observation o;
            o.runner = runnerName;
            o.error = run->error;
            const std::optional<QJsonObject> report = server->report();
            if (report) {
                o.opened = report->value(QLatin1String("opened")).toBool();
                o.events = report->value(QLatin1String("events")).toInt();
                o.errors = report->value(QLatin1String("errors")).toInt();
                o.readyState = report->value(QLatin1String("readyState")).toString();
                o.readHeaders = readHeadersFromJson(theCase, report->value(QLatin1String("readHeaders")).toObject());
            }
            const QList<SeenRequest> requests = server->requestsBeforeReport();
            for (const SeenRequest &r : requests) {
                o.requests.append(normalized(r, endpoints));
            }
            run->stderrBytes += run->process->readAllStandardError();
            std::optional<QStringList> console = consoleLines(run->stderrBytes);
            if (run->tap && run->tap->navigated()) {
                console = run->tap->lines();
            }
            if (console) {
                o.consoleKnown = true;
                for (const QString &line : *console) {
                    o.console.append(endpoints.normalize(line));
                }
            }
            run->deadline = nullptr; // it holds `run`
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
    run->tap = consoleTap(QUrl(server->pageUrl()), [finish](const QString &why) { finish(why); }, process);
    QObject::connect(process, &QProcess::readyReadStandardError, process, [run] {
        run->stderrBytes += run->process->readAllStandardError();
        if (run->tap) {
            run->tap->stderrArrived(run->stderrBytes);
        }
    });
    // The page's window counts from when the page is opened: for a tapped browser (Firefox over
    // WebDriver BiDi) from the navigation, after a start-up that a loaded machine may stretch.
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    run->deadline = [finish, server, run, started, reportWithinMs = theCase.windowMs + kReportSlackMs] {
        if (server->report() || run->finishing) {
            return;
        }
        qint64 left = reportWithinMs - started->elapsed();
        if (run->tap) {
            left = run->tap->navigated() ? reportWithinMs - run->tap->sinceNavigationMs()
                                         : kBidiStartupMs - started->elapsed();
        }
        if (left > 0) {
            QTimer::singleShot(int(left), run->process, [run] {
                if (run->deadline) {
                    run->deadline();
                }
            });
            return;
        }
        finish(run->tap && !run->tap->navigated()
                ? QStringLiteral("no report: WebDriver BiDi never opened the page: ") + run->tap->state()
                : QStringLiteral("no report from the page"));
    };
    QTimer::singleShot(theCase.windowMs + kReportSlackMs, process, [run] {
        if (run->deadline) {
            run->deadline();
        }
    });
    process->start(executable(), arguments(run->profileDir, server->pageUrl(), theCase, endpoints));
}

QProcessEnvironment BrowserRunner::environment(const QString &) const
{
    return QProcessEnvironment::systemEnvironment();
}

QString ChromiumRunner::executable() const
{
    return TestSupport::chromiumExecutable();
}

QStringList ChromiumRunner::arguments(
    const QString &profileDir, const QString &url, const Case &c, const Endpoints &endpoints) const
{
    QStringList extra;
    const QList<AddressSpaceOverride> overrides = addressSpaceOverrides(c, endpoints);
    if (!overrides.isEmpty()) {
        // Local Network Access cases: the page's (or the API's) port is told to be public / local.
        extra << QStringLiteral("--ip-address-space-overrides=") + addressSpaceOverridesText(overrides);
    }
    return TestSupport::headlessChromiumArguments(profileDir) + TestSupport::chromiumConsoleLoggingArguments() + extra
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

bool FirefoxRunner::readsConsole()
{
    // On unless SSESCOPE_CONFORMANCE_FIREFOX_CONSOLE=0 (behaviour only, a faster run).
    bool set = false;
    const int value = qEnvironmentVariableIntValue("SSESCOPE_CONFORMANCE_FIREFOX_CONSOLE", &set);
    return !set || value != 0;
}

QStringList FirefoxRunner::arguments(const QString &profileDir, const QString &url, const Case &, const Endpoints &) const
{
    if (!readsConsole()) {
        return {QStringLiteral("--headless"), QStringLiteral("--no-remote"), QStringLiteral("--profile"), profileDir, url};
    }
    // The page is opened over WebDriver BiDi once the console is subscribed (consoleTap).
    return {QStringLiteral("--headless"), QStringLiteral("--no-remote"), QStringLiteral("--profile"), profileDir,
        QStringLiteral("--remote-debugging-port=0"), QStringLiteral("about:blank")};
}

BidiConsole *FirefoxRunner::consoleTap(const QUrl &page, std::function<void(const QString &)> failed, QObject *parent) const
{
    return readsConsole() ? new BidiConsole(page, std::move(failed), parent) : nullptr;
}

void FirefoxRunner::prepareProfile(const QString &profileDir, const Case &c, const Endpoints &endpoints) const
{
    // A fresh profile per case (fresh cookies), quiet: no updates, safe browsing, captive-portal
    // probe, default-browser check, telemetry or first-run pages; no network beyond loopback; the
    // remote agent (WebDriver BiDi, for the console) leaves the preferences as they are.
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
user_pref("remote.prefs.recommended", false);
)");
    // Local Network Access cases: Firefox's own overrides, one list per space ("private" is local).
    QByteArray lna;
    QMap<QString, QStringList> bySpace;
    for (const AddressSpaceOverride &o : addressSpaceOverrides(c, endpoints)) {
        const QString host = o.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + o.host + QLatin1Char(']') : o.host;
        bySpace[o.space == IpAddressSpace::Local ? QStringLiteral("private") : ipAddressSpaceName(o.space)].append(
            host + QLatin1Char(':') + QString::number(o.port));
    }
    for (auto it = bySpace.cbegin(); it != bySpace.cend(); ++it) {
        lna += "user_pref(\"network.lna.address_space." + it.key().toLatin1() + ".override\", \""
            + it.value().join(QLatin1Char(',')).toLatin1() + "\");\n";
    }
    QFile file(profileDir + QStringLiteral("/user.js"));
    if (file.open(QIODevice::WriteOnly)) {
        file.write(prefs + lna);
    }
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

QStringList WebKitRunner::arguments(const QString &, const QString &url, const Case &, const Endpoints &) const
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
