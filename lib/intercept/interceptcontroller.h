#pragma once

#include "browserlauncher.h"
#include "interceptedexchange.h"
#include "interceptproxy.h"
#include "interceptrecording.h"
#include "rewriterules.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

class QThread;

namespace SseScope {

class LocalCa;

// Intercept mode for a window: owns an InterceptProxy on its own QThread (the window's thread
// never forwards a byte), the per-user LocalCa, the browser launched through the proxy and the
// recording, and re-emits what the proxy reports on the owner's thread.
//
// Every exchange is known by its id from the moment its response head passed through the proxy
// (exchangeStarted) until the recording drops it (InterceptRecording's bounds); an event stream's
// body grows while it is open (exchangeUpdated, a few times a second at most). The diagnosis of
// a stream is InterceptRecording's — the same HAR replay `ssescope intercept` prints — asked for
// by id, open or finished: nothing here or in a view decides what the browser does.
class InterceptController final : public QObject
{
    Q_OBJECT

public:
    enum class Launch
    {
        None,
        Chromium,
        Firefox,
    };
    struct Options
    {
        InterceptProxy::Options proxy;
        RewriteRules rules;
        QString caDirectory; // empty: LocalCa::defaultDirectory()
        QString browser = QStringLiteral("chromium"); // the profile streams are judged for (chromium, firefox)
        Launch launch = Launch::None;
        QUrl startUrl; // the page the launched browser opens; empty: about:blank
        bool headless = false; // the launched browser (tests)
        QString executable; // the launched browser's; empty: from PATH
        // An open event stream's body reported while it grows (exchangeUpdated), for a window;
        // false: it arrives with the finished exchange only (the CLI, which reports streams at
        // their end).
        bool liveBodies = true;
    };

    explicit InterceptController(QObject *parent = nullptr);
    ~InterceptController() override;

    // Opens (or creates) the CA, listens on 127.0.0.1 on the proxy's thread, then launches the
    // browser. False with a reason when any step fails (nothing is left running then).
    bool start(const Options &options, QString *error = nullptr);
    // Ends the browser, then every connection (open exchanges are reported finished), and joins
    // the thread. The recording stays until the next start().
    void stop();
    bool isRunning() const { return m_proxy != nullptr; }

    QUrl proxyUrl() const { return m_proxyUrl; }
    QString caCertificatePath() const { return m_caPath; }
    QString browser() const { return m_browser; } // the profile streams are judged for
    bool isBrowserRunning() const;

    // Every exchange still known, oldest first; the open ones first carry their head only, then
    // the body recorded so far.
    QList<quint64> exchangeIds() const { return m_order; }
    const InterceptedExchange *exchange(quint64 id) const;
    bool isOpen(quint64 id) const { return m_open.contains(id); }
    // The stream's session with its diagnosis, open or finished; std::nullopt and why otherwise.
    std::optional<HarImport> diagnose(quint64 id, QString *error = nullptr) const;
    const InterceptRecording &recording() const { return m_recording; }

Q_SIGNALS:
    void exchangeStarted(quint64 id); // its response head passed through
    void exchangeUpdated(quint64 id); // an open event stream's body grew
    void exchangeFinished(quint64 id);
    void exchangesDropped(); // the recording let the oldest go (exchangeIds() is shorter)
    void refused(const QString &what);
    void browserFinished(int exitCode); // the launched browser ended by itself

private:
    void onStarted(const InterceptedExchange &exchange);
    void onBodies(const QList<RawChunk> &chunks);
    void onFinished(const InterceptedExchange &exchange);

    QThread *m_thread = nullptr;
    InterceptProxy *m_proxy = nullptr; // lives on m_thread
    std::unique_ptr<LocalCa> m_ca; // the proxy mints leaves with it on its thread
    std::unique_ptr<BrowserLauncher> m_launcher;
    QUrl m_proxyUrl;
    QString m_caPath;
    QString m_browser = QStringLiteral("chromium");

    InterceptRecording m_recording;
    QHash<quint64, InterceptedExchange> m_open;
    QList<quint64> m_order;
};

} // namespace SseScope
