#pragma once

#include <common/httpheaders.h>

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace SseScope {

// HTTP/1.1 heads as the intercept proxy reads them (RFC 9112): bounded, strict about what a
// forward proxy must understand, and lenient nowhere that could desynchronise the two sides.
namespace ProxyHttp {

constexpr qsizetype maxHeadBytes = 64 * 1024; // request and response heads alike
constexpr int maxHeaderLines = 200;

// Where a head ends in `buffer`: the offset just past the empty line, or -1 while incomplete.
qsizetype headEnd(QByteArrayView buffer);

struct RequestLine
{
    QByteArray method;
    QByteArray target; // as sent: "host:port" (CONNECT), "http://h/p" (absolute form) or "/p"
    QByteArray version; // "HTTP/1.1"
    HttpHeaders headers;
};

struct StatusLine
{
    QByteArray version;
    int status = 0;
    QByteArray reason;
    HttpHeaders headers;
};

// The head (ending with the empty line) parsed; std::nullopt and a reason when malformed.
std::optional<RequestLine> parseRequest(QByteArrayView head, QByteArray *reason);
std::optional<StatusLine> parseResponse(QByteArrayView head, QByteArray *reason);

// "host:port" of a CONNECT request; false when it is not one (the port is required). The host is a
// name or IPv4 address of [A-Za-z0-9._-], or an IPv6 address in one pair of brackets (returned
// without them); anything else ("[[x]]:80", "[v1.x]:80", "[fe80::1%25eth0]:443", "a@b:80") is refused.
bool parseAuthority(const QByteArray &authority, QByteArray *host, quint16 *port);

// How a message body ends (RFC 9112 §6.3).
struct Framing
{
    enum class Kind
    {
        None,
        Length,
        Chunked,
        UntilClose,
    };
    Kind kind = Kind::None;
    qint64 length = 0;
};
// std::nullopt: conflicting or invalid Content-Length / Transfer-Encoding (a smuggling attempt).
std::optional<Framing> requestFraming(const HttpHeaders &headers);
std::optional<Framing> responseFraming(const QByteArray &requestMethod, int status, const HttpHeaders &headers);

// The hop-by-hop fields a proxy must not forward (RFC 9110 §7.6.1), plus those named in Connection.
void removeHopByHop(HttpHeaders *headers);

QByteArray serialize(const RequestLine &request);
QByteArray serialize(const StatusLine &response);

// A small answer of the proxy's own (400, 502…), which closes the connection.
QByteArray errorResponse(int status, const QByteArray &reason, const QByteArray &text);

} // namespace ProxyHttp

} // namespace SseScope
