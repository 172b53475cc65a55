#include "remotebrowser.h"

#include "runners.h"

#include <QDir>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::Conformance {

namespace {

// A stderr line longer than this is cut (the browsers' lines are far shorter).
constexpr qsizetype kMaxStderrLine = 64 * 1024;
// Removing a context takes milliseconds; past this the case ends without waiting for it.
constexpr int kCloseAnswerMs = 10000;
constexpr int kTerminateMs = 4000;

} // namespace

RemoteBrowser::RemoteBrowser(QObject *parent)
    : QObject(parent)
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ssescope-browser-XXXXXX"));
    dir.setAutoRemove(false);
    m_profileDir = dir.path();
}

RemoteBrowser::~RemoteBrowser()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(kTerminateMs)) {
                m_process->kill();
                m_process->waitForFinished(kTerminateMs);
            }
        }
    }
    removeDirLater(m_profileDir);
}

void RemoteBrowser::launch(const QString &program, const QStringList &arguments)
{
    if (!isUsable()) {
        return; // the subclass could not prepare the profile
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    // If the suite dies (a test timeout aborts it), the browser must not outlive it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    connect(m_process, &QProcess::readyReadStandardError, this, &RemoteBrowser::stderrArrived);
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        lose(QStringLiteral("the browser exited (%1 %2)")
                 .arg(status == QProcess::NormalExit ? QStringLiteral("code") : QStringLiteral("crash"))
                 .arg(code));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            lose(QStringLiteral("the browser failed to start: ") + m_process->errorString());
        }
    });
    m_step = QStringLiteral("waiting for the remote protocol's address on stderr");
    m_process->start(program, arguments);
}

void RemoteBrowser::stderrArrived()
{
    const QByteArray bytes = m_process->readAllStandardError();
    qsizetype from = 0;
    while (from < bytes.size()) {
        const qsizetype newline = bytes.indexOf('\n', from);
        const qsizetype end = newline < 0 ? bytes.size() : newline;
        m_stderrLine += bytes.mid(from, qMin(end - from, qMax<qsizetype>(0, kMaxStderrLine - m_stderrLine.size())));
        from = end + 1;
        if (newline < 0) {
            break;
        }
        const QByteArray line = std::exchange(m_stderrLine, {});
        if (m_socket) {
            stderrLine(line);
            continue;
        }
        const QUrl address = controlAddress(line);
        if (!address.isValid() || !isUsable()) {
            continue;
        }
        m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        connect(m_socket, &QWebSocket::connected, this, [this] { handshake([this] { sessionReady(); }); });
        connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteBrowser::onMessage);
        connect(m_socket, &QWebSocket::disconnected, this,
            [this] { lose(QStringLiteral("the remote protocol's websocket closed (") + m_socket->errorString() + u')'); });
        m_step = QStringLiteral("opening the websocket");
        m_socket->open(address);
    }
}

void RemoteBrowser::send(const QString &method, const QJsonObject &params, Reply reply)
{
    if (!isUsable()) {
        reply(QJsonObject(), m_lostBecause);
        return;
    }
    const int id = m_nextCommand++;
    m_replies.insert(id, std::move(reply));
    const QJsonObject command {{QStringLiteral("id"), id}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}};
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)));
}

void RemoteBrowser::sendForPage(PageId id, const QString &method, const QJsonObject &params, PageStep next)
{
    send(method, params, [this, id, method, next = std::move(next)](const QJsonObject &result, const QString &error) {
        Page *p = page(id);
        if (!p) {
            return; // failed or closed meanwhile
        }
        if (!error.isEmpty()) {
            failPage(id, protocolName() + QLatin1Char(' ') + method + QStringLiteral(": ") + error);
            return;
        }
        next(*p, result);
    });
}

void RemoteBrowser::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    int id = 0;
    QJsonObject result;
    QString error;
    if (!parseAnswer(message, &id, &result, &error)) {
        eventArrived(message);
        return;
    }
    if (const Reply reply = m_replies.take(id)) {
        reply(result, error);
    }
}

