// The Real browser tab (issue 15): one button per installed browser, and each real browser's report
// filed under its engine (told from its User-Agent) beside that engine's prediction — the three
// predictions of the Engines tab — with whether they agree. Offscreen; reports are fed as the test
// page would POST them.

#include <gui/panes/realbrowserpane.h>

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace SseScope;
using namespace SseScope::Gui;

namespace {

const QString kChromiumUa = QStringLiteral(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36");
const QString kFirefoxUa = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0");
const QString kWebKitUa = QStringLiteral(
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15");

EngineResult prediction(const char *browser, bool opened, bool failed)
{
    const BrowserProfile profile = BrowserProfile::fromName(QLatin1String(browser));
    EngineResult result;
    result.browser = profile.name;
    result.displayName = profile.displayName;
    result.verdict.opened = opened;
    result.verdict.failed = failed;
    result.verdict.readyState = failed ? ReadyState::Closed : (opened ? ReadyState::Open : ReadyState::Connecting);
    return result;
}

RealBrowserReport report(const QString &userAgent, bool opened, bool failed)
{
    RealBrowserReport r;
    r.userAgent = userAgent;
    r.scenario = QStringLiteral("non-utf8-charset");
    r.opened = opened;
    r.failed = failed;
    r.readyState = failed ? QStringLiteral("CLOSED") : QStringLiteral("OPEN");
    r.events = opened ? 2 : 0;
    r.log = {QStringLiteral("+3 ms  ") + (opened ? QStringLiteral("open") : QStringLiteral("error"))};
    return r;
}

} // namespace

class tst_RealBrowserPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // The charset case where the engines part (Chromium blocks, Firefox and WebKit open): each
    // report lands in its engine's row, whatever order they arrive in.
    void reportsSitBesideTheirEnginesPrediction()
    {
        RealBrowserPane pane {QIcon()};
        auto *table = pane.findChild<QTableWidget *>(QStringLiteral("comparisonTable"));
        auto *agreement = pane.findChild<QLabel *>(QStringLiteral("agreementLabel"));
        auto *reports = pane.findChild<QTextBrowser *>(QStringLiteral("reportView"));
        QVERIFY(table && agreement && reports);
        pane.showPredictions({prediction("chromium", false, true), prediction("firefox", true, false),
            prediction("safari", true, false)});
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(pane.comparisonTexts(),
            (QStringList {QStringLiteral("Chromium: predicted blocks · no report yet"),
                QStringLiteral("Firefox: predicted opens · no report yet"),
                QStringLiteral("Safari: predicted opens · no report yet")}));
        QVERIFY(agreement->text().isEmpty());

        pane.showReport(report(kFirefoxUa, true, false));
        pane.showReport(report(kChromiumUa, false, true));
        QCOMPARE(pane.comparisonTexts(),
            (QStringList {QStringLiteral("Chromium: predicted blocks · reported blocks · agrees"),
                QStringLiteral("Firefox: predicted opens · reported opens · agrees"),
                QStringLiteral("Safari: predicted opens · no report yet")}));
        QCOMPARE(agreement->text(), QStringLiteral("Agrees with the prediction: 2 of 2 real browsers."));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("blocks"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("agrees"));

        // A WebKit browser that did not do what the Safari profile says: a difference, named.
        pane.showReport(report(kWebKitUa, false, true));
        QCOMPARE(pane.comparisonTexts().at(2), QStringLiteral("Safari: predicted opens · reported blocks · differs"));
        QCOMPARE(agreement->text(), QStringLiteral("Differs from the prediction: 1 of 3 real browsers."));
        const QString text = reports->toPlainText();
        for (const QString &ua : {kChromiumUa, kFirefoxUa, kWebKitUa}) {
            QVERIFY2(text.contains(ua), qPrintable(text));
        }

        // A newer report from the same engine replaces the older one.
        pane.showReport(report(kWebKitUa, true, false));
        QCOMPARE(agreement->text(), QStringLiteral("Agrees with the prediction: 3 of 3 real browsers."));

        pane.clearReports();
        QVERIFY(agreement->text().isEmpty());
        QCOMPARE(pane.comparisonTexts().at(0), QStringLiteral("Chromium: predicted blocks · no report yet"));
    }

    // Comparison off: only the shown engine is predicted; another engine's report is listed without
    // a prediction, not compared with the wrong one.
    void aReportWithoutItsPredictionIsNotCompared()
    {
        RealBrowserPane pane {QIcon()};
        pane.showPredictions({prediction("chromium", true, false)});
        pane.showReport(report(kFirefoxUa, true, false));
        pane.showReport(report(QStringLiteral("curl/7.88.1"), false, true));
        QCOMPARE(pane.comparisonTexts(),
            (QStringList {QStringLiteral("Chromium: predicted opens · no report yet"),
                QStringLiteral("Unknown engine: no prediction · reported blocks"),
                QStringLiteral("Firefox: no prediction · reported opens")}));
        QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("agreementLabel"))->text(),
            QStringLiteral("No report from an engine with a prediction."));
    }

    // A fetch whose page reads Mcp-Session-Id (issue 18): the report agrees only when each
    // response.headers.get() returned what the engine's prediction says — the value or null.
    void readHeadersTakePartInTheAgreement()
    {
        RealBrowserPane pane {QIcon()};
        EngineResult chromium = prediction("chromium", true, false);
        ReadHeader read;
        read.name = "Mcp-Session-Id";
        read.reason = ReadHeaderReason::NotExposed;
        read.sent = true; // the server sent it; not exposed, the page gets null
        chromium.verdict.readHeaders = {read};
        pane.showPredictions({chromium});
        RealBrowserReport got = report(kChromiumUa, true, false);
        got.method = QStringLiteral("POST");
        got.readHeaders = {{QStringLiteral("Mcp-Session-Id"), std::nullopt}};
        pane.showReport(got);
        QCOMPARE(pane.comparisonTexts().at(0), QStringLiteral("Chromium: predicted opens · reported opens · agrees"));
        const QString text = pane.findChild<QTextBrowser *>(QStringLiteral("reportView"))->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Mcp-Session-Id: null")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("POST")), qPrintable(text));

        // The page got a value where the prediction says null: a difference, though both opened.
        got.readHeaders = {{QStringLiteral("mcp-session-id"), QStringLiteral("4f1c")}};
        pane.showReport(got);
        QCOMPARE(pane.comparisonTexts().at(0), QStringLiteral("Chromium: predicted opens · reported opens · differs"));
    }

    // One button per installed browser; each asks for its browser, with a fresh profile per launch.
    void buttonsPerInstalledBrowser()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        for (const char *path : {"/usr/bin/chromium", "/usr/bin/firefox-esr",
                 "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"}) {
            const QString file = root.path() + QLatin1String(path);
            QVERIFY(QDir().mkpath(QFileInfo(file).path()));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        const QList<InstalledBrowser> browsers = detectInstalledBrowsers({root.path()});
        QCOMPARE(browsers.size(), 3);
        QCOMPARE(browsers.at(0).engine, QStringLiteral("chromium"));
        QCOMPARE(browsers.at(1).displayName, QStringLiteral("Firefox ESR"));
        QCOMPARE(browsers.at(2).displayName, QStringLiteral("WebKit (MiniBrowser)"));
        const QUrl page(QStringLiteral("http://localhost:8081/"));
        QCOMPARE(browsers.at(0).launchArguments(page, QStringLiteral("/tmp/p")),
            (QStringList {QStringLiteral("--user-data-dir=/tmp/p"), QStringLiteral("--no-first-run"),
                QStringLiteral("--no-default-browser-check"), QStringLiteral("--new-window"),
                QStringLiteral("http://localhost:8081/")}));
        QCOMPARE(browsers.at(1).launchArguments(page, QStringLiteral("/tmp/p")),
            (QStringList {QStringLiteral("--new-instance"), QStringLiteral("--profile"), QStringLiteral("/tmp/p"),
                QStringLiteral("http://localhost:8081/")}));
        QCOMPARE(browsers.at(2).launchArguments(page, QStringLiteral("/tmp/p")),
            QStringList {QStringLiteral("http://localhost:8081/")});
        QVERIFY(detectInstalledBrowsers({root.path() + QStringLiteral("/nothing")}).isEmpty());

        RealBrowserPane pane {QIcon()};
        pane.setInstalledBrowsers(browsers);
        QSignalSpy asked(&pane, &RealBrowserPane::openInBrowserRequested);
        auto *firefox = pane.findChild<QPushButton *>(QStringLiteral("openIn_firefox"));
        QVERIFY(firefox);
        QCOMPARE(firefox->text(), QStringLiteral("Open in Firefox ESR"));
        firefox->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().first().value<InstalledBrowser>().engine, QStringLiteral("firefox"));
        pane.setInstalledBrowsers({browsers.at(0)});
        QVERIFY(!pane.findChild<QPushButton *>(QStringLiteral("openIn_firefox")));
        QVERIFY(pane.findChild<QPushButton *>(QStringLiteral("openIn_chromium")));
    }
};

QTEST_MAIN(tst_RealBrowserPane)
#include "tst_realbrowserpane.moc"
