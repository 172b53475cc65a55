#pragma once

// Shared by the offscreen tests that drive the real window (tst_mainwindow*, tst_fetchstreamwindow,
// tst_interceptdialog): settings and recovery files kept apart from the user's, the warnings that
// fail a test, a preset picked as a user picks it, and the findings the window shows.

#include <gui/mainwindow.h>
#include <gui/settings.h>
#include <models/findingsmodel.h>
#include <models/modelroles.h>
#include <scenario/scenariorecovery.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace SseScope::WindowTest {

// For initTestCase(): this test's settings, in the test locations, never the user's. The first-run
// tour is a test of its own; every other window starts as on a later launch.
inline void useTestSettings(const QString &applicationName)
{
    QCoreApplication::setOrganizationName(QStringLiteral("SSE Scope Tests"));
    QCoreApplication::setApplicationName(applicationName);
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    Gui::Settings().setTourShown(true);
}

// For init(): every warning fails, except the offscreen platform's notes that it cannot resize to
// hints or raise.
inline void failOnWarnings()
{
    QTest::failOnWarning(
        QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise)\\(\\)).*")));
}

// For init(): no window may find recovery files a previous test left (it would ask to restore them).
inline void removeRecoveryFiles()
{
    QDir(ScenarioRecovery::defaultDirectory()).removeRecursively();
}

// For init() of a test that opens the real window: both of the above.
inline void startCleanly()
{
    removeRecoveryFiles();
    failOnWarnings();
}

// Shows the window, its message boxes collected in `messages` instead of shown; false when the
// window was not exposed in time (QVERIFY it).
inline bool showCollectingMessages(Gui::MainWindow &window, QStringList *messages)
{
    window.setMessageHandler([messages](const QString &, const QString &text) { messages->append(text); });
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}

// Shows the window; every question it asks is collected in `questions` and answered yes; false when
// the window was not exposed in time (QVERIFY it).
inline bool showAnsweringYes(Gui::MainWindow &window, QStringList *questions)
{
    window.setQuestionHandler([questions](const QString &, const QString &text) {
        questions->append(text);
        return true;
    });
    window.show();
    return QTest::qWaitForWindowExposed(&window);
}

inline Gui::MainWindow::StartOptions startOptions(
    bool startServer, bool connectClient, bool firstRunTour = true, const QString &recoveryDirectory = {})
{
    Gui::MainWindow::StartOptions start;
    start.startServer = startServer;
    start.connectClient = connectClient;
    start.firstRunTour = firstRunTour;
    start.recoveryDirectory = recoveryDirectory;
    return start;
}

// The preset list's entry, chosen as a click on it chooses it.
inline void pickPreset(Gui::MainWindow &window, const QString &name)
{
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("presetCombo"));
    QVERIFY(combo);
    const int index = combo->findData(name);
    QVERIFY2(index >= 0, qPrintable(name));
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index); // what a click on the list entry emits
}

inline bool hasFinding(const FindingsModel *model, const QString &id)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(FindingIdRole).toString() == id) {
            return true;
        }
    }
    return false;
}

} // namespace SseScope::WindowTest
