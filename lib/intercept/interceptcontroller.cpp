#include "interceptcontroller.h"

#include "localca.h"

#include <common/logging.h>

#include <QCoreApplication>
#include <QSet>
#include <QThread>

namespace SseScope {

InterceptController::InterceptController(QObject *parent)
    : QObject(parent)
    , m_recording(QDateTime::currentDateTimeUtc(), QStringLiteral("chromium"))
{
    qRegisterMetaType<InterceptedExchange>();
    qRegisterMetaType<QList<RawChunk>>();
}

InterceptController::~InterceptController()
{
    stop();
}

bool InterceptController::start(const Options &options, QString *error)
{
    stop();
    QString reason;
    std::optional<LocalCa> ca = LocalCa::openOrCreate(
        options.caDirectory.isEmpty() ? LocalCa::defaultDirectory() : options.caDirectory, &reason);
    if (!ca) {
        if (error) {
            *error = reason;
        }
        return false;
    }
    m_ca = std::make_unique<LocalCa>(std::move(*ca));
    m_caPath = m_ca->certificatePath();
    m_browser = options.browser;

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("ssescope-intercept"));
    m_proxy = new InterceptProxy(m_ca.get());
    m_proxy->setRewriteRules(options.rules);
    m_proxy->moveToThread(m_thread);
    connect(m_proxy, &InterceptProxy::exchangeStarted, this, &InterceptController::onStarted);
    connect(m_proxy, &InterceptProxy::bodiesRecorded, this, &InterceptController::onBodies);
    connect(m_proxy, &InterceptProxy::exchangeFinished, this, &InterceptController::onFinished);
    connect(m_proxy, &InterceptProxy::refused, this, &InterceptController::refused);
    m_thread->start();

    InterceptProxy::Options proxyOptions = options.proxy;
    if (!options.liveBodies) {
        proxyOptions.bodyReportIntervalMs = 0;
    } else if (proxyOptions.bodyReportIntervalMs <= 0) {
        proxyOptions.bodyReportIntervalMs = 200; // a window shows open streams growing
    }
    bool listening = false;
    QUrl url;
    QDateTime startedAt;
    InterceptProxy *proxy = m_proxy;
    QMetaObject::invokeMethod(
        m_proxy,
        [&] {
            listening = proxy->start(proxyOptions, &reason);
            url = proxy->proxyUrl();
            startedAt = proxy->startedAt();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        stop();
        if (error) {
            *error = reason;
        }
        return false;
    }
    m_proxyUrl = url;
    m_recording = InterceptRecording(startedAt, m_browser);
    m_open.clear();
    m_order.clear();

    if (options.launch != Launch::None) {
        BrowserLauncher::Options launch;
        launch.browser = options.launch == Launch::Firefox ? BrowserLauncher::Browser::Firefox
                                                           : BrowserLauncher::Browser::Chromium;
        launch.proxy = m_proxyUrl;
        launch.startUrl = options.startUrl;
        launch.headless = options.headless;
        launch.executable = options.executable;
        m_launcher = std::make_unique<BrowserLauncher>();
        // The launcher reads the CA's certificate and its path only; the proxy's thread mints
        // leaves with the key, which nothing here touches.
        if (!m_launcher->launch(launch, *m_ca, &reason)) {
            stop();
            if (error) {
                *error = reason;
            }
            return false;
        }
        connect(m_launcher.get(), &BrowserLauncher::finished, this, &InterceptController::browserFinished);
    }
    return true;
}

void InterceptController::stop()
{
    if (m_launcher) {
        // The browser first, so that its streams end from its side.
        m_launcher->terminate();
        m_launcher.reset();
    }
    if (!m_thread) {
        return;
    }
    InterceptProxy *proxy = m_proxy;
    if (proxy) {
        // Stopped and destroyed on its own thread, where its sockets and timers live.
        QMetaObject::invokeMethod(
            proxy,
            [proxy] {
                proxy->stop();
                delete proxy;
            },
            Qt::BlockingQueuedConnection);
    }
    m_proxy = nullptr;
    m_thread->quit();
    m_thread->wait();
    // What the proxy reported while stopping (the open exchanges, finished) arrives now.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    delete m_thread;
    m_thread = nullptr;
    m_ca.reset();
    m_proxyUrl.clear();
}

bool InterceptController::isBrowserRunning() const
{
    return m_launcher && m_launcher->process() && m_launcher->process()->state() != QProcess::NotRunning;
}

const InterceptedExchange *InterceptController::exchange(quint64 id) const
{
    const auto open = m_open.constFind(id);
    if (open != m_open.cend()) {
        return &*open;
    }
    const QList<InterceptedExchange> &kept = m_recording.exchanges();
    for (qsizetype i = kept.size() - 1; i >= 0; --i) {
        if (kept.at(i).exchange.id == id) {
            return &kept.at(i);
        }
    }
    return nullptr;
}

std::optional<HarImport> InterceptController::diagnose(quint64 id, QString *error) const
{
    const InterceptedExchange *stream = exchange(id);
    if (!stream || !stream->isEventStream()) {
        if (error) {
            *error = tr("not an event stream, or no longer kept");
        }
        return std::nullopt;
    }
    return m_recording.diagnose(*stream, error);
}

void InterceptController::onStarted(const InterceptedExchange &exchange)
{
    const quint64 id = exchange.exchange.id;
    m_open.insert(id, exchange);
    m_order.append(id);
    Q_EMIT exchangeStarted(id);
}

void InterceptController::onBodies(const QList<RawChunk> &chunks)
{
    QList<quint64> grown;
    for (const RawChunk &chunk : chunks) {
        const auto open = m_open.find(chunk.exchangeId);
        if (open == m_open.end()) {
            continue; // finished meanwhile: the finished exchange carries it
        }
        open->chunks.append(chunk);
        open->bodyBytesKept += chunk.bytes.size();
        open->exchange.bodyBytes = chunk.offset + chunk.size;
        ++open->exchange.chunks;
        if (!grown.contains(chunk.exchangeId)) {
            grown.append(chunk.exchangeId);
        }
    }
    for (const quint64 id : std::as_const(grown)) {
        Q_EMIT exchangeUpdated(id);
    }
}

void InterceptController::onFinished(const InterceptedExchange &exchange)
{
    const quint64 id = exchange.exchange.id;
    const bool known = m_open.remove(id);
    const quint64 droppedBefore = m_recording.dropped();
    m_recording.add(exchange);
    if (!known) {
        m_order.append(id); // finished without a head (refused upstream, no answer)
        Q_EMIT exchangeStarted(id);
    }
    if (m_recording.dropped() != droppedBefore) {
        QSet<quint64> kept;
        for (const InterceptedExchange &e : m_recording.exchanges()) {
            kept.insert(e.exchange.id);
        }
        m_order.removeIf([&](quint64 each) { return !kept.contains(each) && !m_open.contains(each); });
        Q_EMIT exchangesDropped();
    }
    Q_EMIT exchangeFinished(id);
}

} // namespace SseScope
