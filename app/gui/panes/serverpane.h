#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;

namespace SseScope {
struct ServerOptions;
}

namespace SseScope::Gui {

class Settings;

// The mock server's status: its URLs, open streams, start/stop and the ports of the next start.
class ServerPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ServerPane(Settings &settings, QWidget *parent = nullptr);

    ServerOptions options() const; // loopback, on the chosen ports
    void showState(bool running, const QUrl &apiUrl, const QUrl &pageUrl, int openStreams);
    void savePorts(); // into the settings (on close)

Q_SIGNALS:
    void startStopClicked();

private:
    Settings &m_settings;
    QLabel *m_apiUrlLabel = nullptr;
    QLabel *m_pageUrlLabel = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    QSpinBox *m_apiPortSpin = nullptr;
    QSpinBox *m_pagePortSpin = nullptr;
    QPushButton *m_serverButton = nullptr;
};

} // namespace SseScope::Gui
