#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace SseScope {

// A small streaming JSON writer that keeps members in the order written (QJsonObject sorts
// them), so HAR files read like the ones browsers save and are byte-for-byte reproducible.
// Internal to lib/session.
class HarJsonWriter final
{
public:
    HarJsonWriter() { m_out.reserve(64 * 1024); }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    // A compact array on one line (the raw chunk table): its items are written without newlines.
    void beginInlineArray()
    {
        open('[');
        m_stack.last().isInline = true;
    }

    void key(const char *name)
    {
        separate();
        m_out.append('"').append(name).append("\": ");
        m_afterKey = true;
    }

    void value(const QString &text) { string(text.toUtf8()); }
    void value(const char *text) { string(QByteArray(text)); }
    void string(const QByteArray &utf8)
    {
        separate();
        escape(utf8);
    }
    void value(qint64 number)
    {
        separate();
        m_out.append(QByteArray::number(number));
    }
    void value(int number) { value(qint64(number)); }
    void value(quint64 number)
    {
        separate();
        m_out.append(QByteArray::number(number));
    }
    void value(bool flag)
    {
        separate();
        m_out.append(flag ? "true" : "false");
    }
    // An already formatted JSON number (the seconds of _eventSourceMessages).
    void rawNumber(const QByteArray &number)
    {
        separate();
        m_out.append(number);
    }

    QByteArray take()
    {
        m_out.append('\n');
        return std::move(m_out);
    }

private:
    struct Level
    {
        char close;
        bool empty = true;
        bool isInline = false;
    };

    void newline()
    {
        m_out.append('\n');
        m_out.append(QByteArray(2 * m_stack.size(), ' '));
    }

    void separate()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_stack.isEmpty()) {
            return;
        }
        Level &level = m_stack.last();
        if (!level.empty) {
            m_out.append(level.isInline ? ", " : ",");
        }
        level.empty = false;
        if (!level.isInline && !insideInline()) {
            newline();
        }
    }

    bool insideInline() const
    {
        for (const Level &level : m_stack) {
            if (level.isInline) {
                return true;
            }
        }
        return false;
    }

    void open(char c)
    {
        separate();
        m_out.append(c);
        m_stack.append(Level{c == '{' ? '}' : ']'});
        if (insideInline()) {
            m_stack.last().isInline = true;
        }
    }

    void close(char c)
    {
        const Level level = m_stack.takeLast();
        if (!level.empty && !level.isInline) {
            newline();
        }
        m_out.append(c);
    }

    void escape(const QByteArray &utf8)
    {
        static const char hex[] = "0123456789abcdef";
        m_out.append('"');
        for (const char ch : utf8) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
            case '"':
                m_out.append("\\\"");
                break;
            case '\\':
                m_out.append("\\\\");
                break;
            case '\n':
                m_out.append("\\n");
                break;
            case '\r':
                m_out.append("\\r");
                break;
            case '\t':
                m_out.append("\\t");
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    m_out.append("\\u00").append(hex[c >> 4]).append(hex[c & 0xf]);
                } else {
                    m_out.append(ch);
                }
            }
        }
        m_out.append('"');
    }

    QByteArray m_out;
    QVector<Level> m_stack;
    bool m_afterKey = false;
};

} // namespace SseScope
