#pragma once

#include <QObject>
#include <QStringList>

#include <utility>

class QAction;
class QMainWindow;
class QMenu;

namespace SseScope::Gui {

// The window's commands: every QAction with its text, icon, shortcut and tooltip, placed in the
// menus and the toolbar of the window. The window connects them to what they do.
class WindowActions final : public QObject
{
    Q_OBJECT

public:
    // Builds the actions and puts them into `window`'s menu bar and a toolbar. tabTitles are the
    // session tabs in order (View menu, Ctrl+1 …); helpDocs the Help menu's (title, file) pairs.
    WindowActions(QMainWindow *window, const QStringList &tabTitles);

    static QList<std::pair<QString, QString>> helpDocs(); // (title, docs/ file)

    QAction *connectClient = nullptr;
    QAction *disconnectClient = nullptr;
    QAction *reconnect = nullptr;
    QAction *startServer = nullptr;
    QAction *stopServer = nullptr;
    QAction *openScenario = nullptr;
    QAction *saveScenario = nullptr;
    QAction *saveScenarioAs = nullptr;
    QAction *openPage = nullptr;
    QAction *clearEvents = nullptr;
    QAction *compareEngines = nullptr; // checkable: run the other two engines beside the client
    QAction *interceptBrowser = nullptr; // intercept mode's window (InterceptDialog)
    QAction *exportHar = nullptr;
    QAction *importHar = nullptr;
    QList<QAction *> diagnoseImportAs; // one per engine, data(): BrowserProfile::name; checkable, exclusive
    QAction *quit = nullptr;
    QAction *find = nullptr;
    QAction *about = nullptr;
    QAction *aboutQt = nullptr;
    QList<QAction *> tabs; // in the order of the titles given
    QList<QAction *> docs; // data(): the doc's file name
    QMenu *viewMenu = nullptr; // the docks add their toggles here

    // File > Open Recent: scenarios and HAR files, newest first.
    void setRecentFiles(const QStringList &paths);

Q_SIGNALS:
    void recentFileChosen(const QString &path);
    void clearRecentFiles();

private:
    QMenu *m_recentMenu = nullptr;
};

} // namespace SseScope::Gui
