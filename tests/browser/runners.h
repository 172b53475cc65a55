#pragma once

// The runners of the conformance suite. A runner turns one case into an Observation. The real
// browsers run the generated page against a live CaseServer; the model runner feeds the same
// answers to EventSourceModel; CheckRunner runs `ssescope check --json` (issue 5) against the live
// CaseServer like the browsers and reads its verdict.

#include "caseserver.h"
#include "conformancecase.h"

#include <browser/profile.h>

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <QPointer>

#include <functional>

namespace SseScope::Conformance {

class RemoteBrowser;

class Runner
{
public:
    using Done = std::function<void(const Observation &)>;
    virtual ~Runner() = default;

    virtual QString name() const = 0;
    // Why this runner cannot run on this machine ("" when it can): the only reason to skip.
    virtual QString unavailableReason() const = 0;
    // Runs `c` against `server` (listening, owned by the caller, alive until `done` ran) and calls
    // `done` exactly once, from the event loop. Several runs may be in flight at once.
    virtual void start(const Case &c, CaseServer *server, Done done) = 0;
    // The observation window this runner needs for a case whose window is not fixed (a slow
    // browser start-up is not the case's business). Applied to both sides before the run.
    virtual int windowMs(const Case &c) const { return c.windowMs; }
};

// A real browser process in a fresh profile per case (WebKitGTK). Subclasses give the command line
// and read console lines from the process output.
class BrowserRunner : public Runner
{
public:
    QString unavailableReason() const override;
    void start(const Case &c, CaseServer *server, Done done) override;

protected:
    virtual QString executable() const = 0;
    virtual QStringList arguments(const QString &profileDir, const QString &url) const = 0;
    // The process's environment; the system's by default.
    virtual QProcessEnvironment environment(const QString &profileDir) const;
    // Console lines from the process's stderr; nullopt when this browser does not print them.
    virtual std::optional<QStringList> consoleLines(const QByteArray &stderrBytes) const = 0;
};

// A real browser driven over its remote protocol (RemoteBrowser): one headless process for the
// whole matrix, each case in a fresh isolated context of it (its own cookies, cache, auth and
// connections). A case that needs settings a running browser cannot take per case (the Local
// Network Access address-space overrides) gets a process of its own with them.
class SharedBrowserRunner : public Runner
{
public:
    ~SharedBrowserRunner() override;
    QString unavailableReason() const override;
    void start(const Case &c, CaseServer *server, Done done) override;

protected:
    virtual QString executable() const = 0;
    // Whether `c` needs a browser of its own.
    virtual bool needsOwnBrowser(const Case &c, const Endpoints &endpoints) const = 0;
    // A new browser, started: for `c` alone, or shared when `c` is null.
    virtual RemoteBrowser *newBrowser(const Case *c, const Endpoints &endpoints) const = 0;

private:
    // The process the cases without settings of their own share; a new one if it was lost.
    RemoteBrowser *sharedBrowser(const Endpoints &endpoints);

    QPointer<RemoteBrowser> m_shared;
    // The other processes while they shut down: the cases' own, a shared one that was lost.
    QList<QPointer<RemoteBrowser>> m_otherBrowsers;
};

// Headless Chromium over the DevTools protocol (ChromiumBrowser); its console is its stderr.
class ChromiumRunner final : public SharedBrowserRunner
{
public:
    QString name() const override { return QStringLiteral("chromium"); }

    // The command-line arguments a case needs beyond the suite's (empty for most).
    static QStringList caseArguments(const Case &c, const Endpoints &endpoints);

protected:
    QString executable() const override;
    bool needsOwnBrowser(const Case &c, const Endpoints &endpoints) const override
    {
        return !caseArguments(c, endpoints).isEmpty();
    }
    RemoteBrowser *newBrowser(const Case *c, const Endpoints &endpoints) const override;
};

// Firefox ESR over WebDriver BiDi (FirefoxBrowser); its console read as log.entryAdded events.
class FirefoxRunner final : public SharedBrowserRunner
{
public:
    QString name() const override { return QStringLiteral("firefox"); }
    // Firefox is slow to follow redirects on a loaded machine (seen: > 3 s on 2 shared cores).
    int windowMs(const Case &c) const override { return c.fixedWindow ? c.windowMs : 5000; }

