#include "proxyhttp.h"

#include <QHostAddress>
#include <QList>

#include <algorithm>

namespace SseScope::ProxyHttp {

namespace {

bool isTokenChar(char c)
{
    static const QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// Field lines after the start line; false on a malformed one (no obs-fold, no bare CR, no NUL).
bool parseFields(const QList<QByteArray> &lines, HttpHeaders *headers, QByteArray *reason)
{
    if (lines.size() > maxHeaderLines + 1) {
        *reason = "too many header lines";
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            *reason = "malformed header line";
            return false;
        }
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (value.contains('\r') || value.contains('\0')) {
            *reason = "control character in a header value";
            return false;
        }
        headers->append(line.left(colon), value);
    }
    return true;
}

// The head split into lines without their CRLF; the final empty line dropped.
std::optional<QList<QByteArray>> splitHead(QByteArrayView head, QByteArray *reason)
{
    if (head.size() > maxHeadBytes || !head.endsWith("\r\n\r\n")) {
        *reason = "incomplete or oversized head";
        return std::nullopt;
    }
    QList<QByteArray> lines = head.first(head.size() - 4).toByteArray().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray &line = lines[i];
        if (line.endsWith('\r')) {
            line.chop(1);
        } else if (i + 1 < lines.size()) {
            *reason = "bare LF in the head";
            return std::nullopt;
        }
    }
    return lines;
}

bool parseLength(const QByteArray &text, qint64 *length)
{
    if (text.isEmpty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    *length = text.toLongLong();
    return true;
}

std::optional<Framing> bodyFraming(const HttpHeaders &headers, bool untilCloseOtherwise)
{
    const QList<QByteArray> encodings = headers.values("Transfer-Encoding");
    const QList<QByteArray> lengths = headers.values("Content-Length");
    if (!encodings.isEmpty()) {
        if (!lengths.isEmpty()) {
            return std::nullopt; // both: RFC 9112 §6.3 says treat as an error in a proxy
        }
        const QByteArray combined = headers.combinedValue("Transfer-Encoding").trimmed().toLower();
        if (!combined.endsWith("chunked") || combined.count("chunked") != 1) {
            return untilCloseOtherwise ? std::optional<Framing>(Framing{Framing::Kind::UntilClose, 0}) : std::nullopt;
        }
        return Framing{Framing::Kind::Chunked, 0};
    }
    if (!lengths.isEmpty()) {
        qint64 length = -1;
        for (const QByteArray &value : lengths) {
            for (const QByteArray &part : value.split(',')) {
                qint64 one = 0;
                if (!parseLength(part.trimmed(), &one) || (length >= 0 && one != length)) {
                    return std::nullopt;
                }
                length = one;
            }
        }
        return Framing{length == 0 ? Framing::Kind::None : Framing::Kind::Length, length};
    }
    return Framing{untilCloseOtherwise ? Framing::Kind::UntilClose : Framing::Kind::None, 0};
}

} // namespace

qsizetype headEnd(QByteArrayView buffer)
{
    const qsizetype end = QByteArrayView(buffer).indexOf("\r\n\r\n");
    return end < 0 ? -1 : end + 4;
}

std::optional<RequestLine> parseRequest(QByteArrayView head, QByteArray *reason)
{
    const std::optional<QList<QByteArray>> lines = splitHead(head, reason);
    if (!lines) {
        return std::nullopt;
    }
    const QList<QByteArray> parts = lines->constFirst().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()
        || (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0")) {
        *reason = "malformed request line";
        return std::nullopt;
    }
    const bool printable = std::all_of(parts.at(1).begin(), parts.at(1).end(), [](char c) { return c > ' ' && c < 127; });
    if (!printable) {
        *reason = "malformed request target";
        return std::nullopt;
    }
    RequestLine request{parts.at(0), parts.at(1), parts.at(2), {}};
    if (!parseFields(*lines, &request.headers, reason)) {
        return std::nullopt;
    }
    return request;
}

std::optional<StatusLine> parseResponse(QByteArrayView head, QByteArray *reason)
{
    const std::optional<QList<QByteArray>> lines = splitHead(head, reason);
    if (!lines) {
        return std::nullopt;
    }
    const QByteArray &first = lines->constFirst();
    const qsizetype space = first.indexOf(' ');
    const QByteArray version = first.left(space);
    const QByteArray code = first.mid(space + 1, 3);
    bool ok = false;
    const int status = code.toInt(&ok);
    if (space < 0 || (version != "HTTP/1.1" && version != "HTTP/1.0") || code.size() != 3 || !ok || status < 100
        || (first.size() > space + 4 && first.at(space + 4) != ' ')) {
        *reason = "malformed status line";
        return std::nullopt;
    }
    // The reason phrase is forwarded to the browser as it came: a bare CR or a NUL in it (RFC 9112
    // allows neither) becomes a space, as RFC 9110 §5.5 lets a recipient do in a field value, so
    // that it can never end the status line early on the next hop (found by fuzz_proxyhttp).
    QByteArray reasonPhrase = first.mid(space + 5);
    reasonPhrase.replace('\r', ' ').replace('\0', ' ');
    StatusLine response{version, status, reasonPhrase, {}};
    if (!parseFields(*lines, &response.headers, reason)) {
        return std::nullopt;
    }
    return response;
}

bool parseAuthority(const QByteArray &authority, QByteArray *host, quint16 *port)
{
    const qsizetype colon = authority.lastIndexOf(':');
    if (colon <= 0 || colon == authority.size() - 1) {
        return false;
    }
    QByteArray name = authority.left(colon);
    if (name.startsWith('[')) {
        // An IP literal (RFC 3986 §3.2.2): one pair of brackets around an IPv6 address, nothing
        // else — not "[[x]]", not an IPvFuture "[v1.x]", not a zone ("%25eth0"), not an IPv4 address.
        if (!name.endsWith(']') || name.size() < 4) {
            return false;
        }
        name = name.mid(1, name.size() - 2);
        const bool hexOrColon = std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
        });
        const QHostAddress address(QString::fromLatin1(name));
        if (!hexOrColon || !name.contains(':') || address.protocol() != QAbstractSocket::IPv6Protocol) {
            return false;
        }
    } else {
        // A host name or an IPv4 address: the characters a certificate's dNSName can hold (the
        // leaf is made for it), so no brackets, colons, '@', '/' or percent-encoding.
        const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_';
        });
        if (!plain || name.size() > 253) {
            return false;
        }
    }
    // Digits only: toUInt() would also take a sign ("+443") or blanks.
    const QByteArray digits = authority.mid(colon + 1);
    bool ok = digits.size() <= 5 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    const uint number = ok ? digits.toUInt(&ok) : 0;
    if (!ok || number == 0 || number > 65535 || name.isEmpty()) {
        return false;
    }
    *host = name;
    *port = quint16(number);
    return true;
}

