#include "firefoxbrowser.h"

#include "runners.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::Conformance {

namespace {

// The listening line comes within the first few KiB of stderr; past this, stop looking.
constexpr qsizetype kMaxStderrScanned = 256 * 1024;
// Removing a user context takes milliseconds; past this the case ends without waiting for it.
constexpr int kCloseAnswerMs = 10000;
constexpr int kTerminateMs = 4000;

// Quiet: no updates, safe browsing, captive-portal probe, default-browser check, telemetry or
// first-run pages; no network beyond loopback; the remote agent (WebDriver BiDi) leaves the
// preferences as they are.
const QByteArray &quietPreferences()
{
    static const QByteArray prefs = QByteArrayLiteral(R"(user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.checkInstallTime", false);
user_pref("app.normandy.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("startup.homepage_welcome_url", "");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("trailhead.firstrun.didSeeAboutWelcome", true);
user_pref("browser.newtabpage.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.proxy.type", 0);
user_pref("network.proxy.allow_hijacking_localhost", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("browser.topsites.contile.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("dom.disable_open_during_load", false);
user_pref("remote.prefs.recommended", false);
)");
    return prefs;
}

} // namespace

FirefoxBrowser::FirefoxBrowser(const QByteArray &extraPrefs, QObject *parent)
    : QObject(parent)
{
    {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/ssescope-firefox-XXXXXX"));
        dir.setAutoRemove(false);
        m_profileDir = dir.path();
    }
    QFile userJs(m_profileDir + QStringLiteral("/user.js"));
    if (!userJs.open(QIODevice::WriteOnly) || userJs.write(quietPreferences() + extraPrefs) < 0) {
        m_lostBecause = QStringLiteral("cannot write the profile's user.js: ") + userJs.errorString();
        return;
    }
    userJs.close();

    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    // If the suite dies (a test timeout aborts it), the browser must not outlive it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    connect(m_process, &QProcess::readyReadStandardError, this, &FirefoxBrowser::stderrArrived);
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        lose(QStringLiteral("Firefox exited (%1 %2)")
                 .arg(status == QProcess::NormalExit ? QStringLiteral("code") : QStringLiteral("crash"))
                 .arg(code));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            lose(QStringLiteral("Firefox failed to start: ") + m_process->errorString());
        }
    });
    m_step = QStringLiteral("waiting for \"WebDriver BiDi listening\" on stderr");
    m_process->start(executable(),
        {QStringLiteral("--headless"), QStringLiteral("--no-remote"), QStringLiteral("--profile"), m_profileDir,
            QStringLiteral("--remote-debugging-port=0"), QStringLiteral("about:blank")});
}

FirefoxBrowser::~FirefoxBrowser()
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

QString FirefoxBrowser::executable()
{
    return QStringLiteral("/usr/bin/firefox-esr");
}

QUrl FirefoxBrowser::listeningAddress(const QByteArray &stderrBytes)
{
    // "WebDriver BiDi listening on ws://127.0.0.1:44891" (Firefox ESR 153)
    static const QRegularExpression line(QStringLiteral("WebDriver BiDi listening on (ws://[^\\s]+)"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(stderrBytes));
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

QString FirefoxBrowser::engineMessage(const QJsonObject &event)
{
    if (event.value(QLatin1String("method")).toString() != QLatin1String("log.entryAdded")) {
        return QString();
    }
    const QJsonObject params = event.value(QLatin1String("params")).toObject();
    // "console" entries are the page's console.* calls; "javascript" ones are what the engine
    // reports to the page's console (script errors, network-level CORS and connection messages).
    if (params.value(QLatin1String("type")).toString() != QLatin1String("javascript")) {
        return QString();
    }
    return params.value(QLatin1String("text")).toString();
}

QString FirefoxBrowser::eventContext(const QJsonObject &event)
{
    return event.value(QLatin1String("params"))
        .toObject()
        .value(QLatin1String("source"))
        .toObject()
        .value(QLatin1String("context"))
        .toString();
}

void FirefoxBrowser::stderrArrived()
{
    const QByteArray bytes = m_process->readAllStandardError();
    if (m_socket || !isUsable() || m_stderr.size() > kMaxStderrScanned) {
        return;
    }
    m_stderr += bytes;
    const QUrl address = listeningAddress(m_stderr);
    if (!address.isValid()) {
        return;
    }
    m_stderr.clear();
    QUrl session = address;
    session.setPath(QStringLiteral("/session"));
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_step = QStringLiteral("session.new");
        send(QStringLiteral("session.new"), QJsonObject {{QStringLiteral("capabilities"), QJsonObject()}},
            [this](const QJsonObject &, const QString &error) {
                if (!error.isEmpty()) {
                    lose(QStringLiteral("WebDriver BiDi session.new: ") + error);
                    return;
                }
                m_step = QStringLiteral("session.subscribe log.entryAdded");
                send(QStringLiteral("session.subscribe"),
                    QJsonObject {{QStringLiteral("events"), QJsonArray {QStringLiteral("log.entryAdded")}}},
                    [this](const QJsonObject &, const QString &subscribeError) {
                        if (!subscribeError.isEmpty()) {
                            lose(QStringLiteral("WebDriver BiDi session.subscribe: ") + subscribeError);
                            return;
                        }
                        sessionReady();
                    });
            });
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &FirefoxBrowser::onMessage);
    connect(m_socket, &QWebSocket::disconnected, this,
        [this] { lose(QStringLiteral("WebDriver BiDi: the websocket closed (") + m_socket->errorString() + u')'); });
    m_step = QStringLiteral("opening the websocket");
    m_socket->open(session);
}

void FirefoxBrowser::send(const QString &method, const QJsonObject &params, Reply reply)
{
    const int id = m_nextCommand++;
    m_replies.insert(id, std::move(reply));
    const QJsonObject command {{QStringLiteral("id"), id}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}};
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)));
}