void RemoteBrowser::sessionReady()
{
    m_ready = true;
    m_step = QStringLiteral("ready");
    const QList<PageId> waiting = std::exchange(m_waiting, {});
    for (PageId id : waiting) {
        beginOpen(id);
    }
}

RemoteBrowser::PageId RemoteBrowser::openPage(const QUrl &url, const QList<int> &ports, std::function<void()> opened,
    std::function<void(const QString &)> failed)
{
    const PageId id = m_nextPage++;
    Page page;
    page.url = url;
    page.ports = ports;
    page.onOpened = std::move(opened);
    page.onFailed = std::move(failed);
    m_pages.insert(id, page);
    if (!isUsable()) {
        // Reported from the event loop, as every other outcome.
        QTimer::singleShot(0, this, [this, id] { failPage(id, m_lostBecause); });
    } else if (m_ready) {
        beginOpen(id);
    } else {
        m_waiting.append(id);
    }
    return id;
}

RemoteBrowser::Page *RemoteBrowser::page(PageId id)
{
    const auto it = m_pages.find(id);
    return it == m_pages.end() ? nullptr : &it.value();
}

RemoteBrowser::PageId RemoteBrowser::pageByPort(int port) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        if (it->ports.contains(port)) {
            return it.key();
        }
    }
    return 0;
}

void RemoteBrowser::setPageContext(PageId id, const QString &context)
{
    if (Page *p = page(id)) {
        p->context = context;
        m_pageByContext.insert(context, id);
    }
}

void RemoteBrowser::pageOpened(PageId id)
{
    Page *p = page(id);
    if (!p) {
        return;
    }
    p->opened = true;
    if (p->onOpened) {
        p->onOpened();
    }
}

QStringList RemoteBrowser::consoleLines(PageId page) const
{
    QStringList distinct = m_pages.value(page).lines;
    distinct.removeDuplicates();
    return distinct;
}

void RemoteBrowser::closePage(PageId id, std::function<void()> closed)
{
    const Page page = m_pages.take(id);
    m_pageByContext.remove(page.context);
    m_waiting.removeAll(id);
    if (!isUsable() || !m_ready || page.isolation.isEmpty()) {
        // No context object: a lost browser may be deleted before the event loop comes back.
        QTimer::singleShot(0, std::move(closed));
        return;
    }
    // Called once: by the answer, or by the timer if the browser does not answer.
    auto once = std::make_shared<std::function<void()>>(std::move(closed));
    auto call = [once] {
        if (*once) {
            std::exchange(*once, nullptr)();
        }
    };
    removeContext(page, [call](const QJsonObject &, const QString &) { call(); });
    QTimer::singleShot(kCloseAnswerMs, this, call);
}

void RemoteBrowser::failPage(PageId id, const QString &why)
{
    Page *p = page(id);
    if (!p || !p->onFailed) {
        return;
    }
    std::exchange(p->onFailed, nullptr)(why);
}

void RemoteBrowser::lose(const QString &why)
{
    if (!isUsable()) {
        return;
    }
    m_lostBecause = why;
    m_step = QStringLiteral("lost: ") + why;
    // The pending answers will not come; whoever waits on them hears it through its page.
    const QHash<int, Reply> replies = std::exchange(m_replies, {});
    for (const Reply &reply : replies) {
        reply(QJsonObject(), why);
    }
    const QList<PageId> ids = m_pages.keys();
    for (PageId id : ids) {
        failPage(id, why);
    }
}

void RemoteBrowser::shutDownLater()
{
    lose(QStringLiteral("shut down")); // whatever still waits on an answer hears it now
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        deleteLater();
        return;
    }
    m_process->disconnect(this);
    connect(m_process, &QProcess::finished, this, &QObject::deleteLater);
    m_process->terminate();
    QPointer<QProcess> process = m_process;
    QTimer::singleShot(kTerminateMs, this, [process] {
        if (process && process->state() != QProcess::NotRunning) {
            process->kill();
        }
    });
}

} // namespace SseScope::Conformance
