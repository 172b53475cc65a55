#include "remotebrowser.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

namespace SseScope::Conformance {

namespace {

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
    : RemoteBrowser(parent)
{
    QFile userJs(profileDir() + QStringLiteral("/user.js"));
    if (!userJs.open(QIODevice::WriteOnly) || userJs.write(quietPreferences() + extraPrefs) < 0) {
        lose(QStringLiteral("cannot write the profile's user.js: ") + userJs.errorString());
        return;
    }
    userJs.close();
    launch(executable(),
        {QStringLiteral("--headless"), QStringLiteral("--no-remote"), QStringLiteral("--profile"), profileDir(),
            QStringLiteral("--remote-debugging-port=0"), QStringLiteral("about:blank")});
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

QUrl FirefoxBrowser::controlAddress(const QByteArray &stderrLine) const
{
    QUrl address = listeningAddress(stderrLine);
    if (address.isValid()) {
        address.setPath(QStringLiteral("/session"));
    }
    return address;
}

void FirefoxBrowser::handshake(std::function<void()> ready)
{
    setStep(QStringLiteral("session.new"));
    send(QStringLiteral("session.new"), QJsonObject {{QStringLiteral("capabilities"), QJsonObject()}},
        [this, ready](const QJsonObject &, const QString &error) {
            if (!error.isEmpty()) {
                lose(QStringLiteral("WebDriver BiDi session.new: ") + error);
                return;
            }
            // Subscribed before any page opens, so no message of a page is missed.
            setStep(QStringLiteral("session.subscribe log.entryAdded"));
            send(QStringLiteral("session.subscribe"),
                QJsonObject {{QStringLiteral("events"), QJsonArray {QStringLiteral("log.entryAdded")}}},
                [this, ready](const QJsonObject &, const QString &subscribeError) {
                    if (!subscribeError.isEmpty()) {
                        lose(QStringLiteral("WebDriver BiDi session.subscribe: ") + subscribeError);
                        return;
                    }
                    ready();
                });
        });
}

bool FirefoxBrowser::parseAnswer(const QJsonObject &message, int *id, QJsonObject *result, QString *error) const
{
    const QString type = message.value(QLatin1String("type")).toString();
    if (type != QLatin1String("success") && type != QLatin1String("error")) {
        return false;
    }
    *id = message.value(QLatin1String("id")).toInt();
    if (type == QLatin1String("error")) {
        *error = message.value(QLatin1String("error")).toString() + QStringLiteral(": ")
            + message.value(QLatin1String("message")).toString();
    } else {
        *result = message.value(QLatin1String("result")).toObject();
    }
    return true;
}

void FirefoxBrowser::eventArrived(const QJsonObject &event)
{
    const QString line = engineMessage(event);
    if (Page *p = page(pageByContext(eventContext(event))); p && !line.isEmpty()) {
        p->lines.append(line);
    }
}

void FirefoxBrowser::beginOpen(PageId id)
{
    // A user context per page, a window in it, then the navigation; each step's failure fails the
    // page alone.
    sendForPage(id, QStringLiteral("browser.createUserContext"), QJsonObject(),
        [this, id](Page &p, const QJsonObject &userContext) {
            p.isolation = userContext.value(QLatin1String("userContext")).toString();
            sendForPage(id, QStringLiteral("browsingContext.create"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("window")}, {QStringLiteral("userContext"), p.isolation}},
                [this, id](Page &p, const QJsonObject &window) {
                    setPageContext(id, window.value(QLatin1String("context")).toString());
                    sendForPage(id, QStringLiteral("browsingContext.navigate"),
                        QJsonObject {{QStringLiteral("context"), p.context}, {QStringLiteral("url"), p.url.toString()},
                            {QStringLiteral("wait"), QStringLiteral("none")}},
                        [this, id](Page &, const QJsonObject &) { pageOpened(id); });
                });
        });
}

void FirefoxBrowser::removeContext(const Page &page, Reply reply)
{
    send(QStringLiteral("browser.removeUserContext"), QJsonObject {{QStringLiteral("userContext"), page.isolation}},
        std::move(reply));
}

} // namespace SseScope::Conformance