void FirefoxBrowser::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("event")) {
        const QString line = engineMessage(message);
        const auto page = m_pages.find(m_pageByContext.value(eventContext(message)));
        if (!line.isEmpty() && page != m_pages.end()) {
            page->lines.append(line);
        }
        return;
    }
    const Reply reply = m_replies.take(message.value(QLatin1String("id")).toInt());
    if (!reply) {
        return;
    }
    if (type == QLatin1String("error")) {
        reply(QJsonObject(),
            message.value(QLatin1String("error")).toString() + QStringLiteral(": ")
                + message.value(QLatin1String("message")).toString());
    } else if (type == QLatin1String("success")) {
        reply(message.value(QLatin1String("result")).toObject(), QString());
    }
}

void FirefoxBrowser::sessionReady()
{
    m_ready = true;
    m_step = QStringLiteral("ready");
    const QList<PageId> waiting = std::exchange(m_waiting, {});
    for (PageId id : waiting) {
        beginOpen(id);
    }
}

FirefoxBrowser::PageId FirefoxBrowser::openPage(
    const QUrl &url, std::function<void()> opened, std::function<void(const QString &)> failed)
{
    const PageId id = m_nextPage++;
    Page page;
    page.url = url;
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

void FirefoxBrowser::beginOpen(PageId id)
{
    // A user context per page, a window (not a tab: a background tab's timers are throttled) in it,
    // then the navigation; each step's failure fails the page alone.
    send(QStringLiteral("browser.createUserContext"), QJsonObject(), [this, id](const QJsonObject &result, const QString &error) {
        const auto page = m_pages.find(id);
        if (page == m_pages.end()) {
            return;
        }
        if (!error.isEmpty()) {
            failPage(id, QStringLiteral("WebDriver BiDi browser.createUserContext: ") + error);
            return;
        }
        page->userContext = result.value(QLatin1String("userContext")).toString();
        send(QStringLiteral("browsingContext.create"),
            QJsonObject {{QStringLiteral("type"), QStringLiteral("window")}, {QStringLiteral("userContext"), page->userContext}},
            [this, id](const QJsonObject &created, const QString &createError) {
                const auto page = m_pages.find(id);
                if (page == m_pages.end()) {
                    return;
                }
                if (!createError.isEmpty()) {
                    failPage(id, QStringLiteral("WebDriver BiDi browsingContext.create: ") + createError);
                    return;
                }
                page->context = created.value(QLatin1String("context")).toString();
                m_pageByContext.insert(page->context, id);
                send(QStringLiteral("browsingContext.navigate"),
                    QJsonObject {{QStringLiteral("context"), page->context}, {QStringLiteral("url"), page->url.toString()},
                        {QStringLiteral("wait"), QStringLiteral("none")}},
                    [this, id](const QJsonObject &, const QString &navigateError) {
                        const auto page = m_pages.find(id);
                        if (page == m_pages.end()) {
                            return;
                        }
                        if (!navigateError.isEmpty()) {
                            failPage(id, QStringLiteral("WebDriver BiDi browsingContext.navigate: ") + navigateError);
                            return;
                        }
                        page->opened = true;
                        if (page->onOpened) {
                            page->onOpened();
                        }
                    });
            });
    });
}

QStringList FirefoxBrowser::consoleLines(PageId page) const
{
    QStringList distinct = m_pages.value(page).lines;
    distinct.removeDuplicates();
    return distinct;
}

void FirefoxBrowser::closePage(PageId id, std::function<void()> closed)
{
    const Page page = m_pages.take(id);
    m_pageByContext.remove(page.context);
    m_waiting.removeAll(id);
    if (!isUsable() || !m_ready || page.userContext.isEmpty()) {
        // No context object: a lost browser may be deleted before the event loop comes back.
        QTimer::singleShot(0, std::move(closed));
        return;
    }
    // Called once: by the answer, or by the timer if Firefox does not answer.
    auto once = std::make_shared<std::function<void()>>(std::move(closed));
    auto call = [once] {
        if (*once) {
            std::exchange(*once, nullptr)();
        }
    };
    send(QStringLiteral("browser.removeUserContext"), QJsonObject {{QStringLiteral("userContext"), page.userContext}},
        [call](const QJsonObject &, const QString &) { call(); });
    QTimer::singleShot(kCloseAnswerMs, this, call);
}

void FirefoxBrowser::failPage(PageId id, const QString &why)
{
    const auto page = m_pages.find(id);
    if (page == m_pages.end() || !page->onFailed) {
        return;
    }
    std::exchange(page->onFailed, nullptr)(why);
}

void FirefoxBrowser::lose(const QString &why)
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

QString FirefoxBrowser::state() const
{
    return m_step;
}

void FirefoxBrowser::shutDownLater()
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
