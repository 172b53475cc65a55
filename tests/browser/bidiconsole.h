#pragma once

// Firefox's console, observed (issue 15): headless Firefox prints no network-level console
// messages ("Cross-Origin Request Blocked: …") on stderr, but its remote agent hands them to a
// WebDriver BiDi client as log.entryAdded events. Firefox is started with
// `--remote-debugging-port=0` on about:blank; this tap reads the "WebDriver BiDi listening on
// ws://…" line from its stderr, opens a session on that websocket, subscribes to log.entryAdded
// and only then navigates to the case page, so no message of the page is missed.

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QWebSocket;

namespace SseScope::Conformance {

class BidiConsole final : public QObject
{
    Q_OBJECT

public:
    // `pageUrl`: what to open once subscribed; `failed` is called once if the session cannot be
    // set up (the case then fails with that error: a console that was not read is not "no lines").
    BidiConsole(const QUrl &pageUrl, std::function<void(const QString &)> failed, QObject *parent = nullptr);
    ~BidiConsole() override;

    // Firefox's stderr so far (the whole of it, as it grows).
    void stderrArrived(const QByteArray &stderrSoFar);
    // The engine's own messages (log entries of type "javascript": script errors and warnings the
    // engine reports, CORS among them), in arrival order; console.* calls of the page are not. A
    // line Firefox repeats is kept once: it logs the same failure once or twice by timing
    // (es.status-503-star: twice under load, once unloaded).
    QStringList lines() const
    {
        QStringList distinct = m_lines;
        distinct.removeDuplicates();
        return distinct;
    }
    bool navigated() const { return m_navigated; }
    qint64 sinceNavigationMs() const { return m_navigatedAt.elapsed(); }
    // Where the set-up stands (for the error of a case whose page was never opened).
    QString state() const;

    // The websocket address in a stderr line, or an empty URL.
    static QUrl listeningAddress(const QByteArray &stderrBytes);
    // The text of a log.entryAdded event that is the engine's own, or an empty string.
    static QString engineMessage(const QJsonObject &event);

private:
    void send(const QString &method, const QJsonObject &params);
    void onMessage(const QString &text);
    void fail(const QString &why);

    QUrl m_pageUrl;
    std::function<void(const QString &)> m_failed;
    QWebSocket *m_socket = nullptr;
    int m_nextId = 1;
    int m_step = 0; // 1 session.new, 2 subscribe, 3 getTree, 4 navigate
    bool m_navigated = false;
    QElapsedTimer m_navigatedAt;
    bool m_failedOnce = false;
    QStringList m_lines;
};

} // namespace SseScope::Conformance
