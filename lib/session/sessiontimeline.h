#pragma once

#include "session.h"

#include <QList>

namespace SseScope {

// What the Timeline shows, read from a Session: the connection's state changes, every request
// (reconnects apart), the server's write time against the arrival time where the mock server runs
// in-process, the bursts (many events in one network delivery, as a buffering proxy delivers
// them) and, for a session without events, why there are none. The window's pane only draws it.

struct TimelineMark
{
    enum class Kind
    {
        State, // readyState changed (CONNECTING, OPEN, CLOSED)
        Request, // a request went out: preflight, login, redirect hop, the first stream attempt
        Reconnect, // a stream attempt after the first
    };
    Kind kind = Kind::State;
    qint64 atMs = 0;
    ReadyState state = ReadyState::Connecting; // Kind::State
    ExchangeKind exchange = ExchangeKind::Stream; // Kind::Request / Reconnect
    quint64 exchangeId = 0; // Kind::Request / Reconnect
    int attempt = 0; // the stream's connection attempt (Kind::Reconnect: 2 and up)
    QString detail; // State: the reason ("open", "error", …); requests: the status or network error
};

// One network delivery that carried at least kBurstEvents events at once.
struct TimelineBurst
{
    quint64 exchangeId = 0;
    qint64 atMs = 0;
    int events = 0;
    qint64 quietBeforeMs = 0; // since the previous delivery of the same exchange (or its start)
};
constexpr int kBurstEvents = 5;

struct SessionTimeline
{
    // Why nothing arrived, when nothing did.
    enum class Empty
    {
        No, // events arrived
        NoSession, // no request was made
        Connecting, // still CONNECTING, no answer yet
        OpenWithoutEvents, // OPEN, and no event so far
        ClosedWithoutEvents, // the stream was refused or failed, or ended, before any event
    };

    QList<TimelineMark> marks; // in time order
    QList<ServerWrite> writes; // Session::serverWrites(): empty unless the mock server is in-process
    QList<TimelineBurst> bursts; // in time order
    quint64 events = 0; // every event of the session, dropped ones included
    int requests = 0; // every exchange
    int reconnects = 0; // stream attempts after the first
    qint64 endMs = 0; // the last thing the session knows of (a mark, an arrival, a write)
    int lateWrites = 0; // writes that arrived kLateWriteMs or more after they were written (or not yet)
    qint64 longestDelayMs = -1; // the longest write → arrival; -1: no write arrived
    Empty empty = Empty::NoSession;
    ReadyState readyState = ReadyState::Connecting; // the session's readyState now
    QString lastReason; // the last state change's reason ("error", "closed by the page", …)
};

// An event the server wrote this long before it arrived was held on the way (as wirediagnosis).
constexpr qint64 kLateWriteMs = 500;

// nowMs: the session's clock now (a live session runs on while nothing happens); -1: the last
// thing recorded is the end.
SessionTimeline sessionTimeline(const Session &session, qint64 nowMs = -1);

} // namespace SseScope