std::optional<Framing> requestFraming(const HttpHeaders &headers)
{
    return bodyFraming(headers, false);
}

std::optional<Framing> responseFraming(const QByteArray &requestMethod, int status, const HttpHeaders &headers)
{
    if (requestMethod == "HEAD" || status == 204 || status == 304 || status < 200) {
        return Framing{Framing::Kind::None, 0};
    }
    return bodyFraming(headers, true);
}

void removeHopByHop(HttpHeaders *headers)
{
    QList<QByteArray> names = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authorization", "TE", "Trailer", "Upgrade"};
    for (const QByteArray &value : headers->values("Connection")) {
        for (const QByteArray &name : value.split(',')) {
            const QByteArray trimmed = name.trimmed();
            // Never let Connection remove the fields that frame the body.
            if (!trimmed.isEmpty() && !headerNameEquals(trimmed, "Content-Length")
                && !headerNameEquals(trimmed, "Transfer-Encoding")) {
                names.append(trimmed);
            }
        }
    }
    for (const QByteArray &name : std::as_const(names)) {
        headers->remove(name);
    }
}

QByteArray serialize(const RequestLine &request)
{
    QByteArray out = request.method + ' ' + request.target + ' ' + request.version + "\r\n";
    for (const HttpHeader &line : request.headers.lines()) {
        out += line.name + ": " + line.value + "\r\n";
    }
    return out + "\r\n";
}

QByteArray serialize(const StatusLine &response)
{
    QByteArray out = response.version + ' ' + QByteArray::number(response.status) + ' ' + response.reason + "\r\n";
    for (const HttpHeader &line : response.headers.lines()) {
        out += line.name + ": " + line.value + "\r\n";
    }
    return out + "\r\n";
}

QByteArray errorResponse(int status, const QByteArray &reason, const QByteArray &text)
{
    const QByteArray body = text + '\n';
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\nX-SseScope-Proxy: error\r\n\r\n" + body;
}

} // namespace SseScope::ProxyHttp
