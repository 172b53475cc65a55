#pragma once

#include "clientoptions.h"

#include <session/replaycheck.h>
#include <session/session.h>

#include <QObject>

class QThread;

namespace SseScope {

class BrowserClient;
struct ServerExchange;

// The caller-thread face of one browser-faithful client session (like MockServerController for
// the server). It runs a BrowserClient on its own QThread, receives its queued signals in order,
// records everything into session() and then re-emits a small notification, so a GUI model or
// the CLI reads the Session on its own thread without locks.
//
// Usage:
//   BrowserClientController client;
//   connect(&client, &BrowserClientController::finished, …);
//   client.start(options);            // returns at once; the observation runs
//   … client.session().verdict() …   // at any time, on this thread
//   client.stop();                    // or wait for finished()
//
// The notifications come in the order the client saw things, at most one per network delivery
// (a readyRead), so a fast stream produces a few hundred per second, not one per event: views
// should still batch (DESIGN.md "Threads").
class BrowserClientController final : public QObject
{
    Q_OBJECT

public:
    explicit BrowserClientController(QObject *parent = nullptr);
    explicit BrowserClientController(const Session::Limits &limits, QObject *parent = nullptr);
    ~BrowserClientController() override;

    // Checks the options (the page origin must be a tuple origin, the URL must be set), clears the
    // session, starts the client thread and the observation. False (and the reason) when the
    // options are unusable or a session is already running.
    bool start(const ClientOptions &options, QString *errorString = nullptr);
    // Ends the observation now (as when the window passes): the page stops watching. The final
    // wire findings are added, then finished() is emitted. Joins the client thread.
    void stop();
    bool isRunning() const { return m_running; }

    const Session &session() const { return m_session; }

    // In-process only: the mock server's record of the same stream, with its write time per
    // event. The session then measures buffering exactly (write time vs. arrival time, one
    // monotonic clock) instead of guessing from arrival patterns, and keeps the write and arrival
    // times (Session::serverWrites(), for the timeline). Call it with each exchange the
    // MockServerController reports (exchangeStarted / exchangeFinished); streams that do not
    // match one of ours (by time, path and Origin) are ignored.
    void correlateServerExchange(const ServerExchange &exchange);
    // Only the write and arrival times (a stream still running: its findings wait for its end).
    // The session exchange it matched, or 0.
    quint64 recordServerWrites(const ServerExchange &exchange);

Q_SIGNALS:
    // session().exchange(id) was added or changed (head arrived, ended).
    void exchangeRecorded(quint64 id);
    // `count` raw chunks were appended to session().chunks().
    void chunksRecorded(qsizetype count);
    // `count` events were appended to session().events().
    void eventsRecorded(qsizetype count);
    void cookiesRecorded(qsizetype count);
    // New findings were appended to session().findings().
    void findingsChanged();
    // session().verdict() changed (readyState, open, error, console lines, counters).
    void verdictChanged();
    // The observation ended: the window passed, max events reached, stop() was called, or the
    // browser failed the connection for good. The session is complete.
    void finished();

private:
    void onClientFinished();
    void shutDownThread();

    Session m_session;
    ReplayCheck m_replayCheck; // ids across reconnects: missed and repeated events
    QThread *m_thread = nullptr;
    BrowserClient *m_client = nullptr;
    bool m_running = false;
    qint64 m_monotonicStartUs = 0; // monotonicMicroseconds() at session time 0
};

} // namespace SseScope
