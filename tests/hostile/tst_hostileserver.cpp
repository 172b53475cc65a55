// Hostile servers, for the client (docs/hardening.md): a raw TCP server misbehaves on purpose
// and the browser-faithful client must stay within its memory caps, report what happened, and
// leave the caller's thread (the window's) responsive.
#include "hostileserver.h"
#include "processmemory.h"

#include <client/browserclientcontroller.h>

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace SseScope;
using namespace SseScope::Hostile;

namespace {

#ifndef SSESCOPE_HOSTILE_LONG_LINE_BYTES
#define SSESCOPE_HOSTILE_LONG_LINE_BYTES (1024LL * 1024 * 1024)
#endif
constexpr qint64 longLineBytes = SSESCOPE_HOSTILE_LONG_LINE_BYTES;
constexpr qint64 MiB = 1024 * 1024;

// What the client may hold for one hostile stream, above the baseline: the session's raw-byte
// cap (64 MiB), the parser's line and event caps (4 + 16 MiB), QNetworkReply's read buffer
// (1 MiB), and slack for the allocator and signals in flight. A client that keeps what the
// server sends goes far past it (the long stream is 1 GiB).
constexpr qint64 memoryCap = 160 * MiB + sanitizerSlack;

// The window's event loop must never stall this long (generous: the machine running the tests
// may be loaded; a client that blocked the caller's thread on the stream would stall for the
// whole transfer).
constexpr qint64 responsiveMs = 2000;

} // namespace

class tst_HostileServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void hostileServer_data();
    void hostileServer();
};

void tst_HostileServer::hostileServer_data()
{
    QTest::addColumn<HostileServer::Mode>("mode");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<QString>("finding"); // must be raised
    QTest::addColumn<int>("events"); // MessageEvents the page must have received; -1: any
    // A gap of the client that this test found and that is not fixed yet (docs/hardening.md):
    // the memory cap is still asserted, then the row is skipped with this reason, visibly.
    QTest::addColumn<QString>("knownGap");
    const QString noGap;

#ifdef SSESCOPE_HOSTILE_HEADER_BLOCK_ONLY
    // In its own process (tst_hostileheaderblock): QNAM's HTTP thread is still busy with the head
    // when the session ends; Qt stops waiting for it after 5 s and deletes it later, which
    // LeakSanitizer reports when more rows follow in the same process (known gap 3).
    QTest::addRow("header block that never ends")
        << HostileServer::Mode::EndlessHeaders << qint64(256 * MiB) << qint64(5000) << QString() << 0
        << QStringLiteral("no response-head cap (Chromium fails at 256 KiB: ERR_RESPONSE_HEADERS_TOO_BIG): no finding, "
                          "and the session ends about 5 s after its window");
    Q_UNUSED(noGap)
    return;
#endif
    QTest::addRow("endless line") << HostileServer::Mode::EndlessLine << qint64(0) << qint64(3000)
                                  << QStringLiteral("stream.line-too-long") << 0 << noGap;
    QTest::addRow("%lld MiB without a newline", longLineBytes / MiB)
        << HostileServer::Mode::LongLine << longLineBytes << qint64(0) << QStringLiteral("stream.line-too-long") << 0
        << noGap;
    QTest::addRow("invalid UTF-8") << HostileServer::Mode::InvalidUtf8 << qint64(0) << qint64(1500)
                                   << QStringLiteral("stream.invalid-utf8") << 100 << noGap;
    QTest::addRow("10,000 headers") << HostileServer::Mode::ManyHeaders << qint64(0) << qint64(3000) << QString()
                                    << -1
                                    << QStringLiteral("Chromium takes a 10,000-field head (under its 256 KiB cap) and "
                                                      "opens; through QNetworkAccessManager (Qt 6.4) the head the client "
                                                      "sees has no Content-Type, so it waits to sniff 1024 bytes (a wrong "
                                                      "eventsource.mime-sniffing finding) and delivers no event");
    QTest::addRow("stalled body") << HostileServer::Mode::StalledBody << qint64(0) << qint64(11500)
                                  << QStringLiteral("transport.stall") << 3 << noGap;
    QTest::addRow("reset in the middle of an event")
        << HostileServer::Mode::ResetMidEvent << qint64(0) << qint64(3000) << QStringLiteral("eventsource.reconnect")
        << 2 << noGap;
}

