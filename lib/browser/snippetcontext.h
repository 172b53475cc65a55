#pragma once

#include <QString>

namespace SseScope {

// The user's own names, to put into the fix texts and server snippets of the finding catalogue in
// place of its placeholders (`https://app.example.com`, the `/events` route, the `sid` cookie), so
// a snippet can be pasted as it is. An empty or unusable field leaves its placeholder.
struct SnippetContext
{
    QString pageOrigin; // "https://chat.example.org"
    QString streamPath; // "/api/stream"
    QString cookieName; // "session"

    friend bool operator==(const SnippetContext &a, const SnippetContext &b)
    {
        return a.pageOrigin == b.pageOrigin && a.streamPath == b.streamPath && a.cookieName == b.cookieName;
    }
};

// The text with the placeholders the catalogue uses replaced, only in the forms it writes them
// (quoted origins, `app.get('/events'`, `location /events`, `res.cookie('sid'`, `sid=<session>`…),
// and only with values that cannot break out of the snippet's quoting: a serialized origin, a path
// of URL path characters, a cookie name that is an RFC 6265 token.
QString personalizeSnippet(const QString &text, const SnippetContext &context);

} // namespace SseScope
