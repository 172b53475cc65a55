#include <models/findingsmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace SseScope;

namespace {
RecordedFinding recorded(const char *id, const QString &detail)
{
    RecordedFinding r;
    r.finding = makeFinding(id, detail);
    r.raisedMs = 12;
    return r;
}
} // namespace

class TestFindingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void growsByAppendingAndCarriesTheCatalogue()
    {
        FindingsModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        const RecordedFinding wildcard = recorded("cors.wildcard-with-credentials", QStringLiteral("*"));
        model.setFindings({wildcard});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.worstSeverity(), Severity::Error);
        const QModelIndex first = model.index(0, FindingColumn::Title);
        QCOMPARE(first.data(FindingIdRole).toString(), QStringLiteral("cors.wildcard-with-credentials"));
        QVERIFY(!first.data(FindingExplanationRole).toString().isEmpty());
        QVERIFY(!first.data(FindingFixRole).toString().isEmpty());
        QCOMPARE(first.data(FindingDetailRole).toString(), QStringLiteral("*"));
        QCOMPARE(first.data(FindingRaisedMsRole).toLongLong(), 12);

        const RecordedFinding second = recorded("cors.missing-allow-origin", QString());
        model.setFindings({wildcard, second});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 2);
        model.setFindings({wildcard, second}); // unchanged: no signal
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.countOf(Severity::Error), 2);

        model.setFindings({second}); // a new session: reset
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.worstSeverity(), Severity::Info);
    }
};

QTEST_GUILESS_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
