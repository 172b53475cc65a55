#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace SseScope {

class LocalCa;

// Starts a real browser through the intercept proxy with a fresh profile that trusts our CA and
// nothing else of ours: the CA is never installed system-wide.
//   - Chromium: --proxy-server, and --ignore-certificate-errors-spki-list with our CA's SPKI hash
//     (Chromium then accepts leaves chaining to exactly that key); --proxy-bypass-list=<-loopback>
//     so loopback servers go through the proxy too.
//   - Firefox ESR: a profile whose user.js points at the proxy (loopback included), and whose
//     certificate database (certutil, libnss3-tools) trusts our CA for TLS servers.
// The profile is deleted when the launcher goes.
class BrowserLauncher final : public QObject
{
    Q_OBJECT

public:
    enum class Browser
    {
        Chromium,
        Firefox,
    };
    struct Options
    {
        Browser browser = Browser::Chromium;
        QUrl proxy; // http://127.0.0.1:PORT
        QUrl startUrl; // empty: about:blank
        bool headless = false;
        QString executable; // empty: chromium / firefox-esr from PATH
    };

    explicit BrowserLauncher(QObject *parent = nullptr);
    ~BrowserLauncher() override;

    // Prepares the profile and starts the browser; false with a reason when it cannot.
    bool launch(const Options &options, const LocalCa &ca, QString *error = nullptr);
    // Ends the browser (SIGTERM, then SIGKILL after a grace period) and waits for it.
    void terminate();
    QProcess *process() const { return m_process.get(); }
    QString profileDirectory() const { return m_profile ? m_profile->path() : QString(); }

    // The arguments each browser is started with (for tests and the docs).
    static QStringList chromiumArguments(const Options &options, const QByteArray &spkiHash, const QString &profile);
    static QString firefoxUserJs(const QUrl &proxy);

signals:
    void finished(int exitCode);

private:
    bool prepareFirefoxProfile(const Options &options, const LocalCa &ca, QString *error);

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<QProcess> m_process;
};

} // namespace SseScope
