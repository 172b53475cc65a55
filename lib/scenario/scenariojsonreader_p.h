#pragma once

// Strict reading of a scenario's JSON (internal to lib/scenario): typed members, known keys only,
// every fault named by its line and column (ScenarioJson::parse).

#include "jsonlocator.h"
#include "scenariojson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <cmath>
#include <initializer_list>
#include <optional>
#include <utility>

namespace SseScope::ScenarioJsonInput {

template<typename E> using EnumNames = std::initializer_list<std::pair<const char *, E>>;

// Reads one scenario object. The first error wins and every later call is a no-op, so the
// reading code stays a flat list of fields; the caller checks failed() once at the end.
class Reader
{
public:
    Reader(const QByteArray &text, const QString &file)
        : m_text(text)
        , m_locator(text)
    {
        m_error.file = file;
    }

    bool failed() const { return m_failed; }
    const ScenarioError &error() const { return m_error; }

    void fail(const QString &pointer, const QString &reason, bool atKey = false)
    {
        if (m_failed) {
            return;
        }
        m_failed = true;
        const JsonLocator::Position pos = m_locator.find(pointer);
        const qsizetype offset = atKey && pos.keyOffset >= 0 ? pos.keyOffset : pos.valueOffset;
        JsonLocator::lineColumn(m_text, offset, &m_error.line, &m_error.column);
        m_error.reason = reason;
    }

    // Every key must be one we know: a typo must not silently become a default.
    void keys(const QJsonObject &object, const QString &pointer, std::initializer_list<const char *> allowed)
    {
        for (auto it = object.constBegin(); it != object.constEnd() && !m_failed; ++it) {
            bool known = false;
            for (const char *name : allowed) {
                known = known || it.key() == QLatin1String(name);
            }
            if (!known) {
                QStringList names;
                for (const char *name : allowed) {
                    names.append(QLatin1String(name));
                }
                fail(child(pointer, it.key()),
                    QStringLiteral("unknown key \"%1\" (expected one of: %2)")
                        .arg(it.key(), names.join(QStringLiteral(", "))),
                    true);
            }
        }
    }

    bool object(const QJsonObject &parent, const QString &pointer, const char *key, QJsonObject *out)
    {
        const QJsonValue v = parent.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return false;
        }
        if (!v.isObject()) {
            fail(child(pointer, key), QStringLiteral("\"%1\" must be an object").arg(QLatin1String(key)));
            return false;
        }
        *out = v.toObject();
        return true;
    }

    void string(const QJsonObject &o, const QString &pointer, const char *key, QString &out, bool headerSafe = true)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        if (!v.isString()) {
            fail(child(pointer, key), QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
            return;
        }
        checkText(child(pointer, key), key, v.toString(), headerSafe);
        out = v.toString();
    }

