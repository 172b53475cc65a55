#pragma once

#include <client/clientoptions.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace SseScope {
struct Scenario;
}

namespace SseScope::Gui {

class Settings;

// The client's target and settings: URL, page origin, browser profile, mode, credentials,
// request headers, the fetch's method, body and Content-Type (the body checked as JSON when the
// Content-Type says JSON), the response headers the page reads, and a login step. options() turns the form into ClientOptions or says why
// it cannot; followServer() fills it from the mock server and the scenario's client side.
// A new client setting is one more row here and one more field read in options().
class ClientPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ClientPane(Settings &settings, QWidget *parent = nullptr);

    ClientOptions options(QString *errorString) const;
    QString browserName() const; // the chosen profile's display name
    QString browser() const; // the chosen profile's name (BrowserProfile::names())

    bool isFollowingServer() const;
    // The scenario's client side; the URL, origin and login only while the server runs.
    void followServer(const Scenario &scenario, bool serverRunning, const QUrl &apiUrl, const QUrl &pageUrl);

Q_SIGNALS:
    void followServerRequested(); // "Follow the mock server" was ticked
    void profileChanged();

private:
    Settings &m_settings;
    QCheckBox *m_followMock = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QLineEdit *m_originEdit = nullptr;
    QComboBox *m_profileCombo = nullptr;
    QComboBox *m_modeCombo = nullptr;
    QCheckBox *m_credentialsCheck = nullptr;
    QPlainTextEdit *m_headersEdit = nullptr;
    QComboBox *m_methodCombo = nullptr;
    QComboBox *m_contentTypeCombo = nullptr;
    QPlainTextEdit *m_bodyEdit = nullptr;
    QLabel *m_bodyStatus = nullptr;
    QLineEdit *m_readHeadersEdit = nullptr;
    QLineEdit *m_loginEdit = nullptr;

    void updateBodyStatus();
};

} // namespace SseScope::Gui
