#pragma once

// Reading a HAR's JSON (internal to lib/session): typed access to its members, each fault named by
// a JSON Pointer and turned into file:line:column by HarReader::read. Shared by the readers of our
// own files (harown.cpp) and of Chrome's and Firefox's (harforeign.cpp).

#include "harreader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QUrl>

#include <cmath>
#include <limits>
#include <optional>

namespace SseScope::HarInput {

// The translation context of every text the HAR reader shows, "HarReader": lupdate reads it from
// the macro, so the German that translations/ssescope_de.ts holds is the one found at run time.
struct HarText
{
    Q_DECLARE_TR_FUNCTIONS(HarReader)
};

// A fault in the file's shape: where (a JSON Pointer) and why. Thrown by the readers only and
// caught by HarReader::read, so no partly built Session ever leaves it.
struct Failure
{
    QString pointer;
    QString reason;
};

[[noreturn]] inline void fail(const QString &pointer, const QString &reason)
{
    throw Failure{pointer, reason};
}

inline QString member(const QString &pointer, const char *key)
{
    return pointer + u'/' + QLatin1String(key);
}

inline QString element(const QString &pointer, qsizetype index)
{
    return pointer + u'/' + QString::number(index);
}

// Typed access to the members of one JSON object, each fault named by its pointer.
class Node
{
public:
    Node(QJsonObject object, QString pointer)
        : m_object(std::move(object))
        , m_pointer(std::move(pointer))
    {
    }

    const QString &pointer() const { return m_pointer; }
    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }

    QJsonValue required(const char *key) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            fail(m_pointer, HarText::tr("missing member \"%1\"").arg(QLatin1String(key)));
        }
        return value;
    }

    Node object(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isObject()) {
            fail(member(m_pointer, key), HarText::tr("\"%1\" must be an object").arg(QLatin1String(key)));
        }
        return Node(value.toObject(), member(m_pointer, key));
    }
    std::optional<Node> optionalObject(const char *key) const
    {
        if (!has(key)) {
            return std::nullopt;
        }
        return object(key);
    }

    QJsonArray array(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isArray()) {
            fail(member(m_pointer, key), HarText::tr("\"%1\" must be an array").arg(QLatin1String(key)));
        }
        return value.toArray();
    }
    QJsonArray optionalArray(const char *key) const { return has(key) ? array(key) : QJsonArray(); }

    QString string(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isString()) {
            fail(member(m_pointer, key), HarText::tr("\"%1\" must be a string").arg(QLatin1String(key)));
        }
        return value.toString();
    }
    QString optionalString(const char *key, const QString &fallback = {}) const
    {
        return has(key) && !m_object.value(QLatin1String(key)).isNull() ? string(key) : fallback;
    }

    double number(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isDouble() || !std::isfinite(value.toDouble())) {
            fail(member(m_pointer, key), HarText::tr("\"%1\" must be a number").arg(QLatin1String(key)));
        }
        return value.toDouble();
    }
    double optionalNumber(const char *key, double fallback) const { return has(key) ? number(key) : fallback; }

    qint64 integer(const char *key, qint64 minimum = std::numeric_limits<qint64>::min()) const
    {
        const QJsonValue value = required(key);
        const qint64 sentinel = std::numeric_limits<qint64>::min();
        const qint64 result = value.isDouble() ? value.toInteger(sentinel) : sentinel;
        if (result == sentinel || result < minimum) {
            fail(member(m_pointer, key),
                minimum == std::numeric_limits<qint64>::min()
                    ? HarText::tr("\"%1\" must be an integer").arg(QLatin1String(key))
                    : HarText::tr("\"%1\" must be an integer of at least %2").arg(QLatin1String(key)).arg(minimum));
        }
        return result;
    }

    bool boolean(const char *key) const
    {
        const QJsonValue value = required(key);
        if (!value.isBool()) {
            fail(member(m_pointer, key), HarText::tr("\"%1\" must be true or false").arg(QLatin1String(key)));
        }
        return value.toBool();
    }
    bool optionalBoolean(const char *key, bool fallback) const { return has(key) ? boolean(key) : fallback; }

private:
    QJsonObject m_object;
    QString m_pointer;
};

Node objectAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer);
QString stringAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer);
QDateTime parseTime(const Node &node, const char *key);
QUrl parseUrl(const Node &node, const char *key, bool allowEmpty = false);
HttpHeaders parseHeaders(const Node &node);
QByteArray httpVersionOf(const QString &harVersion); // "HTTP/1.1" → "1.1", "h2" → "2"
// content.text, base64-decoded when content.encoding says so.
QByteArray parseBody(const Node &content);
// `_eventSourceMessages`: [{time (seconds since the epoch), eventName, eventId, data}].
QList<RecordedEvent> parseMessages(const Node &entry, quint64 exchangeId, qint64 epochMs);

// One of an enum's names, as `nameOf` spells them.
template<typename Enum>
Enum parseName(const Node &node, const char *key, const QList<Enum> &values, QString (*nameOf)(Enum))
{
    const QString text = node.string(key);
    for (const Enum value : values) {
        if (nameOf(value) == text) {
            return value;
        }
    }
    fail(member(node.pointer(), key), HarText::tr("unknown %1 \"%2\"").arg(QLatin1String(key), text));
}

// The two kinds of file (harown.cpp, harforeign.cpp).
HarImport readOwn(const Node &log, const Node &extension);
// The file's event streams replayed through `profile`'s model: every one (`everyStream`), or only
// the first (the others named in HarImport::missing). `recordedAs`: for our own files read as
// another browser, the browser they were recorded with.
QList<HarImport> readForeign(const Node &log, HarImport::Producer producer, const BrowserProfile &profile,
    bool everyStream, const QString &recordedAs = QString());

} // namespace SseScope::HarInput
