#include "windowactions.h"

#include <browser/profile.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QFileInfo>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>
#include <QToolBar>

namespace SseScope::Gui {

WindowActions::WindowActions(QMainWindow *window, const QStringList &tabTitles)
    : QObject(window)
{
    QStyle *style = window->style();
    const auto make = [this, style](QStyle::StandardPixmap icon, const QString &text, const QKeySequence &shortcut,
                                    const QString &toolTip = QString()) {
        auto *action = icon == QStyle::SP_CustomBase ? new QAction(text, this)
                                                     : new QAction(style->standardIcon(icon), text, this);
        action->setShortcut(shortcut);
        if (!toolTip.isEmpty()) {
            action->setToolTip(toolTip);
        }
        return action;
    };
    constexpr QStyle::StandardPixmap noIcon = QStyle::SP_CustomBase;

    connectClient = make(QStyle::SP_MediaPlay, tr("&Connect"), QKeySequence(Qt::Key_F5),
                         tr("Connect the client to the URL (F5)"));
    connectClient->setObjectName(QStringLiteral("connectAction"));
    disconnectClient = make(QStyle::SP_MediaStop, tr("&Disconnect"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                            tr("Close the stream, as when the page goes away (Shift+F5)"));
    disconnectClient->setObjectName(QStringLiteral("disconnectAction"));
    reconnect = make(QStyle::SP_BrowserReload, tr("&Reconnect now"), QKeySequence(Qt::CTRL | Qt::Key_R),
                     tr("Start a fresh session with the current settings (Ctrl+R)"));
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    startServer = make(noIcon, tr("&Start mock server"), {});
    stopServer = make(noIcon, tr("S&top mock server"), {});
    openScenario = make(QStyle::SP_DialogOpenButton, tr("&Open Scenario…"), QKeySequence::Open);
    saveScenario = make(QStyle::SP_DialogSaveButton, tr("&Save Scenario"), QKeySequence::Save);
    saveScenarioAs = make(noIcon, tr("Save Scenario &As…"), QKeySequence::SaveAs);
    openPage = make(QStyle::SP_ComputerIcon, tr("Open in &Browser"), QKeySequence(Qt::CTRL | Qt::Key_B),
                    tr("Open the test page in your browser and compare what it reports (Ctrl+B)"));
    compareEngines = make(noIcon, tr("Compare the Three &Engines"), {},
                          tr("Run Chromium, Firefox and Safari side by side, each on its own connection"));
    compareEngines->setObjectName(QStringLiteral("compareEnginesAction"));
    compareEngines->setCheckable(true);
    compareEngines->setChecked(true);
    interceptBrowser = make(noIcon, tr("&Intercept a Browser…"), {},
                            tr("Launch a browser through a recording proxy and diagnose your real page's streams"));
    interceptBrowser->setObjectName(QStringLiteral("interceptBrowserAction"));
    clearEvents = make(QStyle::SP_DialogResetButton, tr("C&lear Events"), QKeySequence(Qt::CTRL | Qt::Key_L));
    exportHar = make(noIcon, tr("&Export Session as HAR…"), {},
                     tr("Save the session as a HAR 1.2 file, sanitized unless you keep secrets"));
    exportHar->setObjectName(QStringLiteral("exportHarAction"));
    importHar = make(noIcon, tr("&Import HAR…"), {},
                     tr("Show a HAR saved by SSE Scope, Chrome or Firefox, with its diagnosis (read-only)"));
    importHar->setObjectName(QStringLiteral("importHarAction"));
    // One engine at a time: an imported stream re-diagnosed as another browser would see it.
    auto *engines = new QActionGroup(this);
    for (const BrowserProfile &profile : BrowserProfile::all()) {
        QAction *as = make(noIcon, profile.displayName, {},
                           tr("Diagnose the imported stream as %1 would").arg(profile.displayName));
        as->setData(profile.name);
        as->setCheckable(true);
        as->setEnabled(false);
        engines->addAction(as);
        diagnoseImportAs.append(as);
    }
    quit = make(noIcon, tr("&Quit"), QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    find = make(noIcon, tr("&Find in Events"), QKeySequence::Find);
    about = make(noIcon, tr("&About SSE Scope"), {});
    aboutQt = make(noIcon, tr("About &Qt"), {});
    for (int i = 0; i < tabTitles.size(); ++i) {
        tabs.append(make(noIcon, tabTitles.at(i), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i))));
    }
    for (const auto &[title, file] : helpDocs()) {
        QAction *doc = make(noIcon, title, {});
        doc->setData(file);
        docs.append(doc);
    }

    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(openScenario);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addActions({saveScenario, saveScenarioAs});
    file->addSeparator();
    file->addActions({exportHar, importHar});
    QMenu *diagnoseAs = file->addMenu(tr("&Diagnose Import As"));
    diagnoseAs->setObjectName(QStringLiteral("diagnoseImportAsMenu"));
    diagnoseAs->addActions(diagnoseImportAs);
    file->addSeparator();
    file->addAction(quit);

    QMenu *session = bar->addMenu(tr("&Session"));
    session->addActions({connectClient, disconnectClient, reconnect});
    session->addSeparator();
    session->addAction(compareEngines);
    session->addSeparator();
    session->addAction(interceptBrowser);
    session->addSeparator();
    session->addActions({clearEvents, openPage});

    QMenu *server = bar->addMenu(tr("Se&rver"));
    server->addActions({startServer, stopServer});

    viewMenu = bar->addMenu(tr("&View"));
    viewMenu->addAction(find);
    viewMenu->addActions(tabs);
    viewMenu->addSeparator();

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addActions(docs);
    help->addSeparator();
    help->addActions({about, aboutQt});
    connect(about, &QAction::triggered, window, [window] {
        QMessageBox::about(window, tr("About SSE Scope"),
                           tr("<b>SSE Scope %1</b><p>Debug cross-origin Server-Sent Events: a mock server driven "
                              "by scenarios, a client that connects as a chosen browser would, and a live "
                              "diagnosis with the exact console message and the fix.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    QToolBar *toolBar = window->addToolBar(tr("Session"));
    toolBar->setObjectName(QStringLiteral("sessionToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addActions({connectClient, disconnectClient, reconnect});
    toolBar->addSeparator();
    toolBar->addActions({clearEvents, openPage});
    toolBar->addSeparator();
    toolBar->addActions({openScenario, saveScenario});
}

QList<std::pair<QString, QString>> WindowActions::helpDocs()
{
    return {
        {tr("Presets &Tour"), QStringLiteral("presets-tour.md")},
        {tr("&Walk-through: Your Own Server"), QStringLiteral("walkthrough.md")},
        {tr("&Findings Catalogue"), QStringLiteral("findings.md")},
        {tr("&Scenario File Reference"), QStringLiteral("scenario-reference.md")},
        {tr("&Command-Line Reference"), QStringLiteral("cli.md")},
        {tr("&Documentation"), QStringLiteral("index.md")},
    };
}

void WindowActions::setRecentFiles(const QStringList &paths)
{
    m_recentMenu->clear();
    for (const QString &path : paths) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT recentFileChosen(path); });
    }
    if (!paths.isEmpty()) {
        m_recentMenu->addSeparator();
    }
    QAction *clear = m_recentMenu->addAction(tr("Clear the List"));
    clear->setEnabled(!paths.isEmpty());
    connect(clear, &QAction::triggered, this, &WindowActions::clearRecentFiles);
}

} // namespace SseScope::Gui
