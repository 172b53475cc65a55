#pragma once

#include <QDockWidget>
#include <QTextBrowser>

namespace SseScope::Gui {

// The shipped Markdown docs (share/doc/ssescope/, else the source tree's docs/), rendered.
class HelpViewer final : public QTextBrowser
{
    Q_OBJECT

public:
    explicit HelpViewer(QWidget *parent = nullptr);

    // The local copy of a doc, or empty when there is none (then the online copy is opened).
    static QString docPath(const QString &file);
    // Shows `file`; false when there is no local copy (the caller opens the online one).
    bool showDoc(const QString &file);
    static QUrl onlineUrl(const QString &file);

private:
    void fitHeadingsToAPane();
};

// The window's Help dock: one HelpViewer, at the right of its QMainWindow, hidden until asked for.
// Shown from the View menu or a restored layout it is never empty (the presets tour).
class HelpDock final : public QDockWidget
{
    Q_OBJECT

public:
    explicit HelpDock(QMainWindow *window);

    HelpViewer *viewer() const { return m_viewer; }
    // Shows `file` in the dock (a quarter of the window wide, 360 px at least, the first time it opens), or the
    // online copy in the user's browser when there is no local one.
    void open(const QString &file);

private:
    QMainWindow *m_window;
    HelpViewer *m_viewer;
};

} // namespace SseScope::Gui
