#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;

namespace SseScope {

// What the built-in test page (resources/testpage/index.html) reports after it ran the scenario's
// client side in the user's own browser: POST /report on the page origin, a JSON object. The
// server hands the object on as it came; fromJson() is the one place that reads its fields.
struct RealBrowserReport
{
    struct Message
    {
        QString type;
        QString data; // the page keeps the first 200 characters
        QString lastEventId;
    };

    QString userAgent;
    QString scenario; // the scenario's name, as the page was served
    bool opened = false; // the `open` event fired (fetch: a 2xx response)
    bool failed = false; // the browser failed the connection (CLOSED, no reconnect)
    int events = 0;
    QString readyState; // "CONNECTING", "OPEN" or "CLOSED"
    QList<Message> messages; // the first events received
    QStringList log; // the page's own log lines ("+12 ms  open")
    // Fetch mode: the method the page's fetch() used, and what each `response.headers.get(name)`
    // of the scenario's readHeaders returned (nullopt: null), by name. Empty when no
    // response reached the page (or in EventSource mode).
    QString method;
    QList<std::pair<QString, std::optional<QString>>> readHeaders;

    // The report, or nullopt and why: `opened` and `failed` are required booleans (they are what
    // is compared with the prediction); every other field is optional but must have its type.
    static std::optional<RealBrowserReport> fromJson(const QJsonObject &object, QString *errorString = nullptr);

    // The engine behind userAgent, as the CLI names the profiles: "chromium", "firefox" or "safari"
    // (any WebKit browser: Safari, Epiphany, MiniBrowser); empty when it cannot be told.
    QString engine() const { return engineOfUserAgent(userAgent); }
    static QString engineOfUserAgent(const QString &userAgent);
};

} // namespace SseScope
