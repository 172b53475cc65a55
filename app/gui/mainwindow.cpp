#include "mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace SseScope::Gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("SSE Scope"));
    auto *placeholder = new QLabel(tr("SSE Scope — the inspector window arrives with the window issue."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    statusBar()->showMessage(tr("Ready"));
    resize(1280, 760);
}

} // namespace SseScope::Gui
