#include "jsonlocator.h"

namespace SseScope {

namespace {
constexpr int maxDepth = 256; // the same order as QJsonDocument's own nesting limit
}

JsonLocator::JsonLocator(const QByteArray &text)
    : m_text(text)
{
    skipSpace();
    value(QString(), 0);
}

JsonLocator::Position JsonLocator::find(const QString &pointer) const
{
    QString path = pointer;
    while (true) {
        const auto it = m_positions.constFind(path);
        if (it != m_positions.constEnd()) {
            return *it;
        }
        if (path.isEmpty()) {
            return Position {0, 0};
        }
        path.truncate(path.lastIndexOf(QLatin1Char('/')));
    }
}

void JsonLocator::lineColumn(const QByteArray &text, qsizetype offset, int *line, int *column)
{
    offset = qBound(qsizetype(0), offset, text.size());
    const QByteArray before = text.left(offset);
    const qsizetype lastNewline = before.lastIndexOf('\n');
    *line = int(before.count('\n')) + 1;
    *column = int(QString::fromUtf8(before.mid(lastNewline + 1)).size()) + 1;
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        ++m_pos;
    }
}

void JsonLocator::skipNested()
{
    const char first = m_text.at(m_pos);
    if (first == '"') {
        string();
        return;
    }
    if (first != '[' && first != '{') {
        while (m_pos < m_text.size() && !QByteArrayView(",}] \t\n\r").contains(m_text.at(m_pos))) {
            ++m_pos;
        }
        return;
    }
    int depth = 0;
    do {
        const char c = m_text.at(m_pos);
        if (c == '"') {
            string();
            continue;
        }
        if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        }
        ++m_pos;
    } while (depth > 0 && m_pos < m_text.size());
}

QString JsonLocator::string()
{
    // At the opening quote. Keys are only compared with our own ASCII key names, so escapes are
    // decoded just enough to keep "\"" and "\\" from ending the string early.
    QByteArray raw;
    ++m_pos;
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos++);
        if (c == '"') {
            break;
        }
        if (c == '\\' && m_pos < m_text.size()) {
            raw.append(m_text.at(m_pos++));
            continue;
        }
        raw.append(c);
    }
    return QString::fromUtf8(raw);
}

void JsonLocator::value(const QString &pointer, qsizetype keyOffset)
{
    skipSpace();
    if (m_pos >= m_text.size()) {
        return;
    }
    if (m_depth >= maxDepth) {
        skipNested(); // too deep to matter for positions: step over it without recursing
        return;
    }
    ++m_depth;
    m_positions.insert(pointer, Position {keyOffset, m_pos});
    const char c = m_text.at(m_pos);
    if (c == '{') {
        ++m_pos;
        while (m_pos < m_text.size()) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) == '}') {
                ++m_pos;
                break;
            }
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            const qsizetype memberOffset = m_pos;
            const QString key = string();
            skipSpace();
            if (m_pos < m_text.size() && m_text.at(m_pos) == ':') {
                ++m_pos;
            }
            // JSON Pointer escaping (RFC 6901), so a key with "/" cannot alias another path.
            QString escaped = key;
            escaped.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
            value(pointer + QLatin1Char('/') + escaped, memberOffset);
        }
    } else if (c == '[') {
        ++m_pos;
        int index = 0;
        while (m_pos < m_text.size()) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) == ']') {
                ++m_pos;
                break;
            }
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            const qsizetype elementOffset = m_pos;
            value(pointer + QLatin1Char('/') + QString::number(index++), elementOffset);
        }
    } else if (c == '"') {
        string();
    } else {
        // number, true, false, null
        while (m_pos < m_text.size()) {
            const char d = m_text.at(m_pos);
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') {
                break;
            }
            ++m_pos;
        }
    }
    --m_depth;
}

} // namespace SseScope
