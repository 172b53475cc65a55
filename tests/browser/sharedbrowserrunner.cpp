#include "runners.h"

#include "remotebrowser.h"

#include <headlesschromium.h>

#include <QFileInfo>
#include <QMap>
#include <QTimer>

#include <memory>

namespace SseScope::Conformance {

namespace {

// The browser must have opened the page by then (seen: Firefox's start-up takes over 30 s at a
// load average of 10 on the 2-core machine; the cases asked for meanwhile wait for it).
constexpr int kStartupMs = 90000;

QList<int> casePorts(const Endpoints &endpoints)
{
    return {endpoints.pagePort, endpoints.apiPort, endpoints.otherPort};
}

} // namespace

SharedBrowserRunner::~SharedBrowserRunner()
{
    // Ends the processes (a case's own may still be shutting down) and removes their profiles.
    delete m_shared;
    for (const QPointer<RemoteBrowser> &browser : std::as_const(m_otherBrowsers)) {
        delete browser;
    }
}

QString SharedBrowserRunner::unavailableReason() const
{
    if (!QFileInfo(executable()).isExecutable()) {
        return executable() + QStringLiteral(" is missing (install Debian's package for it: .ci/run does)");
    }
    return QString();
}

RemoteBrowser *SharedBrowserRunner::sharedBrowser(const Endpoints &endpoints)
{
    if (m_shared && !m_shared->isUsable()) {
        // Lost (crashed, or its session closed): the cases that were in it have failed with the
        // reason; the next ones get a new process.
        m_shared->shutDownLater();
        m_otherBrowsers.append(m_shared);
        m_shared = nullptr;
    }
    if (!m_shared) {
        m_shared = newBrowser(nullptr, endpoints);
    }
    return m_shared;
}

void SharedBrowserRunner::start(const Case &c, CaseServer *server, Done done)
{
    struct Run
    {
        QPointer<RemoteBrowser> browser;
        bool ownBrowser = false; // a process for this case alone (its settings)
        RemoteBrowser::PageId page = 0;
        bool opened = false;
        bool finishing = false;
        Done done;
    };
    auto run = std::make_shared<Run>();
    run->done = std::move(done);
    run->ownBrowser = needsOwnBrowser(c, server->endpoints());
    if (run->ownBrowser) {
        m_otherBrowsers.removeAll(nullptr);
        run->browser = newBrowser(&c, server->endpoints());
        m_otherBrowsers.append(run->browser);
    } else {
        run->browser = sharedBrowser(server->endpoints());
    }
    const QString runnerName = name();
    const Case theCase = c;

    auto finish = [run, server, runnerName, theCase](const QString &error) {
        if (run->finishing) {
            return;
        }
        run->finishing = true;
        // A console that was never read for this page is unknown, not empty.
        std::optional<QStringList> console;
        if (run->browser && run->opened) {
            console = run->browser->consoleLines(run->page);
        }
        const Observation o = observationAtServer(runnerName, theCase, *server, error, console);
        if (!run->browser) {
            run->done(o);
        } else if (run->ownBrowser) {
            run->browser->shutDownLater();
            run->done(o);
        } else {
            // The next case starts after the context (and its held-open streams) is gone.
            run->browser->closePage(run->page, [run, o] { run->done(o); });
        }
    };

    QObject::connect(server, &CaseServer::reported, server,
        [server, finish] { QTimer::singleShot(kConsoleGraceMs, server, [finish] { finish(QString()); }); });
    // The page's window counts from the navigation, after a start-up a loaded machine may stretch.
    run->page = run->browser->openPage(
        QUrl(server->pageUrl()), casePorts(server->endpoints()),
        [run, server, finish, reportWithinMs = theCase.windowMs + kReportSlackMs] {
            run->opened = true;
            QTimer::singleShot(reportWithinMs, server, [server, finish] {
                if (!server->report()) {
                    finish(QStringLiteral("no report from the page"));
                }
            });
        },
        [finish](const QString &why) { finish(why); });
    QTimer::singleShot(kStartupMs, server, [run, finish] {
        if (!run->opened) {
            finish(QStringLiteral("no report: the browser never opened the page: ")
                + (run->browser ? run->browser->state() : QStringLiteral("the browser is gone")));
        }
    });
}

QString ChromiumRunner::executable() const
{
    return TestSupport::chromiumExecutable();
}

QStringList ChromiumRunner::caseArguments(const Case &c, const Endpoints &endpoints)
{
    const QList<AddressSpaceOverride> overrides = addressSpaceOverrides(c, endpoints);
    if (overrides.isEmpty()) {
        return {};
    }
    // Local Network Access cases: the page's (or the API's) port is told to be public / local.
    return {QStringLiteral("--ip-address-space-overrides=") + addressSpaceOverridesText(overrides)};
}

RemoteBrowser *ChromiumRunner::newBrowser(const Case *c, const Endpoints &endpoints) const
{
    return new ChromiumBrowser(c ? caseArguments(*c, endpoints) : QStringList());
}

QString FirefoxRunner::executable() const
{
    return FirefoxBrowser::executable();
}

QByteArray FirefoxRunner::casePreferences(const Case &c, const Endpoints &endpoints)
{
    // Local Network Access cases: Firefox's own overrides, one list per space ("private" is local).
    QMap<QString, QStringList> bySpace;
    for (const AddressSpaceOverride &o : addressSpaceOverrides(c, endpoints)) {
        const QString host = o.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + o.host + QLatin1Char(']') : o.host;
        bySpace[o.space == IpAddressSpace::Local ? QStringLiteral("private") : ipAddressSpaceName(o.space)].append(
            host + QLatin1Char(':') + QString::number(o.port));
    }
    QByteArray prefs;
    for (auto it = bySpace.cbegin(); it != bySpace.cend(); ++it) {
        prefs += "user_pref(\"network.lna.address_space." + it.key().toLatin1() + ".override\", \""
            + it.value().join(QLatin1Char(',')).toLatin1() + "\");\n";
    }
    return prefs;
}

RemoteBrowser *FirefoxRunner::newBrowser(const Case *c, const Endpoints &endpoints) const
{
    return new FirefoxBrowser(c ? casePreferences(*c, endpoints) : QByteArray());
}

} // namespace SseScope::Conformance
