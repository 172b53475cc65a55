#pragma once

#include <session/session.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>

#include <optional>

namespace SseScope {

// One request and its answer as they passed through the intercept proxy, in the session types
// every other recording uses. Times in `exchange` and `chunks` are milliseconds since the proxy
// started (InterceptProxy::startedAt()).
struct InterceptedExchange
{
    SessionExchange exchange; // request as the client sent it, response as the client got it
    QList<RawChunk> chunks; // the response body (de-chunked, still encoded) with arrival times
    qint64 bodyBytesKept = 0; // bytes kept in `chunks` (bounded: see InterceptProxy::Options)
    bool rewritten = false; // a rewrite rule changed the request or the response head
    std::optional<ResponseHead> originalResponse; // the head the server sent, when it was rewritten
    QList<QByteArray> rewriteNotes; // what each rule did ("set Access-Control-Allow-Origin")
    quint64 connection = 0; // the client connection it came on (1-based)
    bool tunneled = false; // inside a CONNECT tunnel (https)

    // An event stream: answered as text/event-stream, or asked for one (EventSource sends
    // Accept: text/event-stream; so does a fetch that reads a stream it expects to be one).
    bool isEventStream() const;
    bool isPreflight() const;
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::InterceptedExchange)
