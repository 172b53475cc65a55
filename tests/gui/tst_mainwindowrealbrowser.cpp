// Offscreen: the real window's Real browser tab with a real headless Chromium as the user's browser.

#include "requiredtool.h"
#include "windowtesthelpers.h"

#include <headlesschromium.h>

#include <gui/panes/realbrowserpane.h>
#include <server/mockservercontroller.h>

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace SseScope;
using namespace SseScope::WindowTest;
using SseScope::Gui::MainWindow;

namespace {

// Stands in for the user's default browser: QDesktopServices hands it the URL that "Open in
// Browser" opens, and it loads that page in a real headless Chromium with a fresh profile.
class HeadlessChromium final : public QObject
{
    Q_OBJECT

public:
    ~HeadlessChromium() override
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
        // Chromium's helpers may still write into the profile a moment after it exits.
        for (int attempt = 0; attempt < 20 && !QDir(m_profile.path()).removeRecursively(); ++attempt) {
            QTest::qWait(100);
        }
    }

    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url)
    {
        opened.append(url);
        m_profile.setAutoRemove(false);
        m_process.start(TestSupport::chromiumExecutable(),
            TestSupport::headlessChromiumArguments(m_profile.path()) + QStringList{url.toString()});
    }

private:
    QTemporaryDir m_profile;
    QProcess m_process;
};

} // namespace

class TestMainWindowRealBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { WindowTest::useTestSettings(QStringLiteral("tst_mainwindowrealbrowser")); }

    void init() { WindowTest::startCleanly(); }

    // The Real browser tab: "Open in Browser" opens the test page in the user's browser (here a
    // headless Chromium behind QDesktopServices), the page reports what the browser did, and the
    // tab shows that report beside the prediction and says whether they agree.
    void realBrowserReportSitsBesideThePrediction_data()
    {
        QTest::addColumn<QString>("preset"); // empty: the default scenario
        QTest::addColumn<bool>("opened");
        QTest::addColumn<QString>("outcome"); // the prediction's and the report's word
        QTest::addRow("default scenario: opens") << QString() << true << QStringLiteral("opens");
        QTest::addRow("wildcard-with-credentials: blocked") << QStringLiteral("wildcard-with-credentials") << false
                                                            << QStringLiteral("blocks");
        // The page's own POST fetch (issue 18): it reads Mcp-Session-Id, which is not exposed — null.
        QTest::addRow("mcp-session-id-not-exposed: a POST whose header reads null")
            << QStringLiteral("mcp-session-id-not-exposed") << true << QStringLiteral("opens, then ends");
    }
    void realBrowserReportSitsBesideThePrediction()
    {
        QFETCH(QString, preset);
        QFETCH(bool, opened);
        QFETCH(QString, outcome);
        if (!QFileInfo::exists(TestSupport::chromiumExecutable())) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/bin/chromium is missing, so the Real browser tab was not checked "
                  "(install the 'chromium' package)");
        }
        HeadlessChromium browser;
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &browser, "open");
        const auto unsetHandler = qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("http")); });

        MainWindow window(startOptions(true, preset.isEmpty()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.server()->isRunning(), 5000);
        if (!preset.isEmpty()) {
            pickPreset(window, preset);
            window.findChild<QAction *>(QStringLiteral("connectAction"))->trigger();
        }
        // The prediction first, so that the agreement compares with a settled verdict.
        QTRY_VERIFY_WITH_TIMEOUT(window.verdictText().contains(opened ? QStringLiteral("this stream")
                                                                      : QStringLiteral("blocks this stream")),
                                 10000);

        auto *report = window.findChild<QTextBrowser *>(QStringLiteral("reportView"));
        auto *agreement = window.findChild<QLabel *>(QStringLiteral("agreementLabel"));
        QVERIFY(report && agreement);
        QVERIFY(report->toPlainText().isEmpty());
        auto *open = window.findChild<QWidget *>(QStringLiteral("openPageButton"));
        QVERIFY(open);
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(browser.opened.size(), 1);
        QCOMPARE(browser.opened.first(), window.server()->pageUrl());

        // The page reports after its observation window (3 s); Chromium needs a moment to start.
        QTRY_VERIFY_WITH_TIMEOUT(!agreement->text().isEmpty(), 45000);
        const QString text = report->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("HeadlessChrome")), qPrintable(text));
        // The report is a table: in plain text, each cell on its own line.
        const QRegularExpression openedRow(QStringLiteral("Opened\\s+") + (opened ? QStringLiteral("yes") : QStringLiteral("no")));
        QVERIFY2(text.contains(openedRow), qPrintable(text));
        QCOMPARE(agreement->text(), QStringLiteral("Agrees with the prediction: 1 of 1 real browsers."));
        // Filed under its engine, beside Chromium's prediction.
        const QStringList rows = window.findChild<SseScope::Gui::RealBrowserPane *>()->comparisonTexts();
        QVERIFY2(rows.contains(QStringLiteral("Chromium: predicted %1 · reported %1 · agrees").arg(outcome)),
            qPrintable(rows.join(u'\n')));
        if (preset == QLatin1String("mcp-session-id-not-exposed")) { // what headers.get() returned, beside the rest
            QVERIFY2(text.contains(QStringLiteral("Mcp-Session-Id: null")), qPrintable(text));
        }
        window.disconnectClient();
    }
};

QTEST_MAIN(TestMainWindowRealBrowser)
#include "tst_mainwindowrealbrowser.moc"
