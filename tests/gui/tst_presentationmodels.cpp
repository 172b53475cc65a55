// The GUI's presentation proxies over the core models: QAbstractItemModelTester on each stack,
// translated headers, formatted values, colours for failures.

#include <gui/presentationmodels.h>

#include <models/cookiesmodel.h>
#include <models/eventfilterproxymodel.h>
#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <models/findingsmodel.h>

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace SseScope;
using namespace SseScope::Gui;

class TestPresentationModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void eventsAreFormatted()
    {
        EventsModel model;
        EventFilterProxyModel filter;
        EventsPresentationModel presentation;
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        presentation.setSourceModel(&filter);
        QAbstractItemModelTester presentationTester(&presentation,
                                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordedEvent event;
        event.receivedMs = 1234;
        event.type = "tick";
        event.data = "a\r\nb";
        model.append(event);
        model.flush();
        QCOMPARE(presentation.headerData(EventColumn::Delta, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Δt"));
        QCOMPARE(presentation.index(0, EventColumn::Time).data().toString(), QStringLiteral("1.234 s"));
        QCOMPARE(presentation.index(0, EventColumn::Data).data().toString(), QStringLiteral("a␍⏎b"));
        QVERIFY(presentation.index(0, EventColumn::Type).data(Qt::ForegroundRole).value<QColor>().isValid());
        QCOMPARE(presentation.index(0, 0).data(EventDataRole).toString(), QStringLiteral("a\r\nb")); // raw role intact
    }

    // Across a reconnect: an event delivered twice and one after a gap are marked in the Id column,
    // with a tooltip that names the finding, and the whole row is tinted.
    void replayMarksShowInTheEventsTable()
    {
        EventsModel model;
        EventsPresentationModel presentation;
        presentation.setSourceModel(&model);
        QAbstractItemModelTester tester(&presentation, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordedEvent plain;
        plain.type = "tick";
        plain.lastEventId = "3";
        RecordedEvent twice = plain;
        twice.replay = RecordedEvent::Replay::Repeated;
        RecordedEvent afterGap = plain;
        afterGap.lastEventId = "6";
        afterGap.replay = RecordedEvent::Replay::AfterGap;
        afterGap.missedBefore = 2;
        model.append({plain, twice, afterGap});
        model.flush();
        QCOMPARE(model.eventAt(1).replay, RecordedEvent::Replay::Repeated);
        QCOMPARE(model.eventAt(2).missedBefore, quint32(2));
        QCOMPARE(presentation.index(0, EventColumn::Id).data().toString(), QStringLiteral("3"));
        QCOMPARE(presentation.index(1, EventColumn::Id).data().toString(), QStringLiteral("3 · twice"));
        QCOMPARE(presentation.index(2, EventColumn::Id).data().toString(), QStringLiteral("6 · 2 missed before"));
        QVERIFY(presentation.index(1, EventColumn::Id).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("stream.events-repeated")));
        QVERIFY(presentation.index(2, EventColumn::Id).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("stream.events-missed")));
        QVERIFY(!presentation.index(0, EventColumn::Data).data(Qt::BackgroundRole).isValid());
        QVERIFY(presentation.index(1, EventColumn::Data).data(Qt::BackgroundRole).value<QColor>().isValid());
        QVERIFY(presentation.index(2, EventColumn::Time).data(Qt::BackgroundRole).value<QColor>().isValid());
        QCOMPARE(presentation.index(1, 0).data(EventIdRole).toString(), QStringLiteral("3")); // raw role intact
    }

    void exchangesAndCookiesShowFailures()
    {
        ExchangesModel exchanges;
        ExchangesPresentationModel exchangesPresentation;
        QAbstractItemModelTester exchangesTester(&exchanges, QAbstractItemModelTester::FailureReportingMode::QtTest);
        exchangesPresentation.setSourceModel(&exchanges);
        QAbstractItemModelTester presentationTester(&exchangesPresentation,
                                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionExchange failed;
        failed.id = 1;
        failed.kind = ExchangeKind::Preflight;
        failed.response = ResponseHead{405, "Method Not Allowed", {}};
        failed.endedMs = 7;
        exchanges.upsert(failed);
        QCOMPARE(exchangesPresentation.index(0, ExchangeColumn::Kind).data().toString(), QStringLiteral("Preflight"));
        QCOMPARE(exchangesPresentation.index(0, ExchangeColumn::Duration).data().toString(), QStringLiteral("7 ms"));
        QVERIFY(exchangesPresentation.index(0, ExchangeColumn::Url).data(Qt::ForegroundRole).isValid());

        CookiesModel cookies;
        CookiesPresentationModel cookiesPresentation;
        QAbstractItemModelTester cookiesTester(&cookies, QAbstractItemModelTester::FailureReportingMode::QtTest);
        cookiesPresentation.setSourceModel(&cookies);
        QAbstractItemModelTester cookiesPresentationTester(&cookiesPresentation,
                                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordedCookie blocked;
        blocked.exchangeId = 1;
        blocked.outcome.name = QStringLiteral("session");
        blocked.outcome.reasons = {QStringLiteral("EXCLUDE_SAMESITE_LAX")};
        cookies.append({blocked});
        QCOMPARE(cookiesPresentation.index(0, CookieColumn::Outcome).data().toString(), QStringLiteral("blocked"));
        QCOMPARE(cookiesPresentation.index(0, CookieColumn::Direction).data().toString(), QStringLiteral("Cookie"));
        QVERIFY(cookiesPresentation.index(0, CookieColumn::Name).data(Qt::ForegroundRole).isValid());
    }

    void findingsCarrySeverity()
    {
        FindingsModel findings;
        FindingsPresentationModel presentation;
        QAbstractItemModelTester findingsTester(&findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        presentation.setSourceModel(&findings);
        QAbstractItemModelTester presentationTester(&presentation,
                                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordedFinding recorded;
        recorded.finding = makeFinding("cors.wildcard-with-credentials", QStringLiteral("*"));
        findings.setFindings({recorded});
        QCOMPARE(presentation.index(0, FindingColumn::Severity).data().toString(), QStringLiteral("Error"));
        QVERIFY(!presentation.index(0, FindingColumn::Severity).data(Qt::DecorationRole).isNull());
        // The title's Markdown is shown as text in the table and rendered in the tooltip.
        QCOMPARE(recorded.finding.title, QStringLiteral("Access-Control-Allow-Origin is `*` on a credentialed request"));
        QCOMPARE(presentation.index(0, FindingColumn::Title).data().toString(),
                 QStringLiteral("Access-Control-Allow-Origin is * on a credentialed request"));
        const QString tooltip = presentation.index(0, FindingColumn::Title).data(Qt::ToolTipRole).toString();
        QVERIFY2(tooltip.startsWith(QStringLiteral("<p>")) && tooltip.contains(QStringLiteral("<code>")), qPrintable(tooltip));
    }
};

QTEST_MAIN(TestPresentationModels)
#include "tst_presentationmodels.moc"
