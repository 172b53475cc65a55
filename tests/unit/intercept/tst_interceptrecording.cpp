// InterceptRecording (lib/intercept): an intercepted event stream's diagnosis and its HAR export,
// from exchanges built here (no proxy, no network). The events a stream carried on the wire reach
// the page only when the browser model lets its body through: a stream the browser blocks
// delivers none, in the diagnosis and in the HAR read back, whatever bytes passed the proxy.

#include <intercept/interceptrecording.h>
#include <session/harreader.h>

#include <QTest>
#include <QTimeZone>

using namespace SseScope;

namespace {

// A cross-origin EventSource from http://localhost:3000 to a backend, answered 200
// text/event-stream with three events in three chunks; `allowOrigin` empty: no ACAO at all.
InterceptedExchange stream(const QByteArray &allowOrigin)
{
    InterceptedExchange e;
    e.exchange.id = 1;
    e.exchange.kind = ExchangeKind::Stream;
    e.exchange.attempt = 1;
    e.exchange.request.method = "GET";
    e.exchange.request.url = QUrl(QStringLiteral("http://api.example.test/events"));
    e.exchange.request.headers.append("Host", "api.example.test");
    e.exchange.request.headers.append("Accept", "text/event-stream");
    e.exchange.request.headers.append("Origin", "http://localhost:3000");
    e.exchange.request.headers.append("Referer", "http://localhost:3000/");
    e.exchange.plannedRequest = e.exchange.request;
    ResponseHead head;
    head.status = 200;
    head.reasonPhrase = "OK";
    head.headers.append("Content-Type", "text/event-stream");
    head.headers.append("Cache-Control", "no-cache");
    if (!allowOrigin.isEmpty()) {
        head.headers.append("Access-Control-Allow-Origin", allowOrigin);
    }
    e.exchange.response = head;
    e.exchange.httpVersion = "1.1";
    e.exchange.startedMs = 100;
    e.exchange.firstByteMs = 110;
    qint64 offset = 0;
    for (int i = 0; i < 3; ++i) {
        RawChunk chunk;
        chunk.exchangeId = 1;
        chunk.receivedMs = 120 + 10 * i;
        chunk.offset = offset;
        chunk.bytes = "id: " + QByteArray::number(i + 1) + "\ndata: tick " + QByteArray::number(i + 1) + "\n\n";
        chunk.size = chunk.bytes.size();
        offset += chunk.size;
        e.chunks.append(chunk);
    }
    e.exchange.bodyBytes = offset;
    e.exchange.chunks = e.chunks.size();
    e.bodyBytesKept = offset;
    e.exchange.endedMs = 200;
    e.exchange.closedByClient = true;
    e.connection = 1;
    return e;
}

} // namespace

class tst_InterceptRecording : public QObject
{
    Q_OBJECT

private slots:
    void deliveredEvents_data()
    {
        QTest::addColumn<QByteArray>("allowOrigin");
        QTest::addColumn<bool>("opened");
        QTest::addColumn<int>("events"); // that reached the page
        // Fetch §4.10 CORS check: a cross-origin response without Access-Control-Allow-Origin
        // fails it; the EventSource fails the connection before any message is dispatched
        // (HTML §9.2 "fail the connection"), although the server's bytes passed the proxy.
        QTest::newRow("blocked: no Access-Control-Allow-Origin") << QByteArray() << false << 0;
        QTest::newRow("blocked: another origin allowed") << QByteArray("https://other.example") << false << 0;
        QTest::newRow("open: Access-Control-Allow-Origin *") << QByteArray("*") << true << 3;
        QTest::newRow("open: the page's origin allowed") << QByteArray("http://localhost:3000") << true << 3;
    }

    // The recording's own diagnosis (the window's and the CLI's REPORT) and the HAR it exports,
    // read back as `ssescope har` reads it: the same events, and only those the page received.
    void deliveredEvents()
    {
        QFETCH(QByteArray, allowOrigin);
        QFETCH(bool, opened);
        QFETCH(int, events);
        InterceptRecording recording(QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, QTimeZone::utc()),
            QStringLiteral("chromium"));
        const InterceptedExchange intercepted = stream(allowOrigin);
        recording.add(intercepted);

        QString error;
        const std::optional<HarImport> diagnosed = recording.diagnose(intercepted, &error);
        QVERIFY2(diagnosed, qPrintable(error));
        QCOMPARE(diagnosed->session.verdict().opened, opened);
        QCOMPARE(diagnosed->session.verdict().events, quint64(events));
        QCOMPARE(diagnosed->session.events().size(), qsizetype(events));

        HarError harError;
        const std::optional<HarImport> imported
            = HarReader::read(recording.toHar(false), QStringLiteral("intercept.har"), &harError);
        QVERIFY2(imported, qPrintable(harError.toString()));
        QCOMPARE(imported->session.verdict().opened, opened);
        QCOMPARE(imported->session.verdict().events, quint64(events));
        QCOMPARE(imported->session.events().size(), qsizetype(events));
        if (events > 0) {
            QCOMPARE(imported->session.events().constLast().data, QByteArray("tick 3"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_InterceptRecording)
#include "tst_interceptrecording.moc"
