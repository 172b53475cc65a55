#pragma once

#include <QString>
#include <QUrl>

namespace SseScope {

// An HTML origin: a (scheme, host, port) tuple, or an opaque origin that serializes as "null".
// The Fetch CORS check compares Access-Control-Allow-Origin with serialize() byte for byte.
class Origin
{
public:
    Origin() = default; // opaque
    static Origin fromUrl(const QUrl &url);
    // Parses "scheme://host[:port]" as a user types it for --origin; a path, query or fragment,
    // or an unparseable text, gives an invalid result with errorString set.
    static Origin fromString(const QString &text, QString *errorString = nullptr);
    static Origin opaque() { return Origin(); }

    bool isOpaque() const { return m_scheme.isEmpty(); }
    QString scheme() const { return m_scheme; }
    QString host() const { return m_host; }
    // The port as the URL has it, or the scheme's default (80 / 443) when it has none.
    int port() const { return m_port; }

    // "scheme://host[:port]" with the default port omitted; "null" when opaque.
    QString serialize() const;

    // Whether the origin is potentially trustworthy (https, wss, or a loopback/localhost host).
    bool isPotentiallyTrustworthy() const;

    friend bool operator==(const Origin &a, const Origin &b)
    {
        return a.m_scheme == b.m_scheme && a.m_host == b.m_host && a.m_port == b.m_port;
    }
    friend bool operator!=(const Origin &a, const Origin &b) { return !(a == b); }

private:
    QString m_scheme;
    QString m_host;
    int m_port = -1;
};

// localhost, *.localhost, 127.0.0.0/8 and ::1: hosts Chromium treats as trustworthy over http.
bool isLocalhostHost(const QString &host);

// 80 for http and ws, 443 for https and wss, -1 for any other scheme (lower case).
int defaultPortForScheme(const QString &scheme);

} // namespace SseScope
