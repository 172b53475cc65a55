#include "remotebrowser.h"

#include <headlesschromium.h>

#include <QDebug>
#include <QRegularExpression>

namespace SseScope::Conformance {

ChromiumBrowser::ChromiumBrowser(const QStringList &extraArguments, QObject *parent)
    : RemoteBrowser(parent)
{
    launch(TestSupport::chromiumExecutable(),
        TestSupport::headlessChromiumArguments(profileDir()) + TestSupport::chromiumConsoleLoggingArguments()
            + extraArguments + QStringList {QStringLiteral("--remote-debugging-port=0"), QStringLiteral("about:blank")});
}

QUrl ChromiumBrowser::listeningAddress(const QByteArray &stderrLine)
{
    // "DevTools listening on ws://127.0.0.1:37157/devtools/browser/0b5c…" (Chromium 156)
    static const QRegularExpression line(QStringLiteral("DevTools listening on (ws://[^\\s]+)"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(stderrLine));
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

std::optional<ChromiumBrowser::ConsoleLine> ChromiumBrowser::consoleLine(const QByteArray &raw)
{
    // [pid:tid:MMDD/HHMMSS.us:INFO:CONSOLE(0)] "message", source: url (0)
    // Newer builds: ...:INFO:CONSOLE:0] "message", source: url (0)
    const qsizetype tag = raw.indexOf(":CONSOLE");
    if (tag < 0) {
        return std::nullopt;
    }
    const qsizetype open = raw.indexOf("] \"", tag);
    const qsizetype close = raw.lastIndexOf("\", source:");
    if (open < 0 || close <= open) {
        return std::nullopt;
    }
    ConsoleLine line;
    line.message = QString::fromUtf8(raw.mid(open + 3, close - open - 3));
    const QByteArray source = raw.mid(close + 10).trimmed();
    const qsizetype space = source.lastIndexOf(" (");
    line.sourcePort = QUrl(QString::fromUtf8(space < 0 ? source : source.left(space))).port(-1);
    return line;
}

void ChromiumBrowser::stderrLine(const QByteArray &raw)
{
    const std::optional<ConsoleLine> line = consoleLine(raw);
    if (!line) {
        return;
    }
    // The page's origin is the usual source; else a case port the message names.
    PageId id = pageByPort(line->sourcePort);
    static const QRegularExpression portInUrl(QStringLiteral("://[^/:'\"\\s]+:(\\d+)"));
    for (auto it = portInUrl.globalMatch(line->message); id == 0 && it.hasNext();) {
        id = pageByPort(it.next().captured(1).toInt());
    }
    if (Page *p = page(id)) {
        p->lines.append(line->message);
    } else {
        qInfo().noquote() << "  chromium console line of no open case:" << line->message;
    }
}

bool ChromiumBrowser::parseAnswer(const QJsonObject &message, int *id, QJsonObject *result, QString *error) const
{
    if (!message.contains(QLatin1String("id"))) {
        return false; // an event
    }
    *id = message.value(QLatin1String("id")).toInt();
    if (message.contains(QLatin1String("error"))) {
        *error = message.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
        if (error->isEmpty()) {
            *error = QStringLiteral("error");
        }
    } else {
        *result = message.value(QLatin1String("result")).toObject();
    }
    return true;
}

void ChromiumBrowser::beginOpen(PageId id)
{
    // An isolated browser context per page (its own cookies, cache, auth and connections), then a
    // window in it opened on the page: no event is needed before, the console is read from stderr.
    sendForPage(id, QStringLiteral("Target.createBrowserContext"), QJsonObject(),
        [this, id](Page &p, const QJsonObject &context) {
            p.isolation = context.value(QLatin1String("browserContextId")).toString();
            sendForPage(id, QStringLiteral("Target.createTarget"),
                QJsonObject {{QStringLiteral("url"), p.url.toString()}, {QStringLiteral("browserContextId"), p.isolation},
                    {QStringLiteral("newWindow"), true}},
                [this, id](Page &, const QJsonObject &target) {
                    setPageContext(id, target.value(QLatin1String("targetId")).toString());
                    pageOpened(id);
                });
        });
}

void ChromiumBrowser::removeContext(const Page &page, Reply reply)
{
    send(QStringLiteral("Target.disposeBrowserContext"), QJsonObject {{QStringLiteral("browserContextId"), page.isolation}},
        std::move(reply));
}

} // namespace SseScope::Conformance
