#include "helpviewer.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMainWindow>

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
    setWindowTitle(tr("SSE Scope Help — %1").arg(file));
    return true;
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
        // A third of a 1366-pixel screen: the events and the diagnosis stay readable beside it.
        m_window->resizeDocks({this}, {qMax(360, m_window->width() / 3)}, Qt::Horizontal);
    }
}

} // namespace SseScope::Gui
