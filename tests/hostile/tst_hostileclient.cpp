// Hostile clients, for the mock server (docs/hardening.md): malformed requests, slowloris and
// 10,000 connect/disconnect cycles against `ssescope serve`. The server must keep serving (a
// normal request still gets its answer) and return to its baseline memory.
#include "processmemory.h"
#include "serveprocess.h"

#include <server/mockserver.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace SseScope::Hostile;

namespace {

constexpr qint64 MiB = 1024 * 1024;
// How far above its warm baseline the server may stay after an attack (docs/hardening.md,
// known gap 8). Without malloc_trim the server stayed +4 to +44 MiB above it after 10,000 cycles
// (more on a loaded machine) with ~1.3 MiB of glibc's arena in use: free memory the server
// thread's arena did not give back. The server now trims once idle; measured since: +0.7 to
// +7.7 MiB, the rest being pages that a few live allocations keep resident. 24 MiB leaves room
// for a loaded 2-core machine and still catches 2.5 KiB kept per connection. Under AddressSanitizer
// the allocator is ASan's (no trim, a 16 MiB quarantine; measured +28 MiB, unloaded): the former
// allowance stays, since a loaded machine means more connections alive at once.
constexpr qint64 tolerance = underAddressSanitizer ? 144 * MiB : 24 * MiB;

// Sends `bytes` on a fresh connection and returns what came back before the server closed, went
// quiet for `quietMs`, or `totalMs` passed.
QByteArray exchange(quint16 port, const QByteArray &bytes, int quietMs = 300, int totalMs = 3000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    socket.write(bytes);
    socket.waitForBytesWritten(2000);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < totalMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(answer.isEmpty() ? totalMs : quietMs)) {
            answer += socket.readAll();
        } else if (!answer.isEmpty()) {
            break;
        }
    }
    answer += socket.readAll();
    return answer;
}

// The proof that the server still serves: the test page, whole, on a new connection.
bool servesNormally(const ServeProcess &serve)
{
    const QByteArray answer = exchange(quint16(serve.page().port()),
                                       "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    return answer.startsWith("HTTP/1.1 200");
}

// Resident memory settles once the server has worked through the closed connections and trimmed
// its heap (300 ms after the last one closed, and again 2 s later): wait past that, then sample
// every 500 ms until it stops changing (bounded: 17.5 s).
qint64 settledResident(qint64 pid)
{
    QTest::qWait(2500);
    qint64 last = residentBytes(pid);
    for (int i = 0; i < 30; ++i) {
        QTest::qWait(500);
        const qint64 now = residentBytes(pid);
        if (now == last) {
            return now;
        }
        last = now;
    }
    return last;
}

} // namespace

class tst_HostileClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanupTestCase();
    void malformedRequests_data();
    void malformedRequests();
    void slowloris();
    void connectDisconnectCycles();
    void abortedStreamsAreReleased();

private:
    ServeProcess m_serve;
    qint64 m_baseline = 0;
};

void tst_HostileClient::initTestCase()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (underAddressSanitizer) {
        // A small quarantine keeps the server's resident size meaningful (see processmemory.h).
        environment.insert(QStringLiteral("ASAN_OPTIONS"),
                           environment.value(QStringLiteral("ASAN_OPTIONS")) + QStringLiteral(":quarantine_size_mb=16"));
    }
    const QString error = m_serve.start({QStringLiteral("--preset"), QStringLiteral("default")}, environment);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Warm-up: the first streams, the test page and a few hundred connections allocate what the
    // server keeps for its life (Qt's and the allocator's caches); the baseline is taken after.
    const quint16 api = quint16(m_serve.api().port());
    for (int i = 0; i < 20; ++i) {
        QVERIFY(servesNormally(m_serve));
        const QByteArray stream = exchange(api, "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:1\r\n\r\n",
                                           100, 500);
        QVERIFY2(stream.startsWith("HTTP/1.1 "), stream.left(200).constData());
    }
    for (int i = 0; i < 300; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), api);
        QVERIFY(socket.waitForConnected(5000));
        socket.abort();
    }
    m_baseline = settledResident(m_serve.pid());
    QVERIFY(m_baseline > 0);
}

void tst_HostileClient::cleanupTestCase()
{
    m_serve.stop();
    // A clean exit after all that: no crash, no sanitizer report (which would make it non-zero).
    QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_serve.exitCode(), 0);
}

