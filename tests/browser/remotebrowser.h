#pragma once

// One headless browser process that serves many conformance cases, driven over its remote
// protocol (Firefox: WebDriver BiDi; Chromium: the DevTools protocol). A browser process per case
// cost several seconds of start-up and shut-down a case (Firefox ~10.8 s a case in CI's run), so
// each case instead opens its page in a fresh isolated context of the one process (its own cookies,
// cache, HTTP auth and connections: a fresh profile as far as the page can tell), which is removed
// after the case. The matrix's cookie rows are what checks the isolation: cookies do not keep ports
// apart, so a cookie of one case leaking into the next disagrees (docs/conformance.md).
//
// This class owns the process, its profile directory, the websocket and the command/answer
// bookkeeping; a subclass says how its browser starts, where it listens, and how a context is
// made, opened and removed.

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QProcess;
class QWebSocket;

namespace SseScope::Conformance {

class RemoteBrowser : public QObject
{
    Q_OBJECT

public:
    using PageId = int;

    // Kills a browser still running and removes the profile.
    ~RemoteBrowser() override;

    // Opens `url` in a new window of a fresh context once the browser is ready. `opened` is called
    // when the navigation has started; `failed` at most once, before or after `opened`, when the
    // page cannot be opened or the browser is lost (the case then fails with that error: a console
    // that was not read is not "no lines"). `ports`: the case's own ports, by which console lines
    // that name no context are told apart (Chromium's stderr).
    PageId openPage(const QUrl &url, const QList<int> &ports, std::function<void()> opened,
        std::function<void(const QString &)> failed);
    // The engine's console messages for the page, in arrival order, each distinct line once (an
    // engine may log the same failure once or twice by timing: Firefox, es.status-503-star).
    QStringList consoleLines(PageId page) const;
    // Removes the page's context (closing its window and connections), then calls `closed` (also
    // when the browser is gone or does not answer within a few seconds).
    void closePage(PageId page, std::function<void()> closed);

    // False once the process or the session is lost; open pages have then failed.
    bool isUsable() const { return m_lostBecause.isEmpty(); }
    // Where the set-up stands (for the error of a case whose page was never opened).
    QString state() const { return m_step; }
    // Ends the process, removes the profile and deletes this object, without blocking.
    void shutDownLater();

protected:
    using Reply = std::function<void(const QJsonObject &result, const QString &error)>;
    struct Page
    {
        QUrl url;
        QList<int> ports;
        QString isolation; // the protocol's id of the fresh context (user context, browser context)
        QString context; // the protocol's id of the page's window (browsing context, target)
        QStringList lines;
        bool opened = false;
        std::function<void()> onOpened;
        std::function<void(const QString &)> onFailed;
    };

    explicit RemoteBrowser(QObject *parent);
    // Writes nothing; starts `program` with `arguments` (the profile directory is profileDir()).
    void launch(const QString &program, const QStringList &arguments);
    QString profileDir() const { return m_profileDir; }

    // The remote protocol's name, for messages ("WebDriver BiDi", "DevTools").
    virtual QString protocolName() const = 0;
    // The websocket to open, from the stderr lines so far; an empty URL until it is there.
    virtual QUrl controlAddress(const QByteArray &stderrLine) const = 0;
    // Called once the websocket is open; calls `ready` when pages may be opened.
    virtual void handshake(std::function<void()> ready) = 0;
    // Makes the page's fresh context and window and navigates; ends in pageOpened() or failPage().
    virtual void beginOpen(PageId id) = 0;
    // The command that removes a page's context.
    virtual void removeContext(const Page &page, Reply reply) = 0;
    // A message that answers a command: its id, and its result or error text. False for events.
    virtual bool parseAnswer(const QJsonObject &message, int *id, QJsonObject *result, QString *error) const = 0;
    virtual void eventArrived(const QJsonObject &event) { Q_UNUSED(event) }
    // Every whole line of the browser's stderr, after the control address was found.
    virtual void stderrLine(const QByteArray &line) { Q_UNUSED(line) }

