#include "realbrowserreport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace SseScope {

namespace {
// Reads optional field `name` into *out when it has the expected type; false (and why) otherwise.
bool readString(const QJsonObject &object, QLatin1String name, QString *out, QString *error)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull()) {
        return true;
    }
    if (!value.isString()) {
        *error = QStringLiteral("%1 is not a string").arg(name);
        return false;
    }
    *out = value.toString();
    return true;
}

bool readBool(const QJsonObject &object, QLatin1String name, bool *out, QString *error)
{
    const QJsonValue value = object.value(name);
    if (!value.isBool()) {
        *error = value.isUndefined() ? QStringLiteral("%1 is missing").arg(name)
                                     : QStringLiteral("%1 is not true or false").arg(name);
        return false;
    }
    *out = value.toBool();
    return true;
}
} // namespace

std::optional<RealBrowserReport> RealBrowserReport::fromJson(const QJsonObject &object, QString *errorString)
{
    RealBrowserReport report;
    QString error;
    const auto fail = [&]() -> std::optional<RealBrowserReport> {
        if (errorString) {
            *errorString = error;
        }
        return std::nullopt;
    };
    if (!readBool(object, QLatin1String("opened"), &report.opened, &error)
        || !readBool(object, QLatin1String("failed"), &report.failed, &error)
        || !readString(object, QLatin1String("userAgent"), &report.userAgent, &error)
        || !readString(object, QLatin1String("scenario"), &report.scenario, &error)
        || !readString(object, QLatin1String("readyState"), &report.readyState, &error)
        || !readString(object, QLatin1String("method"), &report.method, &error)) {
        return fail();
    }
    const QJsonValue events = object.value(QLatin1String("events"));
    if (!events.isUndefined()) {
        // A count: a whole, non-negative number that fits an int.
        const double count = events.toDouble(-1);
        if (!events.isDouble() || count < 0 || count > 2147483647.0 || count != double(qint64(count))) {
            error = QStringLiteral("events is not a count");
            return fail();
        }
        report.events = int(count);
    }
    const QJsonValue messages = object.value(QLatin1String("messages"));
    if (!messages.isUndefined()) {
        if (!messages.isArray()) {
            error = QStringLiteral("messages is not a list");
            return fail();
        }
        for (const QJsonValue &entry : messages.toArray()) {
            if (!entry.isObject()) {
                error = QStringLiteral("a message is not an object");
                return fail();
            }
            const QJsonObject fields = entry.toObject();
            Message message;
            if (!readString(fields, QLatin1String("type"), &message.type, &error)
                || !readString(fields, QLatin1String("data"), &message.data, &error)
                || !readString(fields, QLatin1String("lastEventId"), &message.lastEventId, &error)) {
                error = QStringLiteral("a message: ") + error;
                return fail();
            }
            report.messages.append(message);
        }
    }
    const QJsonValue log = object.value(QLatin1String("log"));
    if (!log.isUndefined()) {
        if (!log.isArray()) {
            error = QStringLiteral("log is not a list");
            return fail();
        }
        for (const QJsonValue &line : log.toArray()) {
            if (!line.isString()) {
                error = QStringLiteral("a log line is not a string");
                return fail();
            }
            report.log.append(line.toString());
        }
    }
    const QJsonValue readHeaders = object.value(QLatin1String("readHeaders"));
    if (!readHeaders.isUndefined()) {
        if (!readHeaders.isObject()) {
            error = QStringLiteral("readHeaders is not an object");
            return fail();
        }
        const QJsonObject reads = readHeaders.toObject();
        for (auto it = reads.constBegin(); it != reads.constEnd(); ++it) {
            if (it.value().isString()) {
                report.readHeaders.append({it.key(), it.value().toString()});
            } else if (it.value().isNull()) {
                report.readHeaders.append({it.key(), std::nullopt});
            } else {
                error = QStringLiteral("readHeaders: %1 is neither a string nor null").arg(it.key());
                return fail();
            }
        }
    }
    return report;
}

QString RealBrowserReport::engineOfUserAgent(const QString &userAgent)
{
    // Order matters: Chromium's UA also says "AppleWebKit" and "Safari", and Edge / Opera say
    // "Chrome"; Firefox says "Gecko" and "Firefox"; a WebKit browser says "AppleWebKit" without
    // "Chrome" (Safari "Version/… Safari", Epiphany and MiniBrowser likewise).
    if (userAgent.contains(QLatin1String("Firefox/")) || userAgent.contains(QLatin1String("FxiOS/"))) {
        return QStringLiteral("firefox");
    }
    if (userAgent.contains(QLatin1String("Chrome/")) || userAgent.contains(QLatin1String("Chromium/"))
        || userAgent.contains(QLatin1String("HeadlessChrome/"))) {
        return QStringLiteral("chromium");
    }
    if (userAgent.contains(QLatin1String("AppleWebKit/"))) {
        return QStringLiteral("safari");
    }
    return QString();
}

} // namespace SseScope
