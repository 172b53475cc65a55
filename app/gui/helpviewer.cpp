#include "helpviewer.h"

#include <QCoreApplication>
#include <QFileInfo>

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

} // namespace SseScope::Gui
