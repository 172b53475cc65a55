#pragma once

#include <QMainWindow>

namespace SseScope::Gui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace SseScope::Gui
