#pragma once

#include <common/httpheaders.h>

#include <QList>
#include <QMetaType>
#include <QString>

namespace SseScope {

// One event as the mock server wrote it. The recording, not the wire, carries the write time:
// the stream stays byte-faithful, and the client compares writtenUs with its arrival times to
// see buffering (a proxy that holds events back, compression, a drip).
struct WrittenEvent
{
    quint64 sequence = 0; // 1-based within the exchange, independent of any id: field
    QByteArray id; // the id: field written, empty when none
    QByteArray type; // the event: field written, empty for "message"
    qint64 writtenUs = 0; // monotonicMicroseconds() when the server produced it
    qint64 bodyOffset = 0; // where it starts in the uncompressed body
    int size = 0; // its bytes, blank line included
};

// One HTTP exchange on either origin, as a plain value (heads, timings, bytes).
struct ServerExchange
{
    enum class Kind
    {
        Stream,
        Preflight,
        Login,
        Redirect,
        Page,
        Report,
        Other
    };
    enum class End
    {
        Open, // still running
        Completed, // a whole response was written (everything but streams)
        EndedByScenario, // the stream ended cleanly (end after N events / T ms / script done)
        DroppedByScenario, // the server cut the connection mid-stream (drop every N events)
        ClientClosed, // the peer went away
        ServerStopped, // the server shut down or the scenario was replaced with a restart
        SlowClient, // the client fell too far behind (it stopped reading) and was dropped
    };

    quint64 id = 0;
    Kind kind = Kind::Other;
    QString scenario; // the scenario's name at the time the request arrived
    QString origin; // "api" or "page": which of the two listening origins
    QString peer; // "address:port" of the client
    RequestHead request; // headers as received, in order
    QByteArray requestBody; // bounded (POST /login, /report)
    ResponseHead response; // status and header lines as written, in order
    qint64 startedUs = 0; // request complete
    qint64 headersSentUs = -1; // the header block was ended (-1: not yet / never)
    qint64 endedUs = -1;
    End end = End::Open;
    qint64 bodyBytes = 0; // body bytes produced, before gzip and chunk framing
    qint64 wireBytes = 0; // bytes handed to the socket, head included
    quint64 eventCount = 0; // events written (events below may hold fewer)
    // A broadcast's answer to Last-Event-ID: events sent again from the replay buffer, and how
    // many after that id the buffer no longer held (a gap the client cannot see from the stream).
    quint64 replayedEvents = 0;
    quint64 replayMissed = 0;
    // The first maxRecordedEvents of them. MockServer sends events through eventsWritten()
    // batches only (a record per open stream stays small); MockServerController merges them
    // into the exchanges it keeps and emits.
    QList<WrittenEvent> events;

    static constexpr int maxRecordedEvents = 2000;
};

// The stable names used in logs and JSON: "stream", "preflight", "login", "redirect", ...
QString exchangeKindName(ServerExchange::Kind kind);
QString exchangeEndName(ServerExchange::End end);

// std::chrono::steady_clock in microseconds: one clock for the server and client threads.
qint64 monotonicMicroseconds();

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::WrittenEvent)
Q_DECLARE_METATYPE(SseScope::ServerExchange)
