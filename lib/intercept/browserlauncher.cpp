#include "browserlauncher.h"

#include "localca.h"

#include <common/logging.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace SseScope {

namespace {

QString findExecutable(const QString &given, const QStringList &names)
{
    if (!given.isEmpty()) {
        return QStandardPaths::findExecutable(given).isEmpty() && QFile::exists(given) ? given
                                                                                      : QStandardPaths::findExecutable(given);
    }
    for (const QString &name : names) {
        const QString path = QStandardPaths::findExecutable(name);
        if (!path.isEmpty()) {
            return path;
        }
    }
    return {};
}

} // namespace

BrowserLauncher::BrowserLauncher(QObject *parent)
    : QObject(parent)
{
}

BrowserLauncher::~BrowserLauncher()
{
    terminate();
}

QStringList BrowserLauncher::chromiumArguments(const Options &options, const QByteArray &spkiHash, const QString &profile)
{
    QStringList arguments{QStringLiteral("--user-data-dir=") + profile,
        QStringLiteral("--proxy-server=") + options.proxy.toString(QUrl::RemovePath),
        // Chromium sends loopback hosts direct unless told otherwise.
        QStringLiteral("--proxy-bypass-list=<-loopback>"),
        QStringLiteral("--ignore-certificate-errors-spki-list=") + QString::fromLatin1(spkiHash),
        QStringLiteral("--no-first-run"), QStringLiteral("--no-default-browser-check"),
        // HTTP/3 would bypass an HTTP proxy; the rest keeps a fresh profile quiet.
        QStringLiteral("--disable-quic"), QStringLiteral("--disable-background-networking"),
        QStringLiteral("--disable-component-update"), QStringLiteral("--disable-sync")};
    if (options.headless) {
        arguments << QStringLiteral("--headless") << QStringLiteral("--no-sandbox") << QStringLiteral("--disable-gpu");
    }
    arguments << (options.startUrl.isEmpty() ? QStringLiteral("about:blank") : options.startUrl.toString(QUrl::FullyEncoded));
    return arguments;
}

QString BrowserLauncher::firefoxUserJs(const QUrl &proxy)
{
    const QString host = proxy.host();
    const int port = proxy.port();
    QString js;
    const auto pref = [&js](const char *name, const QString &value) {
        js += QStringLiteral("user_pref(\"%1\", %2);\n").arg(QLatin1String(name), value);
    };
    // -> QString: a QStringBuilder returned from the lambda would refer to its dead temporaries
    // (QT_USE_QSTRINGBUILDER), which made every --launch firefox die in std::bad_alloc.
    const auto quoted = [](const QString &text) -> QString { return u'"' + text + u'"'; };
    pref("network.proxy.type", QStringLiteral("1"));
    pref("network.proxy.http", quoted(host));
    pref("network.proxy.http_port", QString::number(port));
    pref("network.proxy.ssl", quoted(host));
    pref("network.proxy.ssl_port", QString::number(port));
    pref("network.proxy.no_proxies_on", quoted(QString()));
    pref("network.proxy.allow_hijacking_localhost", QStringLiteral("true"));
    pref("network.http.http3.enable", QStringLiteral("false"));
    pref("security.enterprise_roots.enabled", QStringLiteral("false"));
    pref("browser.shell.checkDefaultBrowser", QStringLiteral("false"));
    pref("browser.startup.homepage_override.mstone", quoted(QStringLiteral("ignore")));
    pref("datareporting.policy.dataSubmissionEnabled", QStringLiteral("false"));
    pref("app.update.enabled", QStringLiteral("false"));
    pref("network.captive-portal-service.enabled", QStringLiteral("false"));
    pref("network.connectivity-service.enabled", QStringLiteral("false"));
    return js;
}

bool BrowserLauncher::prepareFirefoxProfile(const Options &options, const LocalCa &ca, QString *error)
{
    QFile userJs(m_profile->filePath(QStringLiteral("user.js")));
    if (!userJs.open(QIODevice::WriteOnly) || userJs.write(firefoxUserJs(options.proxy).toUtf8()) < 0) {
        *error = tr("cannot write the Firefox profile: %1").arg(userJs.errorString());
        return false;
    }
    userJs.close();
    const QString certutil = QStandardPaths::findExecutable(QStringLiteral("certutil"));
    if (certutil.isEmpty()) {
        *error = tr("certutil is missing (Debian: apt-get install libnss3-tools); Firefox cannot be told to trust the local CA");
        return false;
    }
    const QString database = QStringLiteral("sql:") + m_profile->path();
    const auto run = [&](const QStringList &arguments) {
        QProcess process;
        process.start(certutil, arguments);
        return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    };
    if (!run({QStringLiteral("-N"), QStringLiteral("-d"), database, QStringLiteral("--empty-password")})
        || !run({QStringLiteral("-A"), QStringLiteral("-n"), QStringLiteral("SSE Scope local CA"), QStringLiteral("-t"),
            QStringLiteral("C,,"), QStringLiteral("-i"), ca.certificatePath(), QStringLiteral("-d"), database})) {
        *error = tr("certutil could not add the local CA to the Firefox profile");
        return false;
    }
    return true;
}

bool BrowserLauncher::launch(const Options &options, const LocalCa &ca, QString *error)
{
    QString reason;
    m_profile = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ssescope-browser-XXXXXX"));
    if (!m_profile->isValid()) {
        reason = tr("cannot create a browser profile directory");
    }
    QString executable;
    QStringList arguments;
    if (reason.isEmpty() && options.browser == Browser::Chromium) {
        executable = findExecutable(options.executable,
            {QStringLiteral("chromium"), QStringLiteral("chromium-browser"), QStringLiteral("google-chrome")});
        arguments = chromiumArguments(options, ca.spkiSha256Base64(), m_profile->path());
    } else if (reason.isEmpty()) {
        executable = findExecutable(options.executable, {QStringLiteral("firefox-esr"), QStringLiteral("firefox")});
        if (prepareFirefoxProfile(options, ca, &reason)) {
            arguments = {QStringLiteral("--profile"), m_profile->path(), QStringLiteral("--no-remote"),
                QStringLiteral("--new-instance")};
            if (options.headless) {
                arguments << QStringLiteral("--headless");
            }
            arguments << (options.startUrl.isEmpty() ? QStringLiteral("about:blank")
                                                      : options.startUrl.toString(QUrl::FullyEncoded));
        }
    }
    if (reason.isEmpty() && executable.isEmpty()) {
        reason = options.browser == Browser::Chromium ? tr("Chromium is not installed (no chromium on PATH)")
                                                      : tr("Firefox is not installed (no firefox-esr on PATH)");
    }
    if (!reason.isEmpty()) {
        if (error) {
            *error = reason;
        }
        return false;
    }
    m_process = std::make_unique<QProcess>();
    // The browser's own chatter stays out of our output (scripts read JSON lines on stdout).
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(QProcess::nullDevice());
    connect(m_process.get(), &QProcess::finished, this, [this](int exitCode) { emit finished(exitCode); });
    m_process->start(executable, arguments);
    if (!m_process->waitForStarted(30000)) {
        if (error) {
            *error = tr("cannot start %1: %2").arg(executable, m_process->errorString());
        }
        m_process.reset();
        return false;
    }
    qCInfo(lcIntercept).noquote() << "launched" << executable << "with profile" << m_profile->path();
    return true;
}

void BrowserLauncher::terminate()
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        return;
    }
    m_process->disconnect(this);
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

} // namespace SseScope
