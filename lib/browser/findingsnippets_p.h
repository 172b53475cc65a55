#pragma once

// Server snippets that several findings share, so one fix reads the same everywhere and is
// written once. Internal to lib/browser's findings tables.

namespace SseScope::FindingSnippets {

// Express: echo an allow-listed origin with credentials and Vary.
inline constexpr char kCredentialedAllowlistExpress[] =
    "const allowed = new Set(['https://app.example.com']);\n"
    "app.get('/events', (req, res) => {\n"
    "  const origin = req.get('Origin');\n"
    "  if (allowed.has(origin)) {\n"
    "    res.set('Access-Control-Allow-Origin', origin);\n"
    "    res.set('Access-Control-Allow-Credentials', 'true');\n"
    "    res.vary('Origin');\n"
    "  }\n"
    "  // ... then the stream headers and body\n"
    "});";

// nginx: the same allow-list with a map.
inline constexpr char kCredentialedAllowlistNginx[] =
    "map $http_origin $cors_origin {\n"
    "    default \"\";\n"
    "    \"https://app.example.com\" $http_origin;\n"
    "}\n"
    "location /events {\n"
    "    add_header Access-Control-Allow-Origin $cors_origin always;\n"
    "    add_header Access-Control-Allow-Credentials true always;\n"
    "    add_header Vary Origin always;\n"
    "    proxy_pass http://backend;\n"
    "}";

// Go net/http: the same allow-list.
inline constexpr char kCredentialedAllowlistGo[] =
    "allowed := map[string]bool{\"https://app.example.com\": true}\n"
    "if origin := r.Header.Get(\"Origin\"); allowed[origin] {\n"
    "    w.Header().Set(\"Access-Control-Allow-Origin\", origin)\n"
    "    w.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")\n"
    "    w.Header().Add(\"Vary\", \"Origin\")\n"
    "}";

// Express: answer the preflight for a fetch stream with Authorization.
inline constexpr char kPreflightAnswerExpress[] =
    "app.options('/events', (req, res) => {\n"
    "  const origin = req.get('Origin');\n"
    "  if (allowed.has(origin)) {\n"
    "    res.set('Access-Control-Allow-Origin', origin);\n"
    "    res.set('Access-Control-Allow-Credentials', 'true');\n"
    "    res.set('Access-Control-Allow-Methods', 'GET');\n"
    "    res.set('Access-Control-Allow-Headers', 'Authorization, Last-Event-ID');\n"
    "    res.set('Access-Control-Max-Age', '600');\n"
    "    res.vary('Origin');\n"
    "  }\n"
    "  res.sendStatus(204);\n"
    "});";

// nginx: the same preflight answer.
inline constexpr char kPreflightAnswerNginx[] =
    "location /events {\n"
    "    if ($request_method = OPTIONS) {\n"
    "        add_header Access-Control-Allow-Origin $cors_origin always;\n"
    "        add_header Access-Control-Allow-Credentials true always;\n"
    "        add_header Access-Control-Allow-Methods \"GET\" always;\n"
    "        add_header Access-Control-Allow-Headers \"Authorization, Last-Event-ID\" always;\n"
    "        add_header Access-Control-Max-Age 600 always;\n"
    "        add_header Vary Origin always;\n"
    "        return 204;\n"
    "    }\n"
    "    proxy_pass http://backend;\n"
    "}";

// Go net/http: the same preflight answer.
inline constexpr char kPreflightAnswerGo[] =
    "if r.Method == http.MethodOptions {\n"
    "    if origin := r.Header.Get(\"Origin\"); allowed[origin] {\n"
    "        h := w.Header()\n"
    "        h.Set(\"Access-Control-Allow-Origin\", origin)\n"
    "        h.Set(\"Access-Control-Allow-Credentials\", \"true\")\n"
    "        h.Set(\"Access-Control-Allow-Methods\", \"GET\")\n"
    "        h.Set(\"Access-Control-Allow-Headers\", \"Authorization, Last-Event-ID\")\n"
    "        h.Set(\"Access-Control-Max-Age\", \"600\")\n"
    "        h.Add(\"Vary\", \"Origin\")\n"
    "    }\n"
    "    w.WriteHeader(http.StatusNoContent)\n"
    "    return\n"
    "}";

// Express: the stream response head.
inline constexpr char kStreamHeadersExpress[] =
    "app.get('/events', (req, res) => {\n"
    "  res.status(200).set({\n"
    "    'Content-Type': 'text/event-stream',\n"
    "    'Cache-Control': 'no-cache, no-transform',\n"
    "    'X-Accel-Buffering': 'no',\n"
    "  });\n"
    "  res.flushHeaders();\n"
    "  res.write(': open\\n\\n');\n"
    "});";

// Go net/http: the stream response head.
inline constexpr char kStreamHeadersGo[] =
    "w.Header().Set(\"Content-Type\", \"text/event-stream\")\n"
    "w.Header().Set(\"Cache-Control\", \"no-cache, no-transform\")\n"
    "w.WriteHeader(http.StatusOK)\n"
    "fmt.Fprint(w, \": open\\n\\n\")\n"
    "w.(http.Flusher).Flush()";

// nginx: pass the stream through unbuffered.
inline constexpr char kStreamHeadersNginx[] =
    "location /events {\n"
    "    proxy_pass http://backend;\n"
    "    proxy_http_version 1.1;\n"
    "    proxy_set_header Connection \"\";\n"
    "    proxy_buffering off;\n"
    "    # if the backend gets it wrong:\n"
    "    proxy_hide_header Content-Type;\n"
    "    add_header Content-Type \"text/event-stream\" always;\n"
    "}";

} // namespace SseScope::FindingSnippets