    // The user.js lines a case needs beyond the quiet defaults ("" for most).
    static QByteArray casePreferences(const Case &c, const Endpoints &endpoints);

protected:
    QString executable() const override;
    bool needsOwnBrowser(const Case &c, const Endpoints &endpoints) const override
    {
        return !casePreferences(c, endpoints).isEmpty();
    }
    RemoteBrowser *newBrowser(const Case *c, const Endpoints &endpoints) const override;
};

// WebKitGTK (Debian's gir1.2-webkit2-4.1 through python3-gi): WebKit's own CORS, fetch and
// EventSource code, the code Safari runs, compared with the Safari profile. tests/browser/webkit-page.py
// opens the page under a private Xvfb, with fresh XDG directories per case (a fresh profile), and
// prints WebKit's console messages ("write console messages to stdout"): observed, not recalled.
// Where Safari's policy differs from WebKitGTK's (ITP, third-party cookies), the case says so.
class WebKitRunner final : public BrowserRunner
{
public:
    QString name() const override { return QStringLiteral("webkit"); }
    QString unavailableReason() const override;
    // WebKitGTK starts a UI, a network and a web process per case.
    int windowMs(const Case &c) const override { return c.fixedWindow ? c.windowMs : 5000; }

protected:
    QString executable() const override { return QStringLiteral("/usr/bin/python3"); }
    QStringList arguments(const QString &profileDir, const QString &url) const override;
    QProcessEnvironment environment(const QString &profileDir) const override;
    std::optional<QStringList> consoleLines(const QByteArray &stderrBytes) const override;
};

// After the report arrives, a browser still gets a moment to print its console lines.
inline constexpr int kConsoleGraceMs = 300;
// The page's window plus this (start-up, a loaded machine) is when its report is due; past it the
// case fails with an error.
inline constexpr int kReportSlackMs = 25000;

// What the CaseServer saw of a run in a real browser: the page's report and the requests before
// it, normalized, with `error` (empty when the run went well) and the engine's console lines when
// the runner can read them (nullopt: it cannot).
Observation observationAtServer(const QString &runner, const Case &c, const CaseServer &server,
    const QString &error, const std::optional<QStringList> &console);
// Removes a browser profile directory, retrying for a few seconds: a browser's helper processes
// may still write into it for a moment after the browser exits.
void removeDirLater(const QString &path, int attemptsLeft = 30);

// EventSourceModel fed with the case's answers, in the order the browser meets them (login,
// preflight, each redirect hop, stream head, body blocks, end or held open, reconnects within the
// observation window), with a CookieJar behind the model's cookie hooks.
class ModelRunner final : public Runner
{
public:
    explicit ModelRunner(const BrowserProfile &profile)
        : m_profile(profile)
    {
    }
    QString name() const override { return QStringLiteral("model:") + m_profile.name; }
    QString unavailableReason() const override { return QString(); }
    void start(const Case &c, CaseServer *server, Done done) override;

    // The synchronous core (tests and the `start` wrapper).
    Observation observe(const Case &c, const Endpoints &endpoints) const;

private:
    BrowserProfile m_profile;
};

// `ssescope check <api stream URL> --origin <page origin> … --json` (issue 5) against the live
// CaseServer: the verdict, events and console lines come from its JSON report; the requests that
// reached the server from the CaseServer's recording, exactly as for the browsers.
class CheckRunner final : public Runner
{
public:
    explicit CheckRunner(const QString &executable);
    QString name() const override { return QStringLiteral("check"); }
    QString unavailableReason() const override;
    void start(const Case &c, CaseServer *server, Done done) override;

    // Why a case cannot be put to `check` (its command line has no way to say it); nullopt if it can.
    static std::optional<QString> inexpressible(const Case &c);
    static QStringList arguments(const Case &c, const Endpoints &endpoints);
    static Observation observation(const Case &c, const QJsonObject &report, const Endpoints &endpoints);

private:
    QString m_executable;
};

} // namespace SseScope::Conformance
