#pragma once

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
};

} // namespace SseScope::Gui
