#pragma once

// A raw HTTP/1.1 client for the server tests: the exact bytes matter (header lines, chunk
// framing, a connection closed without a terminator), so no QNetworkAccessManager here.

#include <QElapsedTimer>
#include <QList>
#include <QTcpSocket>

#include <functional>

namespace SseScopeTest {

class RawHttp
{
public:
    bool connectTo(quint16 port, const QString &host = QStringLiteral("127.0.0.1"))
    {
        m_socket.connectToHost(host, port);
        return m_socket.waitForConnected(5000);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    // GET/OPTIONS/POST with the given extra header lines ("Name: value").
    void request(const QByteArray &method, const QByteArray &target, const QList<QByteArray> &headers = {},
        const QByteArray &body = QByteArray())
    {
        QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: test\r\n";
        for (const QByteArray &h : headers) {
            bytes += h + "\r\n";
        }
        if (!body.isEmpty() || method == "POST") {
            bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        }
        send(bytes + "\r\n" + body);
    }

    // Reads until the predicate holds on everything received so far, the peer closes, or the
    // timeout passes. Returns whether the predicate held.
    bool readUntil(const std::function<bool(const QByteArray &)> &done, int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done(m_data)) {
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0) {
                m_closed = true;
                return done(m_data);
            }
            if (timer.elapsed() > timeoutMs) {
                return false;
            }
            m_socket.waitForReadyRead(20);
            const QByteArray chunk = m_socket.readAll();
            if (!chunk.isEmpty()) {
                m_reads.append(chunk);
                m_data += chunk;
            }
        }
        return true;
    }

    bool readHead(int timeoutMs = 5000)
    {
        return readUntil([](const QByteArray &d) { return d.contains("\r\n\r\n"); }, timeoutMs);
    }

    bool readUntilContains(const QByteArray &needle, int timeoutMs = 5000)
    {
        return readUntil([&](const QByteArray &d) { return body(d).contains(needle); }, timeoutMs);
    }

    bool waitClosed(int timeoutMs = 5000)
    {
        readUntil([](const QByteArray &) { return false; }, timeoutMs);
        return m_closed;
    }

    // Pumps the socket for a while without a condition.
    void idle(int ms)
    {
        readUntil([](const QByteArray &) { return false; }, ms);
    }

    const QByteArray &data() const { return m_data; }
    QByteArray head() const { return m_data.left(m_data.indexOf("\r\n\r\n") + 4); }
    QByteArray body() const { return body(m_data); }
    static QByteArray body(const QByteArray &d)
    {
        const qsizetype end = d.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : d.mid(end + 4);
    }
    bool closed() const { return m_closed; }
    const QList<QByteArray> &reads() const { return m_reads; }
    QTcpSocket &socket() { return m_socket; }

    int status() const { return head().mid(9, 3).toInt(); }
    // The header lines exactly as received, without the status line.
    QList<QByteArray> headerLines() const
    {
        QList<QByteArray> lines = head().split('\n');
        QList<QByteArray> result;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            if (!line.isEmpty()) {
                result.append(line);
            }
        }
        return result;
    }
    // The values of every header line with this name, in order.
    QList<QByteArray> header(const QByteArray &name) const
    {
        QList<QByteArray> values;
        for (const QByteArray &line : headerLines()) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0) {
                values.append(line.mid(colon + 1).trimmed());
            }
        }
        return values;
    }

    // Decodes chunked framing; *terminated tells whether the "0" chunk was seen.
    static QByteArray dechunk(const QByteArray &framed, bool *terminated = nullptr, bool *wellFormed = nullptr)
    {
        QByteArray out;
        qsizetype pos = 0;
        bool ok = true;
        if (terminated) {
            *terminated = false;
        }
        while (pos < framed.size()) {
            const qsizetype lineEnd = framed.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                break;
            }
            bool isNumber = false;
            const qsizetype size = framed.mid(pos, lineEnd - pos).toLongLong(&isNumber, 16);
            if (!isNumber) {
                ok = false;
                break;
            }
            if (size == 0) {
                if (terminated) {
                    *terminated = framed.mid(lineEnd, 4) == "\r\n\r\n";
                }
                break;
            }
            if (lineEnd + 2 + size + 2 > framed.size()) {
                break; // incomplete chunk
            }
            out += framed.mid(lineEnd + 2, size);
            ok = ok && framed.mid(lineEnd + 2 + size, 2) == "\r\n";
            pos = lineEnd + 2 + size + 2;
        }
        if (wellFormed) {
            *wellFormed = ok;
        }
        return out;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_data;
    QList<QByteArray> m_reads;
    bool m_closed = false;
};

// The id: values of the events in an event-stream body, in order.
inline QList<QByteArray> idsOf(const QByteArray &body)
{
    QList<QByteArray> result;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("id: ")) {
            result.append(line.mid(4));
        }
    }
    return result;
}

} // namespace SseScopeTest