    void send(const QString &method, const QJsonObject &params, Reply reply);
    // A step of opening page `id`: `next` runs with the page and the result only when the page is
    // still there and the command succeeded; an error fails the page ("<protocol> <method>: why").
    using PageStep = std::function<void(Page &page, const QJsonObject &result)>;
    void sendForPage(PageId id, const QString &method, const QJsonObject &params, PageStep next);
    Page *page(PageId id);
    PageId pageByContext(const QString &context) const { return m_pageByContext.value(context); }
    PageId pageByPort(int port) const;
    void setPageContext(PageId id, const QString &context);
    void pageOpened(PageId id);
    void failPage(PageId id, const QString &why);
    void setStep(const QString &step) { m_step = step; }
    void lose(const QString &why);

private:
    void stderrArrived();
    void onMessage(const QString &text);
    void sessionReady();

    QString m_profileDir;
    QProcess *m_process = nullptr;
    QByteArray m_stderrLine; // the line being read (bounded)
    QWebSocket *m_socket = nullptr;
    bool m_ready = false;
    QString m_step;
    QString m_lostBecause;
    int m_nextCommand = 1;
    QHash<int, Reply> m_replies;
    PageId m_nextPage = 1;
    QHash<PageId, Page> m_pages;
    QList<PageId> m_waiting; // asked for before the browser was ready
    QHash<QString, PageId> m_pageByContext;
};

// Firefox ESR over WebDriver BiDi. Headless Firefox prints no network-level console messages
// ("Cross-Origin Request Blocked: …") on stderr; its remote agent hands them to a BiDi client as
// log.entryAdded events, so the session subscribes to them before any page opens. A page gets a
// user context (browser.createUserContext) and a window in it (not a tab: a background tab's timers
// are throttled); its console lines are the engine's entries (type "javascript", not the page's
// console.* calls) whose source is that window.
class FirefoxBrowser final : public RemoteBrowser
{
    Q_OBJECT

public:
    // Starts Firefox at once in a fresh profile with the suite's quiet preferences plus
    // `extraPrefs` (user.js lines: a Local Network Access case's address-space overrides).
    explicit FirefoxBrowser(const QByteArray &extraPrefs, QObject *parent = nullptr);

    static QString executable();
    // "WebDriver BiDi listening on ws://…" in a stderr line: the session's address, or empty.
    static QUrl listeningAddress(const QByteArray &stderrBytes);
    // The text of a log.entryAdded event that is the engine's own, or an empty string.
    static QString engineMessage(const QJsonObject &event);
    // The top-level browsing context a log.entryAdded event belongs to.
    static QString eventContext(const QJsonObject &event);

protected:
    QString protocolName() const override { return QStringLiteral("WebDriver BiDi"); }
    QUrl controlAddress(const QByteArray &stderrLine) const override;
    void handshake(std::function<void()> ready) override;
    void beginOpen(PageId id) override;
    void removeContext(const Page &page, Reply reply) override;
    bool parseAnswer(const QJsonObject &message, int *id, QJsonObject *result, QString *error) const override;
    void eventArrived(const QJsonObject &event) override;
};

// Headless Chromium over the DevTools protocol. A page gets an isolated browser context
// (Target.createBrowserContext) and a window in it (Target.createTarget, newWindow); its console
// lines are Chromium's stderr CONSOLE lines, exactly as a browser process per case printed them,
// told apart by the case's ports in their source URL.
class ChromiumBrowser final : public RemoteBrowser
{
    Q_OBJECT

public:
    // Starts Chromium at once in a fresh profile with the suite's flags plus `extraArguments`
    // (a Local Network Access case's --ip-address-space-overrides).
    explicit ChromiumBrowser(const QStringList &extraArguments, QObject *parent = nullptr);

    // "DevTools listening on ws://…" in a stderr line: the browser target's address, or empty.
    static QUrl listeningAddress(const QByteArray &stderrLine);
    // A stderr CONSOLE line's message and the port of its source URL (-1 if none); nullopt for
    // any other line. [pid:tid:MMDD/HHMMSS.us:INFO:CONSOLE(0)] "message", source: url (0)
    struct ConsoleLine
    {
        QString message;
        int sourcePort = -1;
    };
    static std::optional<ConsoleLine> consoleLine(const QByteArray &stderrLine);

protected:
    QString protocolName() const override { return QStringLiteral("DevTools"); }
    QUrl controlAddress(const QByteArray &stderrLine) const override { return listeningAddress(stderrLine); }
    void handshake(std::function<void()> ready) override { ready(); }
    void beginOpen(PageId id) override;
    void removeContext(const Page &page, Reply reply) override;
    bool parseAnswer(const QJsonObject &message, int *id, QJsonObject *result, QString *error) const override;
    void stderrLine(const QByteArray &line) override;
};

} // namespace SseScope::Conformance
