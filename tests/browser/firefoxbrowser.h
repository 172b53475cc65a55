#pragma once

// One headless Firefox ESR driven over WebDriver BiDi, for the conformance suite (issue 15, and
// issue 12's CI time). Headless Firefox prints no network-level console messages ("Cross-Origin
// Request Blocked: …") on stderr, but its remote agent hands them to a BiDi client as
// log.entryAdded events; and a browser process per case cost ~10 s of start-up and shut-down a
// case. So one process serves many cases: each page opens in its own window of a fresh *user
// context* (browser.createUserContext: its own cookies, cache, HTTP auth and connections: a fresh
// profile as far as the page can tell), and the user context is removed after the case.
//
// Firefox starts with `--remote-debugging-port=0 about:blank`; this class reads the "WebDriver
// BiDi listening on ws://…" line from its stderr, opens a session, subscribes to log.entryAdded,
// and only then opens the pages asked for, so no message of a page is missed.

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

class FirefoxBrowser final : public QObject
{
    Q_OBJECT

public:
    using PageId = int;

    // Starts Firefox at once in a fresh profile holding the suite's quiet preferences plus
    // `extraPrefs` (user.js lines: a Local Network Access case's address-space overrides).
    explicit FirefoxBrowser(const QByteArray &extraPrefs, QObject *parent = nullptr);
    // Kills a Firefox still running and removes the profile.
    ~FirefoxBrowser() override;

    static QString executable();

    // Opens `url` in a new window of a new user context once the session is up. `opened` is
    // called when the navigation has started; `failed` at most once, before or after `opened`,
    // when the page cannot be opened or the browser is lost (the case then fails with that error:
    // a console that was not read is not "no lines").
    PageId openPage(const QUrl &url, std::function<void()> opened, std::function<void(const QString &)> failed);
    // The engine's own messages for the page (log entries of type "javascript": script errors and
    // warnings the engine reports, CORS among them), in arrival order, each distinct line once:
    // Firefox logs the same failure once or twice by timing (es.status-503-star: twice under load,
    // once unloaded). console.* calls of the page are not engine messages.
    QStringList consoleLines(PageId page) const;
    // Removes the page's user context (closing its window and connections), then calls `closed`
    // (also when the browser is gone or does not answer within a few seconds).
    void closePage(PageId page, std::function<void()> closed);

    // False once the process or the session is lost; open pages have then failed.
    bool isUsable() const { return m_lostBecause.isEmpty(); }
    // Where the set-up stands (for the error of a case whose page was never opened).
    QString state() const;
    // Ends the process, removes the profile and deletes this object, without blocking.
    void shutDownLater();

    // The websocket address in Firefox's stderr, or an empty URL.
    static QUrl listeningAddress(const QByteArray &stderrBytes);
    // The text of a log.entryAdded event that is the engine's own, or an empty string.
    static QString engineMessage(const QJsonObject &event);
    // The top-level browsing context a log.entryAdded event belongs to.
    static QString eventContext(const QJsonObject &event);

private:
    using Reply = std::function<void(const QJsonObject &result, const QString &error)>;
    struct Page
    {
        QUrl url;
        QString userContext;
        QString context;
        QStringList lines;
        bool opened = false;
        std::function<void()> onOpened;
        std::function<void(const QString &)> onFailed;
    };

    void stderrArrived();
    void send(const QString &method, const QJsonObject &params, Reply reply);
    void onMessage(const QString &text);
    void sessionReady();
    void beginOpen(PageId id);
    void failPage(PageId id, const QString &why);
    void lose(const QString &why);

    QString m_profileDir;
    QProcess *m_process = nullptr;
    QByteArray m_stderr; // until the listening line (bounded)
    QWebSocket *m_socket = nullptr;
    bool m_ready = false; // session open and subscribed
    QString m_step; // the set-up step under way, for state()
    QString m_lostBecause;
    int m_nextCommand = 1;
    QHash<int, Reply> m_replies;
    PageId m_nextPage = 1;
    QHash<PageId, Page> m_pages;
    QList<PageId> m_waiting; // asked for before the session was ready
    QHash<QString, PageId> m_pageByContext;
};

} // namespace SseScope::Conformance
