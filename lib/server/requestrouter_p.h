#pragma once

// Private to lib/server: what the router's endpoints share (requestrouter.cpp: /events, /login,
// preflights, the page; chatendpoint.cpp: POST /v1/chat/completions; mcpendpoint.cpp: /mcp).

#include "requestrouter.h"

namespace SseScope::RouterDetail {

// "${page}" and "${api}" in a scenario's texts, replaced by the server's origins.
QString expand(QString text, const RouterContext &context);

// The scenario's CORS headers for a request from origin (preflight: the OPTIONS answer's).
HttpHeaders corsHeaders(const Scenario &s, const QByteArray &origin, bool preflight, const RouterContext &context);

// Whether the request carries the credential the scenario's auth asks for.
bool authorized(const Scenario &s, const RouterRequest &request);

// A complete answer (completeResponse()) of this kind.
RouteResult answer(ServerExchange::Kind kind, int status, HttpHeaders headers, const QByteArray &body);

// The scenario's redirect of a stream request: its 3xx answer.
RouteResult redirect(const Scenario &s, const QByteArray &origin, const RouterContext &context);

// The head of the scenario's answer before the transport: Content-Type, Cache-Control,
// X-Accel-Buffering, X-Content-Type-Options, the CORS headers, then the extra headers.
HttpHeaders responseHeaders(const Scenario &s, const QByteArray &origin, const RouterContext &context);

// Adds what the transport writes to a stream's head: Content-Encoding, Transfer-Encoding.
void addTransportHeaders(const Scenario &s, HttpHeaders *headers);

// Whether the request's Accept lets the answer be text/event-stream: no Accept at all, or one
// naming text/event-stream, text/* or */* (what fetch() sends by default).
bool acceptsEventStream(const RouterRequest &request);

} // namespace SseScope::RouterDetail

namespace SseScope {

// POST /v1/chat/completions (chatendpoint.cpp).
RouteResult routeChatCompletion(const Scenario &s, const RouterRequest &request, const RouterContext &context);

// /mcp, MCP's Streamable HTTP transport (mcpendpoint.cpp).
RouteResult routeMcp(const Scenario &s, const RouterRequest &request, const RouterContext &context);

} // namespace SseScope
