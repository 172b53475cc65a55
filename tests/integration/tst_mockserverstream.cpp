// MockServer over loopback, one knob at a time, checked on the raw bytes: its streams (the generator,
// scripts, replay, endings, framing, gzip, buffering proxies, delays), stopping, hostile and slow
// peers, and the broadcast. Its answers are tst_mockserver.

#include "gzipinflate.h"
#include "mockserverfixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <vector>

using namespace SseScope;
using SseScopeTest::idsOf;
using SseScopeTest::inflateGzip;
using SseScopeTest::RawHttp;

class tst_MockServerStream final : public QObject, private SseScopeTest::MockServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanup() { m_server.reset(); }

    void generatorEvents_data()
    {
        QTest::addColumn<QStringList>("types");
        QTest::addColumn<bool>("ids");
        QTest::addColumn<bool>("multiLine");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("tick with ids")
            << QStringList {QStringLiteral("tick")} << true << false
            << QByteArray("event: tick\nid: 1\ndata: {\"seq\":1}\n\nevent: tick\nid: 2\ndata: {\"seq\":2}\n\n");
        QTest::addRow("message type, no ids") << QStringList {QStringLiteral("message")} << false << false
                                              << QByteArray("data: {\"seq\":1}\n\ndata: {\"seq\":2}\n\n");
        QTest::addRow("types cycle") << QStringList {QStringLiteral("a"), QStringLiteral("b")} << false << false
                                     << QByteArray("event: a\ndata: {\"seq\":1}\n\nevent: b\ndata: {\"seq\":2}\n\n");
        QTest::addRow("multi-line data") << QStringList {QStringLiteral("message")} << false << true
                                         << QByteArray("data: {\ndata: \"seq\":1\ndata: }\n\n");
    }

    void generatorEvents()
    {
        QFETCH(QStringList, types);
        QFETCH(bool, ids);
        QFETCH(bool, multiLine);
        QFETCH(QByteArray, expected);
        Scenario s = fastStream();
        s.stream.generator.eventTypes = types;
        s.stream.ids = ids;
        s.stream.generator.multiLine = multiLine;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil(
            [&](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).size() >= expected.size(); }));
        QCOMPARE(RawHttp::dechunk(http.body()).left(expected.size()), expected);
    }

    void payloadSize()
    {
        Scenario s = fastStream();
        s.stream.ids = false;
        s.stream.generator.eventTypes = {QStringLiteral("message")};
        s.stream.generator.payloadBytes = 1000;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(
            http.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("\n\n"); }));
        const QByteArray first = RawHttp::dechunk(http.body()).split('\n').first();
        QCOMPARE(first.size(), qsizetype(strlen("data: ") + 1000));
        QVERIFY(QJsonDocument::fromJson(first.mid(6)).isObject());
    }

    void retryOpeningCommentAndHeartbeat_data()
    {
        QTest::addColumn<bool>("asEvent");
        QTest::addColumn<QByteArray>("heartbeat");
        QTest::addRow("comment") << false << QByteArray(": ping\n\n");
        QTest::addRow("event") << true << QByteArray("event: ping\ndata: \n\n");
    }

    void retryOpeningCommentAndHeartbeat()
    {
        QFETCH(bool, asEvent);
        QFETCH(QByteArray, heartbeat);
        Scenario s;
        s.stream.generator.intervalMs = 60000;
        s.stream.retryMs = 1500;
        s.stream.openingComment = QStringLiteral(" hello");
        s.stream.heartbeat.intervalMs = 30;
        s.stream.heartbeat.asEvent = asEvent;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil(
            [&](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains(heartbeat); }));
        const QByteArray body = RawHttp::dechunk(http.body());
        QVERIFY2(body.startsWith(": hello\n\nretry: 1500\n\nevent: tick\nid: 1\n"), body.constData());
    }

    void script()
    {
        Scenario s;
        s.stream.source = StreamPolicy::Source::Script;
        ScriptedEvent a;
        a.event = QStringLiteral("greeting");
        a.id = QStringLiteral("a1");
        a.data = QStringLiteral("hello\nworld");
        ScriptedEvent b;
        b.comment = QStringLiteral(" note");
        b.retry = 10;
        b.delayMs = 20;
        ScriptedEvent c;
        c.raw = QByteArrayLiteral("data:raw\r\n\r\n");
        s.stream.script = {a, b, c};
        start(s);
        RawHttp http;
        openStream(http);
        bool terminated = false;
        QVERIFY(http.waitClosed());
        const QByteArray body = RawHttp::dechunk(http.body(), &terminated);
        QCOMPARE(body,
            QByteArray("event: greeting\nid: a1\ndata: hello\ndata: world\n\n: note\nretry: 10\n\ndata:raw\r\n\r\n"));
        QVERIFY2(terminated, "a finished script ends the response cleanly");
    }

    void scriptLoops()
    {
        Scenario s;
        s.stream.source = StreamPolicy::Source::Script;
        s.stream.loopScript = true;
        ScriptedEvent e;
        e.data = QStringLiteral("x");
        e.delayMs = 5;
        s.stream.script = {e};
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil(
            [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("data: x\n\n") >= 5; }));
        QVERIFY(!http.closed());
    }

    void generatorRate()
    {
        Scenario s;
        s.stream.generator.intervalMs = 100;
        start(s);
        QSignalSpy events(m_server.get(), &MockServerController::eventsWritten);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil(
            [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("data: ") >= 4; }));
        QList<WrittenEvent> written;
        QTRY_VERIFY([&] {
            written.clear();
            for (const QList<QVariant> &batch : events) {
                written += batch.at(1).value<QList<WrittenEvent>>();
            }
            return written.size() >= 4;
        }());
        // One event per interval: the first at once, the fourth three intervals later. Qt's precise
        // timers keep their schedule (a late tick is followed by an early one), so only the span
        // over several ticks has a floor, never a single gap.
        const qint64 spanUs = written.at(3).writtenUs - written.at(0).writtenUs;
        QVERIFY2(spanUs >= 250000, qPrintable(QString::number(spanUs)));
    }

    void replayGenerator()
    {
        Scenario s = fastStream();
        s.stream.replay = true;
        start(s);
        RawHttp http;
        openStream(http, "/events", {"Last-Event-ID: 41"});
        QVERIFY(
            http.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("\n\n"); }));
        QVERIFY(RawHttp::dechunk(http.body()).startsWith("event: tick\nid: 42\ndata: {\"seq\":42}\n\n"));

        s.stream.replay = false; // without replay the sequence starts again: duplicates
        m_server->setScenario(s);
        QTRY_VERIFY([&] {
            RawHttp again;
            openStream(again, "/events", {"Last-Event-ID: 41"});
            again.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("\n\n"); });
            return RawHttp::dechunk(again.body()).contains("id: 1\n");
        }());
    }

    void replayScript()
    {
        Scenario s;
        s.stream.source = StreamPolicy::Source::Script;
        s.stream.replay = true;
        for (int i = 1; i <= 4; ++i) {
            ScriptedEvent e;
            e.id = QString::number(i);
            e.data = QStringLiteral("e%1").arg(i);
            s.stream.script.append(e);
        }
        start(s);
        RawHttp http;
        openStream(http, "/events", {"Last-Event-ID: 2"});
        QVERIFY(http.waitClosed());
        QCOMPARE(RawHttp::dechunk(http.body()), QByteArray("id: 3\ndata: e3\n\nid: 4\ndata: e4\n\n"));
    }

    void endAfterEvents()
    {
        Scenario s = fastStream();
        s.stream.endAfterEvents = 3;
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp http;
        openStream(http);
        QVERIFY(http.waitClosed());
        bool terminated = false;
        bool wellFormed = false;
        const QByteArray body = RawHttp::dechunk(http.body(), &terminated, &wellFormed);
        QVERIFY(terminated && wellFormed);
        QCOMPARE(body.count("data: "), 3);
        QTRY_COMPARE(finished.size(), 1);
        const ServerExchange e = finished.at(0).at(0).value<ServerExchange>();
        QCOMPARE(e.end, ServerExchange::End::EndedByScenario);
        QCOMPARE(e.eventCount, quint64(3));
    }

    void endAfterMs()
    {
        Scenario s;
        s.stream.generator.intervalMs = 60000;
        s.stream.endAfterMs = 50;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.waitClosed());
        bool terminated = false;
        RawHttp::dechunk(http.body(), &terminated);
        QVERIFY(terminated);
    }

    void dropEveryEvents()
    {
        Scenario s = fastStream();
        s.stream.dropEveryEvents = 2;
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp http;
        openStream(http);
        QVERIFY(http.waitClosed());
        bool terminated = true;
        const QByteArray body = RawHttp::dechunk(http.body(), &terminated);
        QVERIFY2(!terminated, "a drop never terminates the chunked body");
        QCOMPARE(body.count("data: "), 2);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<ServerExchange>().end, ServerExchange::End::DroppedByScenario);
    }

    void chunkedFraming()
    {
        start(fastStream());
        RawHttp http;
        openStream(http);
        QCOMPARE(http.header("Transfer-Encoding"), QList<QByteArray> {"chunked"});
        QVERIFY(http.header("Content-Length").isEmpty());
        QVERIFY(http.readUntil([](const QByteArray &d) { return RawHttp::body(d).count("\r\n") >= 4; }));
        const QByteArray event = "event: tick\nid: 1\ndata: {\"seq\":1}\n\n";
        QVERIFY(http.body().startsWith(QByteArray(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n")));
    }

    void closeDelimitedFraming()
    {
        Scenario s = fastStream();
        s.transport.framing = TransportPolicy::Framing::CloseDelimited;
        s.stream.endAfterEvents = 2;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.header("Transfer-Encoding").isEmpty());
        QVERIFY(http.header("Content-Length").isEmpty());
        QVERIFY(http.waitClosed());
        QCOMPARE(http.body(),
            QByteArray("event: tick\nid: 1\ndata: {\"seq\":1}\n\nevent: tick\nid: 2\ndata: {\"seq\":2}\n\n"));
    }

    void gzip_data()
    {
        QTest::addColumn<bool>("flushEachWrite");
        QTest::addRow("flushed per event") << true;
        QTest::addRow("never flushed") << false;
    }

    void gzip()
    {
        QFETCH(bool, flushEachWrite);
        Scenario s;
        s.stream.generator.intervalMs = 30;
        s.transport.gzip = true;
        s.transport.gzipFlushEachWrite = flushEachWrite;
        start(s);
        RawHttp http;
        openStream(http);
        QCOMPARE(http.header("Content-Encoding"), QList<QByteArray> {"gzip"});
        if (flushEachWrite) {
            QVERIFY(http.readUntil([](const QByteArray &d) {
                return inflateGzip(RawHttp::dechunk(RawHttp::body(d))).contains("id: 2\n");
            }));
            QVERIFY(inflateGzip(RawHttp::dechunk(http.body())).startsWith("event: tick\nid: 1\ndata: {\"seq\":1}\n\n"));
        } else {
            http.idle(300); // ~10 events written, none decodable yet: the compressor holds them
            QVERIFY(!RawHttp::dechunk(http.body()).isEmpty()); // the gzip header went out
            QVERIFY(inflateGzip(RawHttp::dechunk(http.body())).isEmpty());
        }
    }

    void gzipEndsTheStream()
    {
        Scenario s = fastStream();
        s.transport.gzip = true;
        s.transport.gzipFlushEachWrite = false;
        s.stream.endAfterEvents = 3;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.waitClosed());
        bool complete = false;
        const QByteArray plain = inflateGzip(RawHttp::dechunk(http.body()), &complete);
        QVERIFY(complete);
        QCOMPARE(plain.count("data: "), 3);
    }

    void bufferingProxyByCount()
    {
        Scenario s;
        s.stream.generator.intervalMs = 40;
        s.transport.proxy.enabled = true;
        s.transport.proxy.flushEveryEvents = 3;
        start(s);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil([](const QByteArray &d) { return !RawHttp::body(d).isEmpty(); }));
        http.idle(20);
        // The first bytes after the head hold three events at once, in one chunk.
        const QByteArray body = RawHttp::dechunk(http.body());
        QVERIFY2(body.startsWith("event: tick\nid: 1\ndata: {\"seq\":1}\n\nevent: tick\nid: 2\ndata: {\"seq\":2}\n\n"
                                 "event: tick\nid: 3\ndata: {\"seq\":3}\n\n"),
            body.constData());
        // ... in one chunk: the first chunk-size line covers all three.
        const qsizetype fourth = body.indexOf("event: tick\nid: 4");
        const QByteArray three = fourth < 0 ? body : body.left(fourth);
        QVERIFY2(
            http.body().startsWith(QByteArray(QByteArray::number(three.size(), 16) + "\r\n")), http.body().constData());
    }

    void bufferingProxyByTime()
    {
        Scenario s;
        s.stream.generator.intervalMs = 20;
        s.transport.proxy.enabled = true;
        s.transport.proxy.flushEveryMs = 250;
        start(s);
        QSignalSpy events(m_server.get(), &MockServerController::eventsWritten);
        RawHttp http;
        openStream(http);
        QVERIFY(http.readUntil([](const QByteArray &d) { return !RawHttp::body(d).isEmpty(); }));
        // Several events were written before the first byte of body left the proxy.
        QTRY_VERIFY(!events.isEmpty());
        int written = 0;
        for (const QList<QVariant> &batch : events) {
            written += int(batch.at(1).value<QList<WrittenEvent>>().size());
        }
        QVERIFY2(written >= 3, qPrintable(QString::number(written)));
        QVERIFY(RawHttp::dechunk(http.body()).count("data: ") >= 3);
    }

    void drip()
    {
        Scenario s;
        s.stream.generator.intervalMs = 60000;
        s.transport.dripBytes = 4;
        s.transport.dripIntervalMs = 20;
        s.transport.framing = TransportPolicy::Framing::CloseDelimited;
        start(s);
        RawHttp http;
        openStream(http);
        const QByteArray event = "event: tick\nid: 1\ndata: {\"seq\":1}\n\n";
        QVERIFY(http.readUntil([&](const QByteArray &d) { return RawHttp::body(d) == event; }));
        // The event came in pieces (9 drips of 4 bytes; a busy reader may see a few together).
        QVERIFY2(http.reads().size() >= 2, qPrintable(QString::number(http.reads().size())));
    }

    void headerDelay()
    {
        Scenario s;
        s.transport.headerDelayMs = 300;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request("GET", "/events", {originHeader()});
        http.idle(100);
        QVERIFY(http.data().isEmpty());
        QVERIFY(http.readHead());
        QCOMPARE(http.status(), 200);
    }

    void headersNeverEnd()
    {
        Scenario s;
        s.transport.headersNeverEnd = true;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request("GET", "/events", {originHeader()});
        QVERIFY(http.readUntil([](const QByteArray &d) { return d.contains("Transfer-Encoding: chunked\r\n"); }));
        http.idle(200);
        QVERIFY(!http.data().contains("\r\n\r\n"));
    }

    void stopEndsOpenStreams()
    {
        start(fastStream());
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp http;
        openStream(http);
        QVERIFY(
            http.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("id: 1\n"); }));
        m_server->stop();
        QVERIFY(!m_server->isRunning());
        QCOMPARE(finished.size(), 1); // delivered before stop() returned
        QCOMPARE(finished.at(0).at(0).value<ServerExchange>().end, ServerExchange::End::ServerStopped);
        QVERIFY(http.waitClosed());
        // The ports are free again.
        RawHttp again;
        QVERIFY(!again.connectTo(apiPort()) || !again.readHead(500));
    }

    void hostileRequestIsBounded()
    {
        start(Scenario {});
        {
            RawHttp hostile;
            QVERIFY(hostile.connectTo(apiPort()));
            hostile.send("GET /events HTTP/1.1\r\nX-Huge: ");
            const QByteArray block(64 * 1024, 'a');
            // 4 MiB of one header line, never finished. Past the 256 KiB read limit the server
            // closes the connection (a stalled socket would never see the client leave).
            for (int i = 0; i < 64 && hostile.socket().state() == QAbstractSocket::ConnectedState; ++i) {
                hostile.socket().write(block);
                hostile.socket().waitForBytesWritten(50);
            }
            QVERIFY(hostile.waitClosed());
        }
        RawHttp http; // the server is still fine
        openStream(http);
        QCOMPARE(http.status(), 200);
    }

    // ---- lean streams (the server writes on its own descriptor once the head is out) ----

    void peerCloseIsSeenWithoutWriting()
    {
        Scenario s;
        s.stream.generator.intervalMs = 60000; // the first event at once, then nothing to write
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        {
            RawHttp http;
            openStream(http);
            QVERIFY(http.readUntilContains("id: 1\n"));
            http.idle(50);
            QCOMPARE(finished.size(), 0);
        } // closed: only reading the connection can tell
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<ServerExchange>().end, ServerExchange::End::ClientClosed);
    }

    void backlogIsSentToASlowReader()
    {
        // 5 MiB written at once to a client that reads nothing for a while: the kernel takes
        // part (Linux loopback: a few MiB at most), the rest waits in the stream's backlog (under
        // the 4 MiB slow-client cap), all of it arrives in order, then the end.
        Scenario s;
        s.stream.source = StreamPolicy::Source::Script;
        for (int i = 0; i < 5; ++i) {
            ScriptedEvent e;
            e.id = QString::number(i);
            e.data = QString(1024 * 1024 - 20, QLatin1Char('a' + i));
            s.stream.script.append(e);
        }
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.socket().setReadBufferSize(64 * 1024); // the test client itself must not swallow it all
        http.request("GET", "/events", {originHeader()});
        QTest::qWait(300);
        QCOMPARE(finished.size(), 0); // still behind: the stream waits for the client
        http.socket().setReadBufferSize(0);
        QVERIFY(http.waitClosed(20000));
        bool terminated = false;
        bool wellFormed = false;
        const QByteArray body = RawHttp::dechunk(http.body(), &terminated, &wellFormed);
        QVERIFY(terminated && wellFormed);
        QCOMPARE(body.count("data: "), 5);
        for (int i = 0; i < 5; ++i) {
            QVERIFY(body.contains(QByteArray("id: " + QByteArray::number(i) + "\ndata: " + QByteArray(8, char('a' + i)))));
        }
        QTRY_COMPARE(finished.size(), 1);
        const ServerExchange e = finished.at(0).at(0).value<ServerExchange>();
        QCOMPARE(e.end, ServerExchange::End::EndedByScenario);
        // Everything on the wire was counted (the record leaves the reason phrase out).
        const qsizetype statusLine = http.data().indexOf("\r\n") + 2;
        QCOMPARE(e.wireBytes, qint64(http.data().size() - (statusLine - 14)));
    }

    void slowBroadcastClientIsDropped()
    {
        Scenario s;
        s.stream.broadcast = true;
        s.stream.generator.intervalMs = 1;
        s.stream.generator.data = QString(64 * 1024, QLatin1Char('z'));
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp slow;
        QVERIFY(slow.connectTo(apiPort()));
        slow.socket().setReadBufferSize(16 * 1024);
        slow.request("GET", "/events", {originHeader()});
        RawHttp reader;
        openStream(reader);
        const auto isSlow = [&] {
            for (const QList<QVariant> &args : finished) {
                if (args.at(0).value<ServerExchange>().end == ServerExchange::End::SlowClient) {
                    return true;
                }
            }
            return false;
        };
        // The reader keeps reading (and discarding) while the slow one falls behind.
        QElapsedTimer timer;
        timer.start();
        while (!isSlow() && timer.elapsed() < 20000) {
            reader.socket().waitForReadyRead(20);
            reader.socket().readAll();
            QCoreApplication::processEvents(); // the records come through the event loop
        }
        QVERIFY(isSlow());
        QCOMPARE(finished.size(), 1); // the reader is still served
        qint64 after = 0;
        timer.restart();
        while (after < 3 * 64 * 1024 && timer.elapsed() < 10000) {
            reader.socket().waitForReadyRead(20);
            after += reader.socket().readAll().size();
        }
        QVERIFY(after >= 3 * 64 * 1024);
    }

    void manyBroadcastConnections()
    {
        Scenario s;
        s.stream.broadcast = true;
        s.stream.generator.intervalMs = 20;
        start(s);
        QSignalSpy started(m_server.get(), &MockServerController::exchangeStarted);
        RawHttp early;
        openStream(early);
        QVERIFY(early.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("id: 3\n"); }));
        constexpr int count = 200;
        std::vector<std::unique_ptr<RawHttp>> clients;
        for (int i = 0; i < count; ++i) {
            clients.push_back(std::make_unique<RawHttp>());
            QVERIFY(clients.back()->connectTo(apiPort()));
            clients.back()->request("GET", "/events", {originHeader()});
        }
        QTRY_COMPARE(started.size(), count + 1);
        // One generator: a late connection joins the broadcast where it is (never at id 1), and
        // gets every later tick.
        for (auto &client : clients) {
            QVERIFY(client->readUntil(
                [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("data: ") >= 2; }));
            const QList<QByteArray> got = idsOf(RawHttp::dechunk(client->body()));
            QVERIFY(got.constFirst().toULongLong() >= 4);
            QCOMPARE(got.at(1).toULongLong(), got.at(0).toULongLong() + 1);
        }
        clients.clear();
        QTRY_COMPARE(m_server->recentExchanges().constLast().end, ServerExchange::End::ClientClosed);
    }

    // ---- the broadcast's replay buffer ----

    void broadcastReplay_data()
    {
        QTest::addColumn<int>("bufferSize");
        QTest::addColumn<QByteArray>("lastEventId");
        QTest::addColumn<bool>("gap");
        QTest::addRow("id in the buffer") << 1000 << QByteArray("2") << false;
        QTest::addRow("id older than the buffer") << 2 << QByteArray("1") << true;
        QTest::addRow("id not ours") << 1000 << QByteArray("nope") << false;
        QTest::addRow("id from the future") << 1000 << QByteArray("999999") << false;
        // id + 1 wrapped to 0 and replayed the whole buffer as a gap (fuzz_mockrouter's finding's twin)
        QTest::addRow("the largest id") << 1000 << QByteArray("18446744073709551615") << false;
    }

    void broadcastReplay()
    {
        QFETCH(int, bufferSize);
        QFETCH(QByteArray, lastEventId);
        QFETCH(bool, gap);
        Scenario s;
        s.stream.broadcast = true;
        s.stream.replay = true;
        s.stream.replayBuffer = bufferSize;
        s.stream.generator.intervalMs = 20;
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp first;
        openStream(first);
        QVERIFY(first.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("id: 6\n"); }));
        RawHttp again; // a reconnect after missing events 3..6 (or more)
        openStream(again, "/events", {"Last-Event-ID: " + lastEventId});
        QVERIFY(again.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("data: ") >= 1; }));
        again.idle(30);
        const QList<QByteArray> got = idsOf(RawHttp::dechunk(again.body()));
        QVERIFY(!got.isEmpty());
        for (int i = 1; i < got.size(); ++i) {
            QCOMPARE(got.at(i).toULongLong(), got.at(i - 1).toULongLong() + 1); // no gap, no duplicate
        }
        const quint64 firstId = got.constFirst().toULongLong();
        again.socket().close();
        QTRY_COMPARE(finished.size(), 1);
        const ServerExchange e = finished.at(0).at(0).value<ServerExchange>();
        if (lastEventId == "nope" || lastEventId.size() > 1) {
            QVERIFY(firstId >= 7); // live events only
            QCOMPARE(e.replayedEvents, quint64(0));
            QCOMPARE(e.replayMissed, quint64(0));
        } else if (!gap) {
            QCOMPARE(firstId, lastEventId.toULongLong() + 1);
            QVERIFY(e.replayedEvents >= 4); // 3, 4, 5, 6 at least
            QCOMPARE(e.replayMissed, quint64(0));
        } else {
            QVERIFY(firstId >= 5); // only the last two are kept
            QCOMPARE(e.replayMissed, firstId - lastEventId.toULongLong() - 1);
            QCOMPARE(e.replayedEvents, quint64(2));
        }
    }
};

QTEST_GUILESS_MAIN(tst_MockServerStream)
#include "tst_mockserverstream.moc"
