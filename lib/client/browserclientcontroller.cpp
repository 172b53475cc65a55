#include "browserclientcontroller.h"

#include "browserclient.h"
#include "deliverycredit.h"

#include <browser/preflight.h>
#include <common/logging.h>
#include <server/serverexchange.h>
#include <session/wirediagnosis.h>

#include <QCoreApplication>
#include <QThread>

namespace SseScope {

namespace {

void registerMetaTypes()
{
    qRegisterMetaType<SessionExchange>();
    qRegisterMetaType<RawChunk>();
    qRegisterMetaType<RecordedEvent>();
    qRegisterMetaType<RecordedCookie>();
    qRegisterMetaType<Verdict>();
    qRegisterMetaType<Finding>();
    qRegisterMetaType<QList<RawChunk>>();
    qRegisterMetaType<QList<RecordedEvent>>();
    qRegisterMetaType<QList<RecordedCookie>>();
    qRegisterMetaType<QList<Finding>>();
}

} // namespace

BrowserClientController::BrowserClientController(QObject *parent)
    : BrowserClientController(Session::Limits(), parent)
{
}

BrowserClientController::BrowserClientController(const Session::Limits &limits, QObject *parent)
    : QObject(parent)
    , m_session(limits)
{
    registerMetaTypes();
}

BrowserClientController::~BrowserClientController()
{
    stop();
}

bool BrowserClientController::start(const ClientOptions &options, QString *errorString)
{
    auto fail = [errorString](const QString &reason) {
        if (errorString) {
            *errorString = reason;
        }
        return false;
    };
    if (m_running) {
        return fail(QStringLiteral("a session is already running"));
    }
    if (options.pageOrigin.isOpaque()) {
        return fail(QStringLiteral("the page origin must be scheme://host[:port]"));
    }
    if (options.intent.url.isEmpty()) {
        return fail(QStringLiteral("no URL to connect to"));
    }
    shutDownThread();
    m_session.clear();
    m_replayCheck.clear();
    SessionInfo info;
    info.browser = options.profile.name;
    info.url = options.intent.url;
    info.origin = options.pageOrigin.serialize();
    info.mode = options.intent.mode;
    info.credentials = options.intent.credentialsMode();
    info.method = options.intent.mode == RequestMode::Fetch ? normalizedMethod(options.intent.method)
                                                            : QByteArrayLiteral("GET");
    info.readHeaders = options.intent.readHeaders;
    info.loginUrl = options.loginUrl;
    info.startedAt = QDateTime::currentDateTimeUtc();
    m_session.setInfo(info);
    m_monotonicStartUs = monotonicMicroseconds();

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("ssescope-client"));
    m_client = new BrowserClient(options, m_monotonicStartUs);
    // The body's deliveries are bounded in flight: the client pauses reading while this thread
    // has not recorded them (DeliveryCredit).
    const auto credit = std::make_shared<DeliveryCredit>();
    m_client->setDeliveryCredit(credit);
    m_client->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_client, &QObject::deleteLater);

    connect(m_client, &BrowserClient::exchangeUpdated, this, [this](const SessionExchange &exchange) {
        m_session.recordExchange(exchange);
        Q_EMIT exchangeRecorded(exchange.id);
    });
    connect(m_client, &BrowserClient::bodyReceived, this,
        [this, credit](const QList<RawChunk> &chunks, const QList<RecordedEvent> &events) {
            m_session.appendChunks(chunks);
            Q_EMIT chunksRecorded(chunks.size());
            if (!events.isEmpty()) {
                // Missed and repeated events across reconnects: marked before the models see them.
                QList<RecordedEvent> marked = events;
                const QList<Finding> replay = m_replayCheck.observe(marked, m_session);
                m_session.appendEvents(marked);
                Q_EMIT eventsRecorded(marked.size());
                if (m_session.addFindings(replay, marked.constLast().receivedMs, marked.constLast().exchangeId) > 0) {
                    Q_EMIT findingsChanged();
                }
            }
            // Recorded: the client may read on. m_client is alive while it is set (it is deleted
            // only after shutDownThread() cleared it).
            if (credit->received(deliveryCost(chunks, events)) && m_client) {
                QMetaObject::invokeMethod(m_client, &BrowserClient::resumeReading, Qt::QueuedConnection);
            }
        });
    connect(m_client, &BrowserClient::cookiesRecorded, this, [this](const QList<RecordedCookie> &cookies) {
        m_session.appendCookies(cookies);
        Q_EMIT cookiesRecorded(cookies.size());
    });
    connect(m_client, &BrowserClient::findingsRaised, this,
        [this](const QList<Finding> &findings, qint64 atMs, quint64 exchangeId) {
            if (m_session.addFindings(findings, atMs, exchangeId) > 0) {
                Q_EMIT findingsChanged();
            }
        });
    connect(m_client, &BrowserClient::verdictChanged, this,
        [this](const Verdict &verdict, qint64 atMs, const QString &reason) {
            m_session.setVerdict(verdict, atMs, reason);
            Q_EMIT verdictChanged();
        });
    connect(m_client, &BrowserClient::finished, this, &BrowserClientController::onClientFinished);

    m_thread->start();
    m_running = true;
    QMetaObject::invokeMethod(m_client, &BrowserClient::start, Qt::QueuedConnection);
    return true;
}

