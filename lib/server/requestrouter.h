#pragma once

// What the mock server answers to one request, decided without a socket: which route, how the
// scenario shapes the answer (CORS, auth, redirect, status, stream headers), where a reconnect's
// Last-Event-ID resumes, the login's Set-Cookie, and the page origin's test page and report.
// MockServer carries the result out on the wire; tests and the in-process fuzz target
// (tests/fuzz/fuzz_mockrouter.cpp) call routeRequest() directly. No QtHttpServer here.

#include "eventgenerator_p.h"
#include "serverexchange.h"

#include <scenario/scenario.h>

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace SseScope {

class McpSessions;

// Which of the server's two origins received the request.
enum class RouterListener
{
    Api, // http://127.0.0.1:PORT: /events, /stream, POST /v1/chat/completions, /mcp, /login, preflights
    Page, // http://localhost:PAGEPORT: the test page and its report
};

// A parsed request, as the HTTP layer hands it over.
struct RouterRequest
{
    QByteArray method; // "GET", "OPTIONS", …; "UNKNOWN" for a method the HTTP layer does not name
    QUrl url;
    HttpHeaders headers; // in the order received, duplicates kept
    QByteArray body;
    QString peer; // "address:port", for the record only
};

// What the server knows besides the request.
struct RouterContext
{
    QString apiOrigin; // "http://127.0.0.1:PORT"
    QString pageOrigin; // "http://localhost:PORT"
    QByteArray pageTemplate; // the test page, with its "__SSESCOPE_CONFIG__" placeholder
    // The MCP sessions of this server (/mcp); null: /mcp answers 404, as a server without it.
    McpSessions *mcpSessions = nullptr;
};

// A complete answer, exactly as it goes on the wire: Content-Length is among the headers unless
// the status has no body (1xx, 204, 304), and then the body is empty.
struct RoutedResponse
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
};

// An event stream to open with the scenario: its head, and where it resumes.
struct StreamPlan
{
    HttpHeaders headers;
    QByteArray lastEventId; // the request's Last-Event-ID (a broadcast replays from its buffer)
    // A connection's own generator or script (no broadcast), when the scenario replays: nothing
    // happened while the client was away, so it resumes right after its last id.
    quint64 nextSequence = 1; // the generator's first event
    int scriptIndex = 0; // the script's first item
    // What this stream plays instead of the server's scenario (null: the scenario itself): the
    // same CORS, auth, response and transport knobs, with the endpoint's own events (the chat's
    // tokens, an MCP answer) as its script or generator. Never a broadcast.
    std::shared_ptr<const Scenario> scenario;
    // A generator's events written by the endpoint (the MCP server's own stream) instead of
    // generatorEvent(); called with the sequence number from nextSequence on.
    std::function<GeneratedEvent(quint64)> generate;
};

struct RouteResult
{
    ServerExchange::Kind kind = ServerExchange::Kind::Other;
    // Exactly one of these two is set.
    std::optional<RoutedResponse> response;
    std::optional<StreamPlan> stream;
    // POST /report on the page origin, accepted: what the test page saw in the browser.
    std::optional<QJsonObject> report;
};

constexpr qsizetype maxReportBytes = 64 * 1024;

// The in-process entry point: what the server answers to request, under scenario.
RouteResult routeRequest(
    RouterListener listener, const RouterRequest &request, const Scenario &scenario, const RouterContext &context);

// A complete answer as written (adds Content-Length, drops the body a status must not have).
RoutedResponse completeResponse(int status, HttpHeaders headers, const QByteArray &body);

// Where a stream resumes after lastEventId (see StreamPlan).
void applyResumePoint(const StreamPolicy &stream, StreamPlan *plan);

// The test page with the scenario's configuration filled in.
QByteArray testPage(const Scenario &scenario, const RouterContext &context);

} // namespace SseScope
