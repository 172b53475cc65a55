#include <models/eventfilterproxymodel.h>
#include <models/eventsmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace SseScope;

namespace {
RecordedEvent makeEvent(qint64 ms, const char *type, const QByteArray &data, const QByteArray &id = {})
{
    RecordedEvent e;
    e.exchangeId = 1;
    e.receivedMs = ms;
    e.type = type;
    e.data = data;
    e.lastEventId = id;
    return e;
}
} // namespace

class TestEventsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void appendIsBatched()
    {
        EventsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(makeEvent(10, "tick", "a", "1"));
        model.append(makeEvent(15, "tick", "b", "2"));
        model.append({makeEvent(40, "other", "c"), makeEvent(41, "tick", "d", "4")});
        QCOMPARE(model.rowCount(), 0); // nothing until the batch
        QCOMPARE(model.pendingCount(), 4);
        QVERIFY(inserted.wait(2000));
        QCOMPARE(inserted.count(), 1); // one beginInsertRows for the whole batch
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(1, EventColumn::Data).data().toString(), QStringLiteral("b"));
        QCOMPARE(model.index(1, EventColumn::Id).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(2, EventColumn::Id).data().toString(), QString());
        QCOMPARE(model.index(2, EventColumn::Type).data().toString(), QStringLiteral("other"));
        QCOMPARE(model.index(2, EventColumn::Delta).data().toLongLong(), 25);
        QCOMPARE(model.index(3, 0).data(EventSequenceRole).toULongLong(), 4u);
        QCOMPARE(model.eventTypes(), (QStringList{QStringLiteral("tick"), QStringLiteral("other")}));
        const RecordedEvent back = model.eventAt(3);
        QCOMPARE(back.data, QByteArray("d"));
        QCOMPARE(back.lastEventId, QByteArray("4"));
        QCOMPARE(back.type, QByteArray("tick"));
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    }

    void dropsOldestWhenFull()
    {
        EventsModel model;
        model.setCapacity(5);
        EventFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        for (int i = 0; i < 4; ++i) {
            model.append(makeEvent(i * 10, "tick", QByteArray::number(i)));
        }
        model.flush();
        QCOMPARE(model.rowCount(), 4);
        for (int i = 4; i < 7; ++i) {
            model.append(makeEvent(i * 10, "tick", QByteArray::number(i)));
        }
        model.flush();
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.droppedCount(), 2u);
        QCOMPARE(model.totalCount(), 7u);
        QCOMPARE(model.index(0, EventColumn::Data).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(0, 0).data(EventSequenceRole).toULongLong(), 3u);
        QCOMPARE(model.index(0, EventColumn::Delta).data().toLongLong(), 10); // its predecessor is gone
        QCOMPARE(proxy.rowCount(), 5);

        // More queued than the capacity: only the newest survive.
        QList<RecordedEvent> many;
        for (int i = 0; i < 12; ++i) {
            many.append(makeEvent(100 + i, "burst", QByteArray::number(100 + i)));
        }
        model.append(many);
        model.flush();
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(4, EventColumn::Data).data().toString(), QStringLiteral("111"));
        QCOMPARE(model.index(0, EventColumn::Data).data().toString(), QStringLiteral("107"));
        QCOMPARE(model.totalCount(), 19u);
    }

    void filterByTypeAndSearch()
    {
        EventsModel model;
        EventFilterProxyModel proxy;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({makeEvent(1, "tick", "{\"n\":1}", "1"), makeEvent(2, "price", "EUR 10", "2"),
                      makeEvent(3, "tick", "{\"n\":3}", "3"), makeEvent(4, "price", "usd 12", "x42")});
        model.flush();
        QCOMPARE(proxy.rowCount(), 4);
        proxy.setTypeFilter(QStringLiteral("price"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setSearchText(QStringLiteral("USD"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, EventColumn::Data).data().toString(), QStringLiteral("usd 12"));
        proxy.setTypeFilter(QString());
        proxy.setSearchText(QStringLiteral("x4"));
        QCOMPARE(proxy.rowCount(), 1); // found in the id
        proxy.setSearchText(QString());
        model.append(makeEvent(5, "price", "late"));
        model.flush();
        QCOMPARE(proxy.rowCount(), 5);
        model.clear();
        QCOMPARE(proxy.rowCount(), 0);
        QCOMPARE(model.totalCount(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestEventsModel)
#include "tst_eventsmodel.moc"
