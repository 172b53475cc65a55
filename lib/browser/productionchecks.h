#pragma once

#include "findings.h"
#include "origin.h"
#include "profile.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace SseScope {

// Findings that are not browser errors but bite in production: proxies, caches, logs, limits.
// Pure functions over the request, the response head and a summary of the stream, so the client
// and the session can call them whenever they hold the inputs.

// The query parameter that looks like a credential (token, access_token, jwt, api_key, auth, key,
// session, sig, password…) or a value shaped like a JWT; empty when there is none.
QString credentialQueryParameter(const QUrl &url);

// Request-side: `request.token-in-query`.
QList<Finding> checkRequestUrl(const QUrl &url);

// Response-head checks on an accepted stream response:
// `response.no-transform-missing`, `response.content-encoding`, `cors.vary-origin-missing`,
// `cors.wildcard-on-authenticated-stream`.
QList<Finding> checkStreamResponse(const RequestHead &sent, const ResponseHead &response);

// `http.http1-stream` (each stream holds one of the per-host sockets over HTTP/1.x) and
// `http.connection-limit` (this stream is beyond the profile's limit: it waits, silently).
// `httpVersion`: "1.0", "1.1", "2", "3"; `openStreamsToHost` counts this one.
QList<Finding> checkConnection(const QByteArray &httpVersion, int openStreamsToHost, const BrowserProfile &profile);

// Chunks as they arrived, for the timing heuristics.
struct ChunkArrival
{
    qint64 receivedMs = 0; // since the request was sent
    qint64 bytes = 0;
    int events = 0; // events the parser dispatched from this chunk
};

// What the client observed of one stream body.
struct StreamSummary
{
    qint64 observedMs = 0; // how long the body was watched
    bool endedByServer = false;
    int events = 0; // dispatched events (with data)
    int eventsWithId = 0;
    int comments = 0;
    QList<ChunkArrival> chunks;
    // Parser caps and decoding (filled from the parser's counters).
    int linesTooLong = 0;
    int eventsTooLarge = 0;
    int invalidUtf8Sequences = 0;
};

// A silence this long is close to the common proxy idle timeouts (nginx proxy_read_timeout and
// AWS ALB 60 s, Heroku 55 s): without a heartbeat the proxy cuts the stream.
constexpr qint64 kHeartbeatThresholdMs = 30000;
// A stream that delivered regularly and then goes this long without a byte has stalled.
constexpr qint64 kStallThresholdMs = 10000;

// The longest time without a byte: before the first chunk, between chunks, and after the last.
qint64 longestSilenceMs(const StreamSummary &summary);
// Events written over time that arrive in a few bursts (a buffering proxy or compression).
bool looksBuffered(const StreamSummary &summary);

// `stream.no-heartbeat`, `stream.no-ids`, `transport.buffered`, `transport.stall`,
// `stream.line-too-long`, `stream.event-too-large`, `stream.invalid-utf8`.
QList<Finding> checkStream(const StreamSummary &summary);

} // namespace SseScope
