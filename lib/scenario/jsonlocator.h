#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace SseScope {

// Where each value of a JSON text sits, by JSON Pointer ("/cors/preflight/status",
// "/stream/script/0"). QJsonDocument keeps no positions, and a scenario error must name the line
// and column of the offending key, so this small scanner walks the (already validated) text once
// and records byte offsets.
class JsonLocator
{
public:
    struct Position
    {
        qsizetype keyOffset = -1; // the member's key, or the element for array items
        qsizetype valueOffset = -1;
    };

    explicit JsonLocator(const QByteArray &text);

    // The position of the path, or of its nearest located ancestor.
    Position find(const QString &pointer) const;

    // 1-based line and column (in characters) of a byte offset.
    static void lineColumn(const QByteArray &text, qsizetype offset, int *line, int *column);

private:
    void skipSpace();
    void value(const QString &pointer, qsizetype keyOffset);
    void skipNested();
    QString string();

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_depth = 0;
    QHash<QString, Position> m_positions;
};

} // namespace SseScope
