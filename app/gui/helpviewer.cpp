#include "helpviewer.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMainWindow>
#include <QTextBlock>
#include <QTextCursor>

namespace SseScope::Gui {

HelpViewer::HelpViewer(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("helpViewer"));
    setOpenExternalLinks(true);
    connect(this, &QTextBrowser::sourceChanged, this,
            [this](const QUrl &url) { setWindowTitle(tr("SSE Scope Help — %1").arg(url.fileName())); });
}

QString HelpViewer::docPath(const QString &file)
{
    QStringList candidates{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/doc/ssescope/") + file};
#ifdef SSESCOPE_SOURCE_DIR
    // A build tree: the docs beside the sources.
    candidates.append(QStringLiteral(SSESCOPE_SOURCE_DIR "/docs/") + file);
#endif
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate).isFile()) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

bool HelpViewer::showDoc(const QString &file)
{
    const QString path = docPath(file);
    if (path.isEmpty()) {
        return false;
    }
    setSource(QUrl::fromLocalFile(path), QTextDocument::MarkdownResource);
    fitHeadingsToAPane();
    setWindowTitle(tr("SSE Scope Help — %1").arg(file));
    return true;
}

void HelpViewer::fitHeadingsToAPane()
{
    // Qt's Markdown import sizes headings for a page (h1 xx-large); in a side pane of a third of
    // the window that wraps a title over four lines. Large for h1, bold body size below it.
    QTextCursor cursor(document());
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        const int level = block.blockFormat().headingLevel();
        if (level <= 0) {
            continue;
        }
        QTextCharFormat format;
        format.setProperty(QTextFormat::FontSizeAdjustment, level == 1 ? 1 : 0);
        cursor.setPosition(block.position());
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        cursor.mergeCharFormat(format);
    }
    document()->setModified(false);
}

QUrl HelpViewer::onlineUrl(const QString &file)
{
    return QUrl(QStringLiteral("https://github.com/ssescope/ssescope/blob/main/docs/") + file);
}

HelpDock::HelpDock(QMainWindow *window)
    : QDockWidget(tr("Help"), window)
    , m_window(window)
    , m_viewer(new HelpViewer(this))
{
    setObjectName(QStringLiteral("helpDock"));
    setWidget(m_viewer);
    window->addDockWidget(Qt::RightDockWidgetArea, this);
    hide();
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_viewer->source().isEmpty()) {
            m_viewer->showDoc(QStringLiteral("presets-tour.md"));
        }
    });
}

void HelpDock::open(const QString &file)
{
    if (!m_viewer->showDoc(file)) {
        QDesktopServices::openUrl(HelpViewer::onlineUrl(file));
        return;
    }
    const bool wasHidden = isHidden();
    show();
    raise();
    if (wasHidden && !isFloating()) {
        // A quarter of the window, 360 px at least: the events and the diagnosis stay readable
        // beside it.
        // The session tabs have a minimum width, so the width comes from the left column (the
        // client and scenario docks), down to what its forms need — else the dock opens as a
        // sliver at the right.
        const int wanted = qMax(360, m_window->width() / 4);
        QList<QDockWidget *> docks{this};
        QList<int> widths{wanted};
        for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
            if (dock != this && dock->isVisible() && !dock->isFloating()
                && m_window->dockWidgetArea(dock) == Qt::LeftDockWidgetArea) {
                const int spare = dock->width() - dock->minimumSizeHint().width();
                docks.append(dock);
                widths.append(dock->width() - qBound(0, wanted - width(), qMax(0, spare)));
            }
        }
        m_window->resizeDocks(docks, widths, Qt::Horizontal);
    }
}

} // namespace SseScope::Gui
