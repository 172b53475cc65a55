// Offscreen: the real window and its files. A session exported as HAR (sanitized unless asked) and
// imported read-only, diagnosed again as another engine; a HAR that `ssescope check` saved opens
// with the CLI's own verdict; unsaved scenario edits survive a crash.

#include "windowtesthelpers.h"

#include <browser/profile.h>
#include <client/browserclientcontroller.h>
#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <scenario/presetlibrary.h>
#include <server/mockservercontroller.h>
#include <session/harwriter.h>
#include <session/session.h>

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace SseScope;
using namespace SseScope::WindowTest;
using SseScope::Gui::MainWindow;

#ifndef SSESCOPE_SOURCE_DIR
#error "tests need SSESCOPE_SOURCE_DIR for the fixtures"
#endif

class TestMainWindowFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { WindowTest::useTestSettings(QStringLiteral("tst_mainwindowfiles")); }

    void init() { WindowTest::startCleanly(); }

    void exportsTheSessionAsHar()
    {
        MainWindow window(startOptions(true, false, false));
        QStringList messages;
        QVERIFY(showCollectingMessages(window, &messages));
        QTRY_VERIFY_WITH_TIMEOUT(window.server()->isRunning(), 5000);
        pickPreset(window, QStringLiteral("credentials-cookie"));
        QVERIFY(window.connectClient());
        QTRY_VERIFY_WITH_TIMEOUT(window.eventsModel()->rowCount() >= 1, 10000);
        // The login's Set-Cookie value: what a sanitized export must not hold.
        QByteArray cookieValue;
        for (const SessionExchange &exchange : window.client()->session().exchanges()) {
            if (exchange.response) {
                for (const QByteArray &line : exchange.response->headers.values(QByteArrayLiteral("set-cookie"))) {
                    cookieValue = line.left(line.indexOf(';')).mid(line.indexOf('=') + 1);
                }
            }
        }
        QVERIFY2(cookieValue.size() >= 4, cookieValue.constData());
        window.disconnectClient();

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto readHar = [](const QString &path, QJsonObject *log) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                return QByteArray();
            }
            const QByteArray bytes = file.readAll();
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
            *log = document.object().value(QStringLiteral("log")).toObject();
            return error.error == QJsonParseError::NoError ? bytes : QByteArray();
        };
        const QString sanitized = dir.filePath(QStringLiteral("sanitized.har"));
        QVERIFY(window.exportSessionHar(sanitized, false));
        QJsonObject log;
        QByteArray bytes = readHar(sanitized, &log);
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(log.value(QStringLiteral("creator")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("ssescope"));
        QVERIFY(!log.value(QStringLiteral("entries")).toArray().isEmpty());
        QVERIFY(!bytes.contains(cookieValue));
        QVERIFY(messages.isEmpty());

        const QString secrets = dir.filePath(QStringLiteral("secrets.har"));
        QVERIFY(window.exportSessionHar(secrets, true));
        bytes = readHar(secrets, &log);
        QVERIFY(bytes.contains(cookieValue));
        QCOMPARE(messages.size(), 1); // the keep-secrets warning
        QCOMPARE(messages.constFirst(), HarWriter::keepSecretsWarning(secrets));

        // An unwritable path: an error, no crash.
        QVERIFY(!window.exportSessionHar(dir.filePath(QStringLiteral("missing/dir/x.har")), false));
        QVERIFY(!window.lastError().isEmpty());
        QCOMPARE(messages.size(), 2);
    }

    void importsAHarReadOnly()
    {
        MainWindow window(startOptions(true, true, false));
        QStringList messages;
        QVERIFY(showCollectingMessages(window, &messages));
        QTRY_VERIFY_WITH_TIMEOUT(window.client()->isRunning(), 5000);

        const QString fixture = QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/firefox-eventsource.har");
        QVERIFY(window.importSessionHar(fixture));
        QVERIFY(messages.isEmpty());
        QVERIFY(window.isShowingImport());
        QVERIFY(!window.client()->isRunning()); // the live client was disconnected
        QVERIFY(window.eventsModel()->rowCount() > 0);
        QCOMPARE(window.eventsModel()->rowCount(), int(window.shownSession().events().size()));
        QVERIFY(hasFinding(window.findingsModel(), QStringLiteral("har.import-limits")));
        QVERIFY(window.exchangesModel()->rowCount() > 0);
        QVERIFY(window.verdictText().contains(QStringLiteral("Firefox")));
        const int events = window.eventsModel()->rowCount();
        const int findings = window.findingsModel()->rowCount();
        const QString verdict = window.verdictText();

        // A truncated file: refused whole, with its position; the panes keep the import.
        QFile source(fixture);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray whole = source.readAll();
        QTemporaryDir dir;
        const QString truncated = dir.filePath(QStringLiteral("truncated.har"));
        QFile out(truncated);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(whole.left(whole.size() / 2));
        out.close();
        QVERIFY(!window.importSessionHar(truncated));
        QCOMPARE(messages.size(), 1);
        QVERIFY2(window.lastError().startsWith(truncated + u':'), qPrintable(window.lastError()));
        QVERIFY(messages.constFirst().contains(window.lastError()));
        QCOMPARE(window.eventsModel()->rowCount(), events);
        QCOMPARE(window.findingsModel()->rowCount(), findings);
        QCOMPARE(window.verdictText(), verdict);
        QVERIFY(window.isShowingImport());

        // Connecting again replaces the imported session with a live one.
        QVERIFY(window.connectClient());
        QVERIFY(!window.isShowingImport());
        QVERIFY(!hasFinding(window.findingsModel(), QStringLiteral("har.import-limits")));
        window.disconnectClient();
    }

    // File > Diagnose Import As (issue 17): the shown import re-read for another engine, the
    // banner and the session saying which; the menu only while an import is shown.
    void diagnosesAnImportAsAnotherBrowser()
    {
        MainWindow window(startOptions(true, false, false));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto *menu = window.findChild<QMenu *>(QStringLiteral("diagnoseImportAsMenu"));
        QVERIFY(menu);
        const QList<QAction *> engines = menu->actions();
        QCOMPARE(engines.size(), BrowserProfile::names().size());
        for (const QAction *as : engines) {
            QVERIFY(!as->isEnabled()); // nothing imported yet
        }
        QVERIFY(!window.diagnoseImportAs(QStringLiteral("chromium")));

        const QString fixture = QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/firefox-eventsource.har");
        QVERIFY(window.importSessionHar(fixture));
        QCOMPARE(window.shownSession().info().browser, QStringLiteral("firefox"));
        const auto checkedEngine = [&engines] {
            for (const QAction *as : engines) {
                if (as->isChecked()) {
                    return as->data().toString();
                }
            }
            return QString();
        };
        QCOMPARE(checkedEngine(), QStringLiteral("firefox"));
        const int events = window.eventsModel()->rowCount();

        QAction *chromium = engines.at(BrowserProfile::names().indexOf(QStringLiteral("chromium")));
        QVERIFY(chromium->isEnabled());
        chromium->trigger();
        QVERIFY(window.isShowingImport());
        QCOMPARE(window.shownSession().info().browser, QStringLiteral("chromium"));
        QVERIFY2(window.verdictText().contains(QStringLiteral("Chromium")), qPrintable(window.verdictText()));
        QCOMPARE(checkedEngine(), QStringLiteral("chromium"));
        QCOMPARE(window.eventsModel()->rowCount(), events); // the same stream, another engine's reading

        QVERIFY(window.diagnoseImportAs(QStringLiteral("safari")));
        QCOMPARE(window.shownSession().info().browser, QStringLiteral("safari"));
        QCOMPARE(checkedEngine(), QStringLiteral("safari"));
    }

    // One outcome for the window and `ssescope check` (lib/browser/verdict.h): the CLI checks a
    // stream against `ssescope serve` and saves the session; the window opens that file and its
    // banner says what the CLI's verdict line says, and the exit status matches. Issue 13 (b): a
    // fetch stream that opened and was then cut (drop-and-resume: fetch does not reconnect) was
    // "blocks" in the window and "OPENS", exit 0, in the CLI.
    void windowAndCheckAgreeOnTheOutcome_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("opened, then failed")
            << QStringLiteral("drop-and-resume") << QStringList{QStringLiteral("--mode"), QStringLiteral("fetch")}
            << QStringLiteral("FAILED") << QStringLiteral("Chromium opened this stream, then failed it") << 1;
        QTest::addRow("blocked") << QStringLiteral("wildcard-with-credentials")
                                 << QStringList{QStringLiteral("--with-credentials")} << QStringLiteral("BLOCKED")
                                 << QStringLiteral("Chromium blocks this stream") << 1;
        QTest::addRow("opens") << QStringLiteral("heartbeat") << QStringList() << QStringLiteral("OPENS")
                               << QStringLiteral("Chromium opens this stream") << 0;
    }
    void windowAndCheckAgreeOnTheOutcome()
    {
        QFETCH(QString, preset);
        QFETCH(QStringList, arguments);
        QFETCH(QString, tag);
        QFETCH(QString, headline);
        QFETCH(int, exitCode);
        const QString ssescope = QStringLiteral(SSESCOPE_BINARY_DIR "/app/ssescope");
        QProcess server;
        const auto stopServer = qScopeGuard([&server] {
            server.terminate();
            if (!server.waitForFinished(5000)) {
                server.kill();
                server.waitForFinished();
            }
        });
        server.start(ssescope, {QStringLiteral("serve"), QStringLiteral("--preset"), preset});
        QVERIFY(server.waitForStarted(10000));
        while (!server.canReadLine()) {
            QVERIFY(server.waitForReadyRead(10000));
        }
        const QJsonObject ready = QJsonDocument::fromJson(server.readLine()).object();
        const QString api = ready.value(QLatin1String("api")).toString();
        const QString page = ready.value(QLatin1String("page")).toString();
        QVERIFY(!api.isEmpty() && !page.isEmpty());

        QTemporaryDir dir;
        const QString har = dir.filePath(QStringLiteral("check.har"));
        QProcess check;
        check.start(ssescope, QStringList{QStringLiteral("check"), api + QStringLiteral("/events"),
                                          QStringLiteral("--origin"), page, QStringLiteral("--duration"),
                                          QStringLiteral("2"), QStringLiteral("--har"), har}
                                  + arguments);
        QVERIFY(check.waitForFinished(20000));
        const QString out = QString::fromUtf8(check.readAllStandardOutput());
        const QStringList lines = out.split(u'\n');
        QVERIFY2(lines.size() > 1, qPrintable(out));
        const QString verdictLine = lines.at(1); // after the line naming the URL and the browser

        MainWindow window(startOptions(false, false, false));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.importSessionHar(har));
        const QString banner = window.verdictText();
        QVERIFY2(banner.startsWith(headline), qPrintable(banner));
        QVERIFY2(verdictLine.startsWith(tag + QStringLiteral("  ") + banner), qPrintable(verdictLine + u'\n' + banner));
        QCOMPARE(check.exitCode(), exitCode);
    }

    void unsavedEditsSurviveACrash()
    {
        QTemporaryDir recovery;
        QVERIFY(recovery.isValid());
        const MainWindow::StartOptions start = startOptions(false, false, false, recovery.path());
        QStringList questions;
        {
            auto window = std::make_unique<MainWindow>(start);
            QVERIFY(showAnsweringYes(*window, &questions));
            QVERIFY(questions.isEmpty()); // nothing to restore on a clean start
            auto *json = window->findChild<QPlainTextEdit *>(QStringLiteral("scenarioJson"));
            QVERIFY(json);
            QString text = json->toPlainText();
            const QString name = window->editedScenario().name;
            text.replace(u'"' + name + u'"', QStringLiteral("\"recovered-edit\""));
            json->setPlainText(text);
            QTRY_COMPARE_WITH_TIMEOUT(window->editedScenario().name, QStringLiteral("recovered-edit"), 5000);
            QVERIFY(window->hasUnsavedEdits());
            // The debounced store lands on disk.
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(ScenarioRecovery(recovery.path()).fileFor(QString())), 5000);
            // A crash: the window goes without closeEvent.
        }
        {
            MainWindow window(start);
            QVERIFY(showAnsweringYes(window, &questions));
            QTRY_COMPARE_WITH_TIMEOUT(questions.size(), 1, 5000);
            QVERIFY(questions.constFirst().contains(QStringLiteral("recovered-edit")));
            QCOMPARE(window.editedScenario().name, QStringLiteral("recovered-edit"));
            QCOMPARE(window.server()->scenario().name, QStringLiteral("recovered-edit"));
            QVERIFY(window.hasUnsavedEdits());

            // Saving clears the recovery file; a later start offers nothing.
            QTemporaryDir saveDir;
            const QString path = saveDir.filePath(QStringLiteral("edited.json"));
            QVERIFY(window.saveScenarioFile(path));
            QVERIFY(!window.hasUnsavedEdits());
            QVERIFY(ScenarioRecovery(recovery.path()).pending().isEmpty());
        }
        {
            MainWindow window(start);
            QVERIFY(showAnsweringYes(window, &questions));
            // An edit then a clean close: nothing is kept either.
            auto *json = window.findChild<QPlainTextEdit *>(QStringLiteral("scenarioJson"));
            QString text = json->toPlainText();
            text.replace(u'"' + window.editedScenario().name + u'"', QStringLiteral("\"closed-edit\""));
            json->setPlainText(text);
            QTRY_COMPARE_WITH_TIMEOUT(window.editedScenario().name, QStringLiteral("closed-edit"), 5000);
            window.storeRecoveryNow();
            QCOMPARE(ScenarioRecovery(recovery.path()).pending().size(), 1);
            window.close();
            QVERIFY(ScenarioRecovery(recovery.path()).pending().isEmpty());
        }
        QCOMPARE(questions.size(), 1);

        // Declining throws the edits away.
        ScenarioRecovery(recovery.path()).store(PresetLibrary::defaultScenario(), QString());
        {
            MainWindow window(start);
            bool asked = false;
            window.setQuestionHandler([&asked](const QString &, const QString &) {
                asked = true;
                return false;
            });
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(asked, 5000);
            QVERIFY(!window.hasUnsavedEdits());
            QVERIFY(ScenarioRecovery(recovery.path()).pending().isEmpty());
        }
    }
};

QTEST_MAIN(TestMainWindowFiles)
#include "tst_mainwindowfiles.moc"