void BrowserClientController::stop()
{
    if (!m_running || !m_client) {
        shutDownThread();
        return;
    }
    // The client finishes on its thread; its last signals are then queued to us: deliver them
    // now, so the session is complete when stop() returns.
    QMetaObject::invokeMethod(m_client, &BrowserClient::stop, Qt::BlockingQueuedConnection);
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (m_running) {
        onClientFinished();
    }
}

void BrowserClientController::onClientFinished()
{
    if (!m_running) {
        return;
    }
    m_running = false;
    shutDownThread();
    Q_EMIT finished();
}

void BrowserClientController::shutDownThread()
{
    if (!m_thread) {
        return;
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_client = nullptr; // deleted on its thread by QThread::finished → deleteLater
}

quint64 BrowserClientController::recordServerWrites(const ServerExchange &exchange)
{
    if (exchange.kind != ServerExchange::Kind::Stream || exchange.events.isEmpty()) {
        return 0;
    }
    const quint64 id = matchServerExchange(m_session, m_monotonicStartUs, exchange);
    if (id == 0) {
        return 0;
    }
    // The write and arrival times, in session time, for the timeline.
    QList<ServerWrite> writes;
    const QList<EventDelay> delays = eventDelays(m_session, id, m_monotonicStartUs, exchange.events);
    writes.reserve(delays.size());
    for (const EventDelay &delay : delays) {
        writes.append(ServerWrite {id, delay.sequence, (delay.writtenUs - m_monotonicStartUs) / 1000,
            delay.arrivedUs < 0 ? -1 : (delay.arrivedUs - m_monotonicStartUs) / 1000});
    }
    m_session.recordServerWrites(id, writes);
    return id;
}

void BrowserClientController::correlateServerExchange(const ServerExchange &exchange)
{
    const quint64 id = recordServerWrites(exchange);
    if (id == 0) {
        return;
    }
    QList<Finding> findings = measureBuffering(m_session, id, m_monotonicStartUs, exchange.events);
    if (exchange.replayMissed > 0) {
        // The server knows what the ids cannot show: Last-Event-ID older than its replay buffer.
        findings.append(makeFinding("stream.events-missed",
            QStringLiteral("the mock server answered Last-Event-ID: %1 with %2 event(s) from its replay buffer, which no "
                           "longer held the %3 event(s) before them (exchange #%4)")
                .arg(QString::fromUtf8(exchange.request.headers.combinedValue(QByteArrayLiteral("Last-Event-ID")).left(40)))
                .arg(exchange.replayedEvents)
                .arg(exchange.replayMissed)
                .arg(id)));
    }
    const qint64 atMs = (monotonicMicroseconds() - m_monotonicStartUs) / 1000;
    if (m_session.addFindings(findings, atMs, id) > 0) {
        Q_EMIT findingsChanged();
    }
}

} // namespace SseScope
