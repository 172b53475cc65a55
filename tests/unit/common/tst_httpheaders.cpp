#include <common/httpheaders.h>

#include <QTest>

using namespace SseScope;

class tst_HttpHeaders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void combinedValue_data()
    {
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("expectNull");

        QTest::addRow("absent") << HttpHeaders{} << QByteArray("Access-Control-Allow-Origin") << QByteArray()
                                << true;
        QTest::addRow("present but empty")
            << HttpHeaders{{"Access-Control-Allow-Origin", ""}} << QByteArray("access-control-allow-origin")
            << QByteArray("") << false;
        // Fetch: two header lines are combined with ", " (and then fail the CORS check).
        QTest::addRow("two lines combine")
            << HttpHeaders{{"Access-Control-Allow-Origin", "http://a"}, {"X", "1"},
                           {"access-control-allow-origin", "http://b"}}
            << QByteArray("ACCESS-CONTROL-ALLOW-ORIGIN") << QByteArray("http://a, http://b") << false;
    }

    void combinedValue()
    {
        QFETCH(HttpHeaders, headers);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, expected);
        QFETCH(bool, expectNull);
        const QByteArray value = headers.combinedValue(name);
        QCOMPARE(value, expected);
        QCOMPARE(value.isNull(), expectNull);
    }

    void setReplacesEveryLine()
    {
        HttpHeaders headers{{"Vary", "Accept"}, {"vary", "Origin"}, {"X", "1"}};
        headers.set("VARY", "Origin");
        QCOMPARE(headers.values("vary"), QList<QByteArray>{"Origin"});
        QCOMPARE(headers.size(), 2);
        QCOMPARE(headers.lines().constFirst().name, QByteArray("X"));
        QCOMPARE(headers.remove("vary"), 1);
        QVERIFY(!headers.contains("Vary"));
    }
};

QTEST_GUILESS_MAIN(tst_HttpHeaders)
#include "tst_httpheaders.moc"
