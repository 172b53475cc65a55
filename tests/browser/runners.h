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

#include <functional>

namespace SseScope::Conformance {

class BidiConsole;

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

// A real browser in a fresh profile per case. Subclasses give the command line and read console
// lines from the process output.
class BrowserRunner : public Runner
{
public:
    QString unavailableReason() const override;
    void start(const Case &c, CaseServer *server, Done done) override;

protected:
    virtual QString executable() const = 0;
    // `c` and `endpoints`: for what a case tells the browser (Local Network Access overrides).
    virtual QStringList arguments(
        const QString &profileDir, const QString &url, const Case &c, const Endpoints &endpoints) const = 0;
    virtual void prepareProfile(const QString &profileDir, const Case &c, const Endpoints &endpoints) const
    {
        Q_UNUSED(profileDir)
        Q_UNUSED(c)
        Q_UNUSED(endpoints)
    }
    // The process's environment; the system's by default.
    virtual QProcessEnvironment environment(const QString &profileDir) const;
    // Console lines from the process's stderr; nullopt when this browser does not print them.
    virtual std::optional<QStringList> consoleLines(const QByteArray &stderrBytes) const = 0;
    // A browser whose console is read over a remote protocol (Firefox: WebDriver BiDi) is started
    // without the page; the tap (a child of `parent`) opens `page` once it listens and its lines
    // replace consoleLines(). `failed` ends the case with an error. nullptr: no tap.
    virtual BidiConsole *consoleTap(
        const QUrl &page, std::function<void(const QString &)> failed, QObject *parent) const
    {
        Q_UNUSED(page)
        Q_UNUSED(failed)
        Q_UNUSED(parent)
        return nullptr;
    }
};

class ChromiumRunner final : public BrowserRunner
{
public:
    QString name() const override { return QStringLiteral("chromium"); }

protected:
    QString executable() const override;
    QStringList arguments(
        const QString &profileDir, const QString &url, const Case &c, const Endpoints &endpoints) const override;
    std::optional<QStringList> consoleLines(const QByteArray &stderrBytes) const override;
};

class FirefoxRunner final : public BrowserRunner
{
public:
    QString name() const override { return QStringLiteral("firefox"); }
    // Whether the console is read over WebDriver BiDi (log.entryAdded; headless Firefox prints no
    // network-level CORS lines on stderr) and compared: by default since the whole matrix agreed
    // with it (issue 15); SSESCOPE_CONFORMANCE_FIREFOX_CONSOLE=0 compares behaviour only.
    static bool readsConsole();
    // Firefox is slow to follow redirects on a loaded machine (seen: > 3 s on 2 shared cores).
    int windowMs(const Case &c) const override { return c.fixedWindow ? c.windowMs : 5000; }

protected:
    QString executable() const override;
    QStringList arguments(
        const QString &profileDir, const QString &url, const Case &c, const Endpoints &endpoints) const override;
    void prepareProfile(const QString &profileDir, const Case &c, const Endpoints &endpoints) const override;
    // Headless Firefox prints no network-level CORS console messages on stderr (see readsConsole).
    std::optional<QStringList> consoleLines(const QByteArray &) const override { return std::nullopt; }
    BidiConsole *consoleTap(
        const QUrl &page, std::function<void(const QString &)> failed, QObject *parent) const override;
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
    QStringList arguments(
        const QString &profileDir, const QString &url, const Case &c, const Endpoints &endpoints) const override;
    QProcessEnvironment environment(const QString &profileDir) const override;
    std::optional<QStringList> consoleLines(const QByteArray &stderrBytes) const override;
};

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
