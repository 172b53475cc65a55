#include <models/exchangesmodel.h>

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace SseScope;

class TestExchangesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void upsertAddsThenUpdates()
    {
        ExchangesModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

        SessionExchange preflight;
        preflight.id = 1;
        preflight.kind = ExchangeKind::Preflight;
        preflight.request.method = "OPTIONS";
        preflight.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
        model.upsert(preflight);
        SessionExchange stream;
        stream.id = 2;
        stream.startedMs = 5;
        stream.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
        model.upsert(stream);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, ExchangeColumn::Status).data().toInt(), 0);
        QVERIFY(model.index(1, 0).data(ExchangeOpenRole).toBool());

        stream.response = ResponseHead{403, "Forbidden", {}};
        stream.endedMs = 25;
        model.upsert(stream);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, ExchangeColumn::Status).data().toInt(), 403);
        QCOMPARE(model.index(1, ExchangeColumn::Duration).data().toLongLong(), 20);
        QVERIFY(model.index(1, 0).data(ExchangeFailedRole).toBool());
        QVERIFY(!model.index(1, 0).data(ExchangeOpenRole).toBool());
        QCOMPARE(model.index(0, ExchangeColumn::Method).data().toString(), QStringLiteral("OPTIONS"));
        QCOMPARE(model.index(0, 0).data(ExchangeKindRole).toInt(), int(ExchangeKind::Preflight));
        QCOMPARE(model.index(1, 0).data(ExchangeValueRole).value<SessionExchange>().response->status, 403);
    }

    void boundedDropsOldest()
    {
        ExchangesModel model;
        model.setCapacity(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (quint64 id = 1; id <= 5; ++id) {
            SessionExchange exchange;
            exchange.id = id;
            model.upsert(exchange);
        }
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(1), -1);
        QCOMPARE(model.rowOf(5), 2);
        QCOMPARE(model.index(0, 0).data(ExchangeIdRole).toULongLong(), 3u);
    }
};

QTEST_GUILESS_MAIN(TestExchangesModel)
#include "tst_exchangesmodel.moc"
