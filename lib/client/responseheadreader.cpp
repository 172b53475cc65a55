#include "responseheadreader.h"

#include <algorithm>

namespace SseScope {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace

ResponseHeadReader::ResponseHeadReader(qint64 maxHeadBytes)
    : m_max(maxHeadBytes)
{
}

qsizetype ResponseHeadReader::feed(QByteArrayView data)
{
    if (m_state != State::NeedMore || data.isEmpty()) {
        return 0;
    }
    const qsizetype take = qsizetype(qMin<qint64>(data.size(), m_max - m_buffer.size()));
    m_buffer.append(data.first(take));
    // The head ends at an LF followed by an empty line: "\n\n" or "\n\r\n" (Chromium's
    // HttpUtil::LocateEndOfHeaders). An LF in the last two bytes may still be undecided.
    const qsizetype size = m_buffer.size();
    for (qsizetype i = m_scanFrom; i < size; ++i) {
        if (m_buffer.at(i) != '\n') {
            continue;
        }
        qsizetype j = i + 1;
        if (j < size && m_buffer.at(j) == '\r') {
            ++j;
        }
        if (j < size && m_buffer.at(j) == '\n') {
            const qsizetype end = j + 1;
            const qsizetype rest = size - end; // body bytes: not ours
            m_buffer.truncate(end);
            parse();
            return take - rest;
        }
    }
    m_scanFrom = qMax<qsizetype>(m_scanFrom, size - 2);
    if (m_buffer.size() >= m_max) {
        m_state = State::TooBig;
    }
    return take;
}

void ResponseHeadReader::endOfInput()
{
    if (m_state == State::NeedMore && !m_buffer.isEmpty()) {
        parse();
    }
}

void ResponseHeadReader::parse()
{
    QList<QByteArray> lines = m_buffer.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r')) {
            line.chop(1);
        }
    }
    // The status line: "HTTP/1.1 200 OK"; the reason phrase may be missing.
    const QByteArray statusLine = lines.value(0);
    const qsizetype space = statusLine.indexOf(' ');
    const QByteArray version = statusLine.left(space);
    const QByteArray rest = space < 0 ? QByteArray() : statusLine.mid(space + 1).trimmed();
    const QByteArray code = rest.left(3);
    // Three ASCII digits: toInt() alone took "+12", " 12" and "2\0" (it stops at a NUL).
    const bool digits = code.size() == 3 && std::all_of(code.cbegin(), code.cend(), [](char c) {
        return c >= '0' && c <= '9';
    });
    const int status = digits ? code.toInt() : 0;
    if (!version.startsWith("HTTP/1.") || version.size() != 8 || !digits || (rest.size() > 3 && !isBlank(rest.at(3)))) {
        m_state = State::Malformed;
        return;
    }
    m_version = version.mid(5);
    m_head.status = status;
    m_head.reasonPhrase = rest.mid(3).trimmed();

    QList<HttpHeader> fields;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty()) {
            break; // the end of the head
        }
        if (isBlank(line.at(0))) {
            // obs-fold (RFC 9112 §5.2): Chromium joins it to the previous field with a space, then
            // trims the value, so a blank continuation or an empty first part adds no space.
            if (fields.isEmpty()) {
                ++m_dropped;
            } else {
                QByteArray &value = fields.last().value;
                value = QByteArray(value + ' ' + line.trimmed()).trimmed();
                ++m_folded;
            }
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon < 0 ? QByteArray() : line.left(colon).trimmed();
        if (name.isEmpty()) {
            ++m_dropped;
            continue;
        }
        fields.append(HttpHeader {name, line.mid(colon + 1).trimmed()});
    }
    for (const HttpHeader &field : std::as_const(fields)) {
        m_head.headers.append(field.name, field.value);
    }
    m_state = State::Complete;
}

QByteArray serializeRequestHead(const RequestHead &request, bool absoluteForm)
{
    const QUrl &url = request.url;
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty()) {
        target = QByteArrayLiteral("/");
    }
    if (url.hasQuery()) {
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (url.port(defaultPort) != defaultPort) {
        host += ':' + QByteArray::number(url.port());
    }
    if (absoluteForm) {
        target = url.scheme().toLatin1() + "://" + host + target;
    }
    QByteArray out = request.method + ' ' + target + " HTTP/1.1\r\n";
    if (!request.headers.contains(QByteArrayLiteral("Host"))) {
        out += "Host: " + host + "\r\n";
    }
    for (const HttpHeader &header : request.headers.lines()) {
        out += header.name + ": " + header.value + "\r\n";
    }
    return out + "\r\n";
}

} // namespace SseScope