void tst_HostileClient::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n");
    QTest::addRow("no version") << QByteArray("GET /events\r\n\r\n");
    QTest::addRow("unknown method") << QByteArray("BREW /events HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("HTTP/9.9") << QByteArray("GET /events HTTP/9.9\r\nHost: x\r\n\r\n");
    QTest::addRow("header without colon") << QByteArray("GET /events HTTP/1.1\r\nHost x\r\nNoColonHere\r\n\r\n");
    static const char nulInPath[] = "GET /ev\0ents HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::addRow("NUL in the path") << QByteArray(nulInPath, sizeof nulInPath - 1);
    QTest::addRow("1 MiB request line") << QByteArray("GET /" + QByteArray(MiB, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("1 MiB header value") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(MiB, 'b')
                                                      + "\r\n\r\n");
    QByteArray many = "GET /events HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 10000; ++i) {
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    }
    QTest::addRow("10,000 headers") << QByteArray(many + "\r\n");
    QTest::addRow("negative Content-Length") << QByteArray("POST /report HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nabc");
    QTest::addRow("huge Content-Length, no body")
        << QByteArray("POST /report HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n{");
    QTest::addRow("Content-Length and chunked")
        << QByteArray("POST /report HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "zz\r\nGET /events HTTP/1.1\r\n\r\n");
    QTest::addRow("bad chunk size") << QByteArray("POST /report HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                  "fffffffffffffffffff\r\nx\r\n0\r\n\r\n");
    QTest::addRow("report that is not JSON")
        << QByteArray("POST /report HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{[}\x01]");
    QTest::addRow("pipelined junk") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\n\r\n\r\n\r\nGARBAGE\r\n\r\n"
                                                  "OPTIONS * HTTP/1.1\r\n\r\n");
}

void tst_HostileClient::malformedRequests()
{
    QFETCH(QByteArray, request);
    // Both origins take the same bytes: the API port and the test-page port.
    for (const int port : {m_serve.api().port(), m_serve.page().port()}) {
        const QByteArray answer = exchange(quint16(port), request, 300, 3000);
        // Whatever the answer (an error status, or a closed connection), it must be HTTP or nothing.
        QVERIFY2(answer.isEmpty() || answer.startsWith("HTTP/1."), answer.left(200).constData());
        QVERIFY2(servesNormally(m_serve), "the server stopped serving");
    }
}

void tst_HostileClient::slowloris()
{
    // 200 connections each trickle a request head, one header line at a time, never finishing it.
    // Meanwhile (and after) normal requests must be served.
    const quint16 api = quint16(m_serve.api().port());
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 200; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), api);
        QVERIFY(socket->waitForConnected(5000));
        socket->write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        sockets.push_back(std::move(socket));
    }
    for (int round = 0; round < 10; ++round) {
        for (auto &socket : sockets) {
            socket->write("X-Slow-" + QByteArray::number(round) + ": ");
            socket->flush();
        }
        QTest::qWait(100);
        for (auto &socket : sockets) {
            socket->write("x\r\n");
            socket->flush();
        }
        QVERIFY2(servesNormally(m_serve), "the server stopped serving during the slowloris");
    }
    sockets.clear();
    QVERIFY2(servesNormally(m_serve), "the server stopped serving after the slowloris");
    const qint64 after = settledResident(m_serve.pid());
    qInfo() << "slowloris: resident" << m_baseline / 1024 << "KiB before," << after / 1024 << "KiB after";
    QVERIFY2(after - m_baseline < tolerance, qPrintable(QStringLiteral("grew by %1 KiB").arg((after - m_baseline) / 1024)));
}

void tst_HostileClient::connectDisconnectCycles()
{
    // 10,000 connections opened and dropped, in waves of 100 so that the server has many at once;
    // a third send half a request first, a third a whole stream request (the server starts a
    // stream it must then tear down).
    const quint16 api = quint16(m_serve.api().port());
    const qint64 before = settledResident(m_serve.pid());
    int cycles = 0;
    while (cycles < 10000) {
        std::vector<std::unique_ptr<QTcpSocket>> wave;
        for (int i = 0; i < 100; ++i, ++cycles) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress(QHostAddress::LocalHost), api);
            wave.push_back(std::move(socket));
        }
        for (size_t i = 0; i < wave.size(); ++i) {
            QVERIFY(wave[i]->waitForConnected(5000));
            if (i % 3 == 1) {
                wave[i]->write("GET /events HTTP/1.1\r\nHo");
            } else if (i % 3 == 2) {
                wave[i]->write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:1\r\n\r\n");
            }
            wave[i]->flush();
        }
        QTest::qWait(5);
        for (auto &socket : wave) {
            socket->abort();
        }
    }
    QCOMPARE(cycles, 10000);
    QVERIFY2(servesNormally(m_serve), "the server stopped serving after 10,000 cycles");
    const qint64 after = settledResident(m_serve.pid());
    qInfo() << "10,000 cycles: resident" << m_baseline / 1024 << "KiB at baseline," << before / 1024
            << "KiB before the cycles," << after / 1024 << "KiB after";
    QVERIFY2(after - m_baseline < tolerance, qPrintable(QStringLiteral("grew by %1 KiB").arg((after - m_baseline) / 1024)));
}

void tst_HostileClient::abortedStreamsAreReleased()
{
    // The same waves against an in-process MockServer, whose open streams can be counted: every
    // stream whose client is gone must be released (a stream that outlived its socket would be
    // the memory the cycles above leave behind).
    SseScope::MockServer server;
    QString error;
    QVERIFY2(server.start(SseScope::ServerOptions(), &error), qPrintable(error));
    for (int wave = 0; wave < 20; ++wave) {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < 50; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress(QHostAddress::LocalHost), server.apiPort());
            QVERIFY(socket->waitForConnected(5000));
            socket->write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:1\r\n\r\n");
            socket->flush();
            sockets.push_back(std::move(socket));
        }
        // Half are dropped before the server has even read the request, half after it answered.
        for (size_t i = 0; i < sockets.size(); i += 2) {
            sockets[i]->abort();
        }
        QTest::qWait(50);
        for (auto &socket : sockets) {
            socket->abort();
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.openStreamCount(), 0, 15000);
}

QTEST_GUILESS_MAIN(tst_HostileClient)
#include "tst_hostileclient.moc"
