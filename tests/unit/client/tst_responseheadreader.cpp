// The bounded response-head reader (ResponseHeadReader) WireReply reads every HTTP/1.x head with,
// and the request head it writes (serializeRequestHead).

#include <client/responseheadreader.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

namespace {

// A head of exactly `size` bytes, through the empty line, padded by one field.
QByteArray headOfSize(qint64 size)
{
    const QByteArray start = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Pad: ");
    const QByteArray end = QByteArrayLiteral("\r\n\r\n");
    return start + QByteArray(size - start.size() - end.size(), 'p') + end;
}

// Header lines, 1 KiB each, `bytes` of them after a status line: a head without its end.
QByteArray endlessHead(qint64 bytes)
{
    QByteArray out = QByteArrayLiteral("HTTP/1.1 200 OK\r\n");
    for (int i = 0; out.size() < bytes; ++i) {
        out += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(1000, 'p') + "\r\n";
    }
    return out;
}

} // namespace

class tst_ResponseHeadReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void reader_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("state"); // ResponseHeadReader::State
        QTest::addColumn<qint64>("headBytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("fields"); // "name=value|name=value", in order
        QTest::addColumn<int>("folded");
        QTest::addColumn<int>("dropped");
        const int complete = int(ResponseHeadReader::State::Complete);
        const int tooBig = int(ResponseHeadReader::State::TooBig);
        const int needMore = int(ResponseHeadReader::State::NeedMore);
        const int malformed = int(ResponseHeadReader::State::Malformed);
        const QByteArray crlf = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";

        QTest::addRow("CRLF, then a body") << crlf + "data: x\n\n" << complete << qint64(crlf.size()) << 200
                                           << QByteArray("Content-Type=text/event-stream") << 0 << 0;
        QTest::addRow("LF only") << QByteArray("HTTP/1.1 200 OK\nA: 1\nB:2\n\nbody") << complete << qint64(26) << 200
                                 << QByteArray("A=1|B=2") << 0 << 0;
        QTest::addRow("LF then CRLF ends it") << QByteArray("HTTP/1.0 204 No Content\r\nA: 1\n\r\nrest") << complete
                                              << qint64(32) << 204 << QByteArray("A=1") << 0 << 0;
        QTest::addRow("folded lines join with a space")
            << QByteArray("HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\tc\r\nY: d\r\n\r\n") << complete << qint64(40) << 200
            << QByteArray("X=a b c|Y=d") << 2 << 0;
        // Found by fuzz_httpresponse: the joined value kept a space at its end or start, which
        // Chromium trims (and which a re-read of the head would not give back).
        QTest::addRow("blank continuation adds nothing")
            << QByteArray("HTTP/1.1 200 OK\r\nX: a\r\n \t\r\nY: d\r\n\r\n") << complete << qint64(35) << 200
            << QByteArray("X=a|Y=d") << 1 << 0;
        QTest::addRow("continuation of an empty value")
            << QByteArray("HTTP/1.1 200 OK\r\nX:\r\n b\r\n\r\n") << complete << qint64(27) << 200
            << QByteArray("X=b") << 1 << 0;
        QTest::addRow("duplicates kept in order")
            << QByteArray("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nVary: Origin\r\nSet-Cookie: b=2\r\n\r\n") << complete
            << qint64(67) << 200 << QByteArray("Set-Cookie=a=1|Vary=Origin|Set-Cookie=b=2") << 0 << 0;
        QTest::addRow("line without a colon dropped")
            << QByteArray("HTTP/1.1 200 OK\r\ngarbage\r\n: no name\r\nA: 1\r\n\r\n") << complete << qint64(45) << 200
            << QByteArray("A=1") << 0 << 2;
        QTest::addRow("no reason phrase") << QByteArray("HTTP/1.1 404\r\n\r\n") << complete << qint64(16) << 404
                                          << QByteArray() << 0 << 0;
        QTest::addRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << malformed << qint64(23) << 0
                                  << QByteArray() << 0 << 0;
        // Found by fuzz_httpresponse: the status code is three digits, not whatever toInt() takes.
        QTest::addRow("status with a NUL") << QByteArray("HTTP/1.0 2\0" "0\r\n\r\n", 16) << malformed << qint64(16)
                                           << 0 << QByteArray() << 0 << 0;
        QTest::addRow("status with a sign") << QByteArray("HTTP/1.1 +20 OK\r\n\r\n") << malformed << qint64(19) << 0
                                            << QByteArray() << 0 << 0;
        QTest::addRow("HTTP/2 status line") << QByteArray("HTTP/2 200\r\n\r\n") << malformed << qint64(14) << 0
                                            << QByteArray() << 0 << 0;
        QTest::addRow("not ended yet") << QByteArray("HTTP/1.1 200 OK\r\nA: 1\r\n") << needMore << qint64(23) << 0
                                       << QByteArray() << 0 << 0;
        // Chromium's boundary (observed in Chromium 156: 262,144 bytes open, 262,145 fail).
        QTest::addRow("exactly 256 KiB") << headOfSize(chromiumMaxResponseHeadBytes) + "data: x\n\n" << complete
                                         << chromiumMaxResponseHeadBytes << 200 << QByteArray() << 0 << 0;
        QTest::addRow("256 KiB + 1") << headOfSize(chromiumMaxResponseHeadBytes + 1) << tooBig
                                     << chromiumMaxResponseHeadBytes << 0 << QByteArray() << 0 << 0;
        QTest::addRow("a head that never ends") << endlessHead(4 * chromiumMaxResponseHeadBytes) << tooBig
                                                << chromiumMaxResponseHeadBytes << 0 << QByteArray() << 0 << 0;
    }

    void reader()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, state);
        QFETCH(qint64, headBytes);
        QFETCH(int, status);
        QFETCH(QByteArray, fields);
        QFETCH(int, folded);
        QFETCH(int, dropped);

        // Whole, in two pieces split at every point near the end of the head, and byte by byte:
        // the same head every time, and what is not head is left to the caller.
        QList<qsizetype> splits {0, 1};
        for (qsizetype at = qMax<qsizetype>(1, headBytes - 6); at <= qMin<qsizetype>(input.size(), headBytes + 2); ++at) {
            splits.append(at);
        }
        splits.append(-1); // byte by byte
        for (const qsizetype split : std::as_const(splits)) {
            ResponseHeadReader reader;
            qsizetype taken = 0;
            if (split < 0) {
                if (input.size() > 4096) {
                    continue; // byte by byte is for the short heads
                }
                for (qsizetype i = 0; i < input.size(); ++i) {
                    taken += reader.feed(QByteArrayView(input).sliced(i, 1));
                }
            } else {
                taken += reader.feed(QByteArrayView(input).first(split));
                taken += reader.feed(QByteArrayView(input).sliced(split));
            }
            const QByteArray where = "split at " + QByteArray::number(split);
            QVERIFY2(int(reader.state()) == state, where.constData());
            QVERIFY2(reader.headBytes() == headBytes, where.constData());
            QVERIFY2(taken == headBytes, where.constData()); // never more than the head (and the cap)
            QVERIFY(reader.headBytes() <= chromiumMaxResponseHeadBytes);
            if (state != int(ResponseHeadReader::State::Complete)) {
                continue;
            }
            QCOMPARE(reader.head().status, status);
            QList<QByteArray> got;
            for (const HttpHeader &header : reader.head().headers.lines()) {
                got.append(header.name + '=' + header.value);
            }
            if (input.size() < 4096) {
                QCOMPARE(got.join('|'), fields);
            }
            QCOMPARE(reader.foldedLines(), folded);
            QCOMPARE(reader.droppedLines(), dropped);
        }
    }

    void requestHead()
    {
        RequestHead request;
        request.method = "GET";
        request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/events?token=a%20b"));
        request.headers.append("Host", "127.0.0.1:8080");
        request.headers.append("Accept", "text/event-stream");
        request.headers.append("Cookie", "a=1");
        QCOMPARE(serializeRequestHead(request),
            QByteArray("GET /events?token=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: text/event-stream\r\n"
                       "Cookie: a=1\r\n\r\n"));
        request.headers = HttpHeaders();
        request.url = QUrl(QStringLiteral("http://example.com"));
        QCOMPARE(serializeRequestHead(request), QByteArray("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"));
    }
};

QTEST_GUILESS_MAIN(tst_ResponseHeadReader)
#include "tst_responseheadreader.moc"
