#pragma once

// Shared by the parser's tests: run a parser over a chunking of some bytes and describe
// everything it reported as one readable string, so that a failing QCOMPARE shows the difference.

#include <sse/eventstreamparser.h>

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QString>

namespace SseScope::TestHelpers {

inline SseEvent ev(const QByteArray &type, const QByteArray &data, const QByteArray &lastEventId = QByteArray())
{
    SseEvent event;
    event.type = type;
    event.data = data;
    event.lastEventId = lastEventId;
    return event;
}

// Printable ASCII stays, the rest is escaped, so a failure message shows NUL, CR and U+FFFD.
inline QString escaped(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (u == '\\') {
            out += QStringLiteral("\\\\");
        } else if (u >= 0x20 && u < 0x7F) {
            out += QLatin1Char(c);
        } else {
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        }
    }
    return out;
}

inline QString describeEvents(const QList<SseEvent> &events, bool withOffsets)
{
    QString out;
    for (const SseEvent &event : events) {
        out += QStringLiteral("[%1|%2|%3]").arg(escaped(event.type), escaped(event.data), escaped(event.lastEventId));
        if (withOffsets) {
            out += QStringLiteral("@%1-%2").arg(event.startOffset).arg(event.endOffset);
        }
        out += QLatin1Char('\n');
    }
    return out;
}

// Everything a parser reported over one stream, split-invariant parts only (ParseError::bytes
// depends on where a too-long line was cut, so it is left out).
inline QString runParser(const QByteArray &input, const QList<qsizetype> &cuts, EventStreamParser::Limits limits = {})
{
    EventCollector sink;
    EventStreamParser parser(sink, limits);
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        parser.feed(QByteArrayView(input).sliced(from, cut - from));
        from = cut;
    }
    parser.feed(QByteArrayView(input).sliced(from));
    parser.finish();
    QString out = describeEvents(sink.events, true);
    out += QStringLiteral("retry=%1 fields=%2 lastEventId=%3 comments=%4\n")
               .arg(sink.reconnectionTimeMs ? QString::number(*sink.reconnectionTimeMs) : QStringLiteral("none"))
               .arg(sink.retryFields)
               .arg(escaped(parser.lastEventId()))
               .arg(sink.comments.size());
    for (const QByteArray &comment : std::as_const(sink.comments)) {
        out += QStringLiteral("comment:%1\n").arg(escaped(comment));
    }
    for (const ParseError &error : std::as_const(sink.errors)) {
        out += QStringLiteral("error:%1@%2 limit %3\n")
                   .arg(ParseError::kindName(error.kind))
                   .arg(error.offset)
                   .arg(error.limit);
    }
    return out;
}

// Sorted distinct cut points, chosen by a seeded generator so that a failure can be replayed.
inline QList<qsizetype> randomCuts(QRandomGenerator &random, qsizetype size)
{
    QList<qsizetype> cuts;
    if (size < 2) {
        return cuts;
    }
    const int count = int(random.bounded(qMin<qsizetype>(size - 1, 12)) + 1);
    for (int i = 0; i < count; ++i) {
        cuts.append(qsizetype(random.bounded(quint32(size - 1))) + 1);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

} // namespace SseScope::TestHelpers
