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
    // A compact array or object on one line (raw chunks, event messages): no newlines inside.
    void beginInlineArray()
    {
        open('[');
        m_stack.last().isInline = true;
    }
    void beginInlineObject()
    {
        open('{');
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
        static constexpr char spaces[] = "                                ";
        m_out.append('\n');
        for (qsizetype n = 2 * m_stack.size(); n > 0; n -= sizeof(spaces) - 1) {
            m_out.append(spaces, qMin<qsizetype>(n, sizeof(spaces) - 1));
        }
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
        if (!level.isInline) {
            newline();
        }
    }

    void open(char c)
    {
        separate();
        m_out.append(c);
        // Everything inside an inline level stays on its line.
        const bool parentInline = !m_stack.isEmpty() && m_stack.last().isInline;
        m_stack.append(Level{c == '{' ? '}' : ']', true, parentInline});
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
        const char *p = utf8.constData();
        const char *const end = p + utf8.size();
        while (p < end) {
            // Copy the run of bytes that need no escaping in one go.
            const char *run = p;
            while (run < end && needsNoEscape(static_cast<unsigned char>(*run))) {
                ++run;
            }
            m_out.append(p, run - p);
            if (run == end) {
                break;
            }
            const auto c = static_cast<unsigned char>(*run);
            switch (c) {
            case '"':
                m_out.append("\\\"", 2);
                break;
            case '\\':
                m_out.append("\\\\", 2);
                break;
            case '\n':
                m_out.append("\\n", 2);
                break;
            case '\r':
                m_out.append("\\r", 2);
                break;
            case '\t':
                m_out.append("\\t", 2);
                break;
            default: {
                const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
                m_out.append(escaped, sizeof(escaped));
            }
            }
            p = run + 1;
        }
        m_out.append('"');
    }

    static bool needsNoEscape(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f; }

    QByteArray m_out;
    QVector<Level> m_stack;
    bool m_afterKey = false;
};

} // namespace SseScope
