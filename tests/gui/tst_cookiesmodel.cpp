#include <models/cookiesmodel.h>

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace SseScope;

class TestCookiesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void appendsFates()
    {
        CookiesModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterRole(CookieExchangeIdRole);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        RecordedCookie sent;
        sent.exchangeId = 2;
        sent.outcome.name = QStringLiteral("session");
        sent.outcome.included = false;
        sent.outcome.reasons = {QStringLiteral("EXCLUDE_SAMESITE_LAX")};
        RecordedCookie stored;
        stored.exchangeId = 1;
        stored.direction = RecordedCookie::Direction::Set;
        stored.outcome.name = QStringLiteral("session");
        stored.outcome.included = true;
        model.append({stored, sent});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, CookieColumn::Reasons).data().toString(), QStringLiteral("EXCLUDE_SAMESITE_LAX"));
        QVERIFY(!model.index(1, 0).data(CookieIncludedRole).toBool());
        QCOMPARE(model.index(0, 0).data(CookieDirectionRole).toInt(), int(RecordedCookie::Direction::Set));
        proxy.setFilterFixedString(QStringLiteral("2"));
        QCOMPARE(proxy.rowCount(), 1);
        model.clear();
        QCOMPARE(proxy.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCookiesModel)
#include "tst_cookiesmodel.moc"
