// Offscreen: the real window's help. The Help menu opens each document in a docked viewer, every
// mnemonic label has its buddy, and a first launch shows the presets tour in the window once.

#include "windowtesthelpers.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using namespace SseScope;
using namespace SseScope::WindowTest;
using SseScope::Gui::MainWindow;

namespace {

// The Help menu's entry for a document (the action's data is the document's file name).
QAction *helpEntry(const MainWindow &window, const QString &document)
{
    QAction *entry = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->data().toString() == document) {
            entry = action;
        }
    }
    return entry;
}

} // namespace

class TestMainWindowHelp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { WindowTest::useTestSettings(QStringLiteral("tst_mainwindowhelp")); }

    void init() { WindowTest::startCleanly(); }

    void helpMenuOpensTheDocs()
    {
        MainWindow window(startOptions(false, false, false));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTextBrowser *viewer = window.helpViewer();
        QVERIFY(viewer);
        QVERIFY(!viewer->isVisible()); // hidden until asked for
        // Every Help entry has its document in the source tree (or, installed, in share/doc).
        const QStringList docs{QStringLiteral("presets-tour.md"), QStringLiteral("walkthrough.md"),
                               QStringLiteral("findings.md"), QStringLiteral("scenario-reference.md"),
                               QStringLiteral("cli.md"), QStringLiteral("index.md")};
        for (const QString &doc : docs) {
            QVERIFY2(!MainWindow::helpDocPath(doc).isEmpty(), qPrintable(doc));
        }
        QVERIFY(MainWindow::helpDocPath(QStringLiteral("no-such-page.md")).isEmpty());

        // The Help menu's entry, as a user picks it.
        QAction *findingsEntry = helpEntry(window, QStringLiteral("findings.md"));
        QVERIFY(findingsEntry);
        findingsEntry->trigger();
        QVERIFY(viewer->isVisible());
        QCOMPARE(viewer->window(), &window); // inside the inspector, not a window of its own
        QCOMPARE(viewer->source().fileName(), QStringLiteral("findings.md"));
        // Rendered as Markdown: the heading's '#' is markup, not text.
        const QString text = viewer->document()->toPlainText();
        QVERIFY(text.size() > 200);
        QVERIFY2(!text.startsWith(u'#'), qPrintable(text.left(80)));
        window.openHelp(QStringLiteral("cli.md"));
        QCOMPARE(window.helpViewer(), viewer); // one viewer, reused
        QCOMPARE(viewer->source().fileName(), QStringLiteral("cli.md"));
        // Closed, the View menu brings it back with what it showed.
        window.helpDock()->close();
        QVERIFY(!viewer->isVisible());
        window.helpDock()->toggleViewAction()->trigger();
        QVERIFY(viewer->isVisible());
        QCOMPARE(viewer->source().fileName(), QStringLiteral("cli.md"));
    }

    // A label with a mnemonic and no buddy shows its "&" (QFormLayout sets a buddy only when the
    // field is a widget): the client pane's "&Method:" row did, beside a layout of two combos.
    void everyMnemonicLabelHasABuddy()
    {
        MainWindow window(startOptions(false, false, false));
        const QRegularExpression mnemonic(QStringLiteral("&[^&\\s]"));
        QStringList bare;
        for (QLabel *label : window.findChildren<QLabel *>()) {
            const QString text = label->text();
            if (Qt::mightBeRichText(text) || !text.contains(mnemonic)) {
                continue;
            }
            if (!label->buddy()) {
                bare.append(text);
            }
        }
        QVERIFY2(bare.isEmpty(), qPrintable(bare.join(u", ")));
    }

    void firstLaunchShowsThePresetsTourInTheWindowOnce()
    {
        SseScope::Gui::Settings().setTourShown(false);
        {
            MainWindow window(startOptions(false, false, true));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QTRY_VERIFY_WITH_TIMEOUT(window.helpViewer()->isVisible(), 5000);
            QCOMPARE(window.helpViewer()->source().fileName(), QStringLiteral("presets-tour.md"));
            // Headings sized for a side pane: Qt's Markdown import makes an h1 xx-large (+3).
            const QTextBlock title = window.helpViewer()->document()->begin();
            QCOMPARE(title.blockFormat().headingLevel(), 1);
            QCOMPARE(title.begin().fragment().charFormat().property(QTextFormat::FontSizeAdjustment).toInt(), 1);
            // The tour is a pane of the window: docked, not floating, and no other window is shown.
            QCOMPARE(window.helpViewer()->window(), &window);
            QVERIFY(!window.helpDock()->isFloating());
            QCOMPARE(window.dockWidgetArea(window.helpDock()), Qt::RightDockWidgetArea);
            QStringList otherWindows;
            for (QWidget *topLevel : QApplication::topLevelWidgets()) {
                if (topLevel->isVisible() && topLevel != &window) {
                    otherWindows.append(QString::fromLatin1(topLevel->metaObject()->className()) + u' '
                                        + topLevel->objectName());
                }
            }
            QVERIFY2(otherWindows.isEmpty(), qPrintable(otherWindows.join(u", ")));
            // The session tabs keep most of the width, and the tour is readable beside them: its
            // width comes from the left column, not as a sliver (it opened ~150 px wide at 1366).
            QVERIFY(window.helpDock()->width() < window.width() / 2);
            QTRY_VERIFY2(window.helpDock()->width() >= 340, qPrintable(QString::number(window.helpDock()->width())));
        }
        QVERIFY(SseScope::Gui::Settings().tourShown());
        MainWindow again(startOptions(false, false, true));
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QTest::qWait(50); // startUp() runs from the event loop
        QVERIFY(!again.helpViewer()->isVisible());
        // Still reachable: Help → Presets Tour.
        QAction *tourEntry = helpEntry(again, QStringLiteral("presets-tour.md"));
        QVERIFY(tourEntry);
        tourEntry->trigger();
        QVERIFY(again.helpViewer()->isVisible());
        QCOMPARE(again.helpViewer()->source().fileName(), QStringLiteral("presets-tour.md"));
    }
};

QTEST_MAIN(TestMainWindowHelp)
#include "tst_mainwindowhelp.moc"