    void optionalString(const QJsonObject &o, const QString &pointer, const char *key, std::optional<QString> &out,
        bool headerSafe = true)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        if (v.isNull()) {
            out.reset();
            return;
        }
        if (!v.isString()) {
            fail(child(pointer, key), QStringLiteral("\"%1\" must be a string or null").arg(QLatin1String(key)));
            return;
        }
        checkText(child(pointer, key), key, v.toString(), headerSafe);
        out = v.toString();
    }

    void boolean(const QJsonObject &o, const QString &pointer, const char *key, bool &out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        if (!v.isBool()) {
            fail(child(pointer, key), QStringLiteral("\"%1\" must be true or false").arg(QLatin1String(key)));
            return;
        }
        out = v.toBool();
    }

    void integer(const QJsonObject &o, const QString &pointer, const char *key, int &out, int min, int max)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        checkInteger(child(pointer, key), key, v, min, max, &out);
    }

    void optionalInteger(
        const QJsonObject &o, const QString &pointer, const char *key, std::optional<int> &out, int min, int max)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        if (v.isNull()) {
            out.reset();
            return;
        }
        int value = 0;
        if (checkInteger(child(pointer, key), key, v, min, max, &value)) {
            out = value;
        }
    }

    void stringList(const QJsonObject &o, const QString &pointer, const char *key, QStringList &out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        const QString here = child(pointer, key);
        if (!v.isArray()) {
            fail(here, QStringLiteral("\"%1\" must be an array of strings").arg(QLatin1String(key)));
            return;
        }
        QStringList result;
        const QJsonArray array = v.toArray();
        for (int i = 0; i < array.size() && !m_failed; ++i) {
            if (!array.at(i).isString()) {
                fail(here + QLatin1Char('/') + QString::number(i),
                    QStringLiteral("\"%1\" must hold only strings").arg(QLatin1String(key)));
                return;
            }
            checkText(here + QLatin1Char('/') + QString::number(i), key, array.at(i).toString(), true);
            result.append(array.at(i).toString());
        }
        out = result;
    }

    // ["Name", ...]: header names (tokens).
    void headerNames(const QJsonObject &o, const QString &pointer, const char *key, QStringList &out)
    {
        QStringList names;
        stringList(o, pointer, key, names);
        for (int i = 0; i < names.size() && !m_failed; ++i) {
            if (!isToken(names.at(i))) {
                fail(child(pointer, key) + QLatin1Char('/') + QString::number(i),
                    QStringLiteral("\"%1\" is not a valid header name").arg(names.at(i)));
                return;
            }
        }
        if (!m_failed) {
            out = names;
        }
    }

    // {"Name": "value" | true | null, ...}: a header name, and the value expected, any value, or null.
    void headerExpectations(
        const QJsonObject &o, const QString &pointer, const char *key, QMap<QString, ReadHeaderExpectation> &out)
    {
        QJsonObject object;
        if (!this->object(o, pointer, key, &object)) {
            return;
        }
        const QString here = child(pointer, key);
        QMap<QString, ReadHeaderExpectation> result;
        for (auto it = object.constBegin(); it != object.constEnd() && !m_failed; ++it) {
            if (!isToken(it.key())) {
                fail(child(here, it.key()), QStringLiteral("\"%1\" is not a valid header name").arg(it.key()), true);
                return;
            }
            const QJsonValue v = it.value();
            if (v.isNull()) {
                result.insert(it.key(), ReadHeaderExpectation::null());
            } else if (v.isBool() && v.toBool()) {
                result.insert(it.key(), ReadHeaderExpectation::anyValue());
            } else if (v.isString()) {
                checkText(child(here, it.key()), key, v.toString(), true);
                result.insert(it.key(), ReadHeaderExpectation::exactly(v.toString()));
            } else {
                fail(child(here, it.key()),
                    QStringLiteral("\"%1\" must be a string (the value), true (any value) or null").arg(it.key()));
                return;
            }
        }
        if (!m_failed) {
            out = result;
        }
    }

    // [["Name", "value"], ...]: a list, because order and duplicates matter on the wire.
    void headers(const QJsonObject &o, const QString &pointer, const char *key, HttpHeaders &out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        const QString here = child(pointer, key);
        if (!v.isArray()) {
            fail(here, QStringLiteral("\"%1\" must be an array of [name, value] pairs").arg(QLatin1String(key)));
            return;
        }
        HttpHeaders result;
        const QJsonArray array = v.toArray();
        for (int i = 0; i < array.size() && !m_failed; ++i) {
            const QString itemPointer = here + QLatin1Char('/') + QString::number(i);
            const QJsonArray pair = array.at(i).toArray();
            if (!array.at(i).isArray() || pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()) {
                fail(itemPointer, QStringLiteral("each header must be a [name, value] pair of strings"));
                return;
            }
            const QString name = pair.at(0).toString();
            if (!isToken(name)) {
                fail(itemPointer, QStringLiteral("\"%1\" is not a valid header name").arg(name));
                return;
            }
            checkText(itemPointer, key, pair.at(1).toString(), true);
            result.append(name.toLatin1(), pair.at(1).toString().toUtf8());
        }
        out = result;
    }

    template<typename E>
    void enumeration(const QJsonObject &o, const QString &pointer, const char *key, E &out, EnumNames<E> names)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (m_failed || v.isUndefined()) {
            return;
        }
        QStringList known;
        for (const auto &[name, value] : names) {
            if (v.isString() && v.toString() == QLatin1String(name)) {
                out = value;
                return;
            }
            known.append(QLatin1Char('"') + QLatin1String(name) + QLatin1Char('"'));
        }
        fail(child(pointer, key),
            QStringLiteral("\"%1\" must be one of %2").arg(QLatin1String(key), known.join(QStringLiteral(", "))));
    }

    static QString child(const QString &pointer, const QString &key) { return pointer + QLatin1Char('/') + key; }
    static QString child(const QString &pointer, const char *key) { return child(pointer, QLatin1String(key)); }

private:
    bool checkInteger(const QString &pointer, const char *key, const QJsonValue &v, int min, int max, int *out)
    {
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d) {
            fail(pointer, QStringLiteral("\"%1\" must be an integer").arg(QLatin1String(key)));
            return false;
        }
        if (d < min || d > max) {
            fail(pointer, QStringLiteral("\"%1\" must be between %2 and %3").arg(QLatin1String(key)).arg(min).arg(max));
            return false;
        }
        *out = int(d);
        return true;
    }

    // Values end up in header lines and event fields written raw: a line break would inject
    // another header or field.
    void checkText(const QString &pointer, const char *key, const QString &text, bool headerSafe)
    {
        if (headerSafe
            && (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')) || text.contains(QChar(0)))) {
            fail(pointer, QStringLiteral("\"%1\" must not contain line breaks or NUL").arg(QLatin1String(key)));
        }
    }

    static bool isToken(const QString &name)
    {
        static const QString separators = QStringLiteral("()<>@,;:\\\"/[]?={} \t");
        if (name.isEmpty()) {
            return false;
        }
        for (const QChar c : name) {
            if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || separators.contains(c)) {
                return false;
            }
        }
        return true;
    }

    const QByteArray &m_text;
    JsonLocator m_locator;
    ScenarioError m_error;
    bool m_failed = false;
};

} // namespace SseScope::ScenarioJsonInput
