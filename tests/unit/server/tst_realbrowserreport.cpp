// RealBrowserReport::fromJson: the test page's report, read once and typed; a report with a
// missing verdict or a wrong type is refused with the field named.

#include <server/realbrowserreport.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SseScope;

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
} // namespace

class TestRealBrowserReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void readsWhatTheTestPageSends()
    {
        // The body resources/testpage/index.html posts (trimmed to the fields it always has).
        const QJsonObject object = parse("{\"userAgent\":\"Mozilla/5.0 HeadlessChrome/120\",\"scenario\":\"default\","
            "\"mode\":\"eventsource\",\"withCredentials\":false,\"opened\":true,\"failed\":false,\"events\":2,"
            "\"readyState\":\"OPEN\",\"errors\":0,\"lastEventId\":\"2\",\"status\":null,\"settledBy\":\"window\","
            "\"messages\":[{\"type\":\"tick\",\"data\":\"1\",\"lastEventId\":\"1\"},{\"type\":\"tick\",\"data\":\"2\",\"lastEventId\":\"2\"}],"
            "\"log\":[\"+3 ms  open\",\"+5 ms  tick #1: 1\"]}");
        QString error;
        const std::optional<RealBrowserReport> report = RealBrowserReport::fromJson(object, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->userAgent, QStringLiteral("Mozilla/5.0 HeadlessChrome/120"));
        QCOMPARE(report->scenario, QStringLiteral("default"));
        QVERIFY(report->opened);
        QVERIFY(!report->failed);
        QCOMPARE(report->events, 2);
        QCOMPARE(report->readyState, QStringLiteral("OPEN"));
        QCOMPARE(report->messages.size(), 2);
        QCOMPARE(report->messages.at(1).type, QStringLiteral("tick"));
        QCOMPARE(report->messages.at(1).data, QStringLiteral("2"));
        QCOMPARE(report->messages.at(1).lastEventId, QStringLiteral("2"));
        QCOMPARE(report->log, QStringList({QStringLiteral("+3 ms  open"), QStringLiteral("+5 ms  tick #1: 1")}));
    }

    // A fetch-mode report (issue 18): the page's method and what response.headers.get() returned.
    void readsAFetchReport()
    {
        const QJsonObject object = parse("{\"userAgent\":\"Mozilla/5.0 HeadlessChrome/156\",\"scenario\":\"mcp-session-id-not-exposed\","
            "\"mode\":\"fetch\",\"method\":\"POST\",\"opened\":true,\"failed\":false,\"events\":1,"
            "\"readyState\":\"CLOSED\",\"readHeaders\":{\"Mcp-Session-Id\":null,\"Content-Type\":\"text/event-stream\"}}");
        QString error;
        const std::optional<RealBrowserReport> report = RealBrowserReport::fromJson(object, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->method, QStringLiteral("POST"));
        QCOMPARE(report->readHeaders.size(), 2);
        QCOMPARE(report->readHeaders.at(0).first, QStringLiteral("Content-Type"));
        QCOMPARE(report->readHeaders.at(0).second, std::optional<QString>(QStringLiteral("text/event-stream")));
        QCOMPARE(report->readHeaders.at(1).first, QStringLiteral("Mcp-Session-Id"));
        QVERIFY(!report->readHeaders.at(1).second.has_value());
    }

    void optionalFieldsMayBeAbsent()
    {
        const std::optional<RealBrowserReport> report
            = RealBrowserReport::fromJson(parse("{\"opened\":false,\"failed\":true}"));
        QVERIFY(report);
        QVERIFY(report->failed);
        QCOMPARE(report->events, 0);
        QVERIFY(report->messages.isEmpty());
        QVERIFY(report->log.isEmpty());
        QVERIFY(report->method.isEmpty());
        QVERIFY(report->readHeaders.isEmpty());
    }

    void refusesABadReport_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field"); // named in the error
        QTest::addRow("no opened") << QByteArray("{\"failed\":false}") << QStringLiteral("opened");
        QTest::addRow("no failed") << QByteArray("{\"opened\":true}") << QStringLiteral("failed");
        QTest::addRow("opened as a string") << QByteArray("{\"opened\":\"yes\",\"failed\":false}") << QStringLiteral("opened");
        QTest::addRow("negative events") << QByteArray("{\"opened\":true,\"failed\":false,\"events\":-1}") << QStringLiteral("events");
        QTest::addRow("fractional events") << QByteArray("{\"opened\":true,\"failed\":false,\"events\":1.5}") << QStringLiteral("events");
        QTest::addRow("events as a string") << QByteArray("{\"opened\":true,\"failed\":false,\"events\":\"3\"}") << QStringLiteral("events");
        QTest::addRow("userAgent as a number") << QByteArray("{\"opened\":true,\"failed\":false,\"userAgent\":7}") << QStringLiteral("userAgent");
        QTest::addRow("messages not a list") << QByteArray("{\"opened\":true,\"failed\":false,\"messages\":{}}") << QStringLiteral("messages");
        QTest::addRow("a message of the wrong type") << QByteArray("{\"opened\":true,\"failed\":false,\"messages\":[{\"data\":1}]}") << QStringLiteral("data");
        QTest::addRow("method as a number") << QByteArray("{\"opened\":true,\"failed\":false,\"method\":1}") << QStringLiteral("method");
        QTest::addRow("readHeaders a list") << QByteArray("{\"opened\":true,\"failed\":false,\"readHeaders\":[]}") << QStringLiteral("readHeaders");
        QTest::addRow("a read header a number") << QByteArray("{\"opened\":true,\"failed\":false,\"readHeaders\":{\"X-A\":1}}") << QStringLiteral("X-A");
        QTest::addRow("a log line not a string") << QByteArray("{\"opened\":true,\"failed\":false,\"log\":[1]}") << QStringLiteral("log");
    }
    void refusesABadReport()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QString error;
        QVERIFY(!RealBrowserReport::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(field), qPrintable(error));
    }

    // The real browser pane files each report under its engine, told from the User-Agent the page
    // sends (observed: headless Chromium 156, Firefox ESR 153, WebKitGTK 2.50's MiniBrowser).
    void engineOfUserAgent_data()
    {
        QTest::addColumn<QString>("userAgent");
        QTest::addColumn<QString>("engine");
        QTest::addRow("Chromium 156 headless")
            << "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
               "Safari/537.36"
            << "chromium";
        QTest::addRow("Chrome") << "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                   "Chrome/156.0.0.0 Safari/537.36"
                                << "chromium";
        QTest::addRow("Edge") << "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                 "Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0"
                              << "chromium";
        QTest::addRow("Firefox ESR 153") << "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0"
                                         << "firefox";
        QTest::addRow("Safari") << "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
                                   "Gecko) Version/26.0 Safari/605.1.15"
                                << "safari";
        QTest::addRow("Epiphany / MiniBrowser (WebKitGTK 2.50)")
            << "Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 "
               "Safari/605.1.15"
            << "safari";
        QTest::addRow("curl") << "curl/7.88.1" << "";
        QTest::addRow("empty") << "" << "";
    }
    void engineOfUserAgent()
    {
        QFETCH(QString, userAgent);
        QFETCH(QString, engine);
        QCOMPARE(RealBrowserReport::engineOfUserAgent(userAgent), engine);
    }
};

QTEST_GUILESS_MAIN(TestRealBrowserReport)
#include "tst_realbrowserreport.moc"