void tst_HostileServer::hostileServer()
{
    QFETCH(HostileServer::Mode, mode);
    QFETCH(qint64, limit);
    QFETCH(qint64, durationMs);
    QFETCH(QString, finding);
    QFETCH(int, events);
    QFETCH(QString, knownGap);

    HostileServer server(mode, limit);
    QVERIFY(server.port() != 0);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/events").arg(server.port()));

    ClientOptions options;
    options.intent.url = url;
    options.pageOrigin = Origin::fromUrl(url);
    options.durationMs = durationMs; // 0: until the browser gives up (the 204 on reconnect)

    // The window's thread: a 20 ms tick measures how long its event loop is kept from running,
    // and samples the resident memory.
    const qint64 baseline = residentBytes();
    QVERIFY(baseline > 0);
    qint64 peak = baseline;
    qint64 longestGap = 0;
    QElapsedTimer sinceTick;
    sinceTick.start();
    QTimer tick;
    tick.setInterval(20);
    connect(&tick, &QTimer::timeout, this, [&] {
        longestGap = qMax(longestGap, sinceTick.restart());
        peak = qMax(peak, residentBytes());
    });
    tick.start();

    BrowserClientController client;
    QSignalSpy finished(&client, &BrowserClientController::finished);
    QElapsedTimer elapsed;
    elapsed.start();
    QString error;
    QVERIFY2(client.start(options, &error), qPrintable(error));
    // Bounded: the window, or for the long transfers enough for a slow machine.
    const int waitMs = int(durationMs > 0 ? durationMs + 30000 : 600000);
    QVERIFY2(finished.wait(waitMs), "the client never finished");
    tick.stop();
    peak = qMax(peak, residentBytes());
    const Session &session = client.session();

    QStringList exchanges;
    for (const SessionExchange &e : session.exchanges()) {
        exchanges << QStringLiteral("%1#%2 status %3 %4 body %5")
                         .arg(exchangeKindName(e.kind))
                         .arg(e.attempt)
                         .arg(e.response ? e.response->status : -1)
                         .arg(e.netError.isEmpty() ? QString() : e.netError + QStringLiteral(" (") + e.errorDetail + QLatin1Char(')'))
                         .arg(e.bodyBytes);
    }
    QStringList raised;
    for (const Finding &f : session.findingList()) {
        raised << f.id + QStringLiteral(" (") + f.detail + QLatin1Char(')');
    }
    qInfo().noquote() << QTest::currentDataTag() << "took" << elapsed.elapsed() << "ms; server wrote"
                      << server.bytesWritten() << "filler bytes over" << server.connections()
                      << "connections; peak RSS growth" << (peak - baseline) / MiB << "MiB; longest stall of the caller's thread"
                      << longestGap << "ms; events" << session.verdict().events << "readyState"
                      << readyStateName(session.verdict().readyState) << "; exchanges:" << exchanges.join(QStringLiteral(", "))
                      << "; findings:" << raised.join(QStringLiteral(", "));

    QVERIFY2(peak - baseline < memoryCap, qPrintable(QStringLiteral("memory grew by %1 MiB").arg((peak - baseline) / MiB)));
    if (!knownGap.isEmpty()) {
        QSKIP(qPrintable(QStringLiteral("known gap: ") + knownGap));
    }
    QVERIFY2(longestGap < responsiveMs, qPrintable(QStringLiteral("the caller's thread stalled %1 ms").arg(longestGap)));
    if (!finding.isEmpty()) {
        QVERIFY2(session.hasFinding(finding), qPrintable(raised.join(QStringLiteral(", "))));
    } else {
        // No specific finding for this misbehaviour, but never silence: the page got the event
        // after the head, or the connection failed with a finding that says so.
        QVERIFY2(session.verdict().events > 0 || session.hasFinding(QStringLiteral("http.network-error")),
                 qPrintable(raised.join(QStringLiteral(", "))));
    }
    if (events >= 0) {
        QCOMPARE(session.verdict().events, quint64(events));
    }

    switch (mode) {
    case HostileServer::Mode::LongLine: {
        // The client read the whole transfer (it did not give up early to stay small).
        QVERIFY(!session.exchanges().isEmpty());
        QCOMPARE(session.exchanges().constFirst().bodyBytes, limit + qint64(sizeof("data: ") - 1));
        QVERIFY(session.rawBytesKept() <= session.limits().maxRawBytes);
        break;
    }
    case HostileServer::Mode::InvalidUtf8:
        // The page sees U+FFFD where the bytes were bad, as a browser decodes them.
        QVERIFY(!session.events().isEmpty());
        QVERIFY(session.events().constFirst().data.contains("\xef\xbf\xbd"));
        break;
    case HostileServer::Mode::StalledBody:
    case HostileServer::Mode::ResetMidEvent:
        // The incomplete event is never dispatched.
        for (const RecordedEvent &event : session.events()) {
            QVERIFY(!event.data.startsWith("never") && !event.data.startsWith("half"));
        }
        break;
    default:
        break;
    }
}

QTEST_GUILESS_MAIN(tst_HostileServer)
#include "tst_hostileserver.moc"
