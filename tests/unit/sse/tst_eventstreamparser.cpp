// EventStreamParser against the HTML standard's event-stream interpretation
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// with the web-platform-tests format vectors (browser-rules.md §7) written as rows.

#include "parsertesthelpers.h"
#include "parservectors.h"

#include <sse/eventstreamparser.h>

#include <QRandomGenerator>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

namespace {

const QByteArray bom = QByteArrayLiteral("\xEF\xBB\xBF");

} // namespace

class tst_EventStreamParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void vectors_data();
    void vectors();
    void everySplitGivesTheSameResult_data() { vectors_data(); }
    void everySplitGivesTheSameResult();

    void offsets();
    void commentsAndRetryFields();
    void finishKeepsLastEventIdAndRetryForTheReconnection();
    void lastEventIdSetWithoutData();
    void eventsSayWhetherTheyHadAnId();

    void lineTooLong_data();
    void lineTooLong();
    void eventTooLarge();
    void defaultLimits();
    void gigabyteLineStaysWithinTheCap();
    void longEventStaysWithinTheCap();
    void limitErrorsAreSplitInvariant();
    void randomStreamsAreSplitInvariant();
};

void tst_EventStreamParser::vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<qint64>("retry"); // -1: no accepted retry field
    QTest::addColumn<QByteArray>("lastEventId"); // the source's last event ID string at the end

    const QList<ParserVector> vectors = standardVectors();
    for (const ParserVector &vector : vectors) {
        QTest::addRow("%s", vector.name) << vector.input << vector.expected << vector.retry << vector.lastEventId;
    }
}

void tst_EventStreamParser::vectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(qint64, retry);
    QFETCH(QByteArray, lastEventId);

    EventCollector sink;
    EventStreamParser parser(sink);
    parser.feed(input);
    parser.finish();
    QCOMPARE(describeEvents(sink.events, false), describeEvents(expected, false));
    QCOMPARE(sink.reconnectionTimeMs.value_or(-1), retry);
    QCOMPARE(parser.reconnectionTimeMs().value_or(-1), retry);
    QCOMPARE(escaped(parser.lastEventId()), escaped(lastEventId));
    QCOMPARE(parser.eventCount(), qint64(expected.size()));
    QVERIFY(sink.errors.isEmpty());
}

void tst_EventStreamParser::everySplitGivesTheSameResult()
{
    QFETCH(QByteArray, input);
    const QString whole = runParser(input, {});
    const qsizetype n = input.size();

    // Every single split point.
    for (qsizetype i = 1; i < n; ++i) {
        const QString split = runParser(input, {i});
        if (split != whole) {
            QCOMPARE(split, whole); // prints both; the loop index is below
            QFAIL(qPrintable(QStringLiteral("split at %1").arg(i)));
        }
    }
    // One byte at a time.
    QList<qsizetype> all;
    for (qsizetype i = 1; i < n; ++i) {
        all.append(i);
    }
    QCOMPARE(runParser(input, all), whole);
    // Every pair of split points, for the short vectors.
    if (n <= 100) {
        for (qsizetype i = 1; i < n; ++i) {
            for (qsizetype j = i + 1; j < n; ++j) {
                const QString split = runParser(input, {i, j});
                if (split != whole) {
                    QCOMPARE(split, whole);
                    QFAIL(qPrintable(QStringLiteral("split at %1 and %2").arg(i).arg(j)));
                }
            }
        }
    }
    // Random splits, reproducible: the seed is the row's name.
    QRandomGenerator random(qHash(QByteArray(QTest::currentDataTag())));
    for (int round = 0; round < 200; ++round) {
        const QList<qsizetype> cuts = randomCuts(random, n);
        const QString split = runParser(input, cuts);
        if (split != whole) {
            QCOMPARE(split, whole);
            QFAIL(qPrintable(QStringLiteral("random round %1").arg(round)));
        }
    }
}

void tst_EventStreamParser::offsets()
{
    // "id:1\n" 0-4, "data:a\n" 5-11, "\n" 12 | ":c\n" 13-15, "data:b\r\n" 16-23, "\r\n" 24-25
    const QByteArray input("id:1\ndata:a\n\n:c\ndata:b\r\n\r\n");
    EventCollector sink;
    EventStreamParser parser(sink);
    parser.feed(input);
    QCOMPARE(sink.events.size(), 2);
    QCOMPARE(sink.events.at(0).startOffset, 0);
    QCOMPARE(sink.events.at(0).endOffset, 13);
    QCOMPARE(sink.events.at(1).startOffset, 13);
    QCOMPARE(sink.events.at(1).endOffset, 25);
    QCOMPARE(parser.offset(), input.size());

    // The BOM counts as stream bytes.
    sink.clear();
    parser.finish();
    parser.feed(QByteArray(bom + "data:x\n\n"));
    QCOMPARE(sink.events.size(), 1);
    QCOMPARE(sink.events.at(0).startOffset, 0);
    QCOMPARE(sink.events.at(0).endOffset, 11);
}

void tst_EventStreamParser::commentsAndRetryFields()
{
    struct RecordingSink final : EventStreamSink
    {
        void event(const SseEvent &) override { }
        void retry(const RetryField &field) override
        {
            fields.append(QStringLiteral("%1=%2@%3")
                              .arg(QString::fromUtf8(field.value.toByteArray()),
                                  field.milliseconds ? QString::number(*field.milliseconds) : QStringLiteral("-"))
                              .arg(field.offset));
        }
        void comment(QByteArrayView text, qint64 offset) override
        {
            comments.append(QStringLiteral("%1@%2").arg(QString::fromUtf8(text.toByteArray())).arg(offset));
        }
        QStringList fields;
        QStringList comments;
    } sink;
    EventStreamParser parser(sink);
    parser.feed(": heartbeat\nretry:100\nretry:\nretry:x\n:\n");
    QCOMPARE(sink.comments, (QStringList {QStringLiteral(" heartbeat@0"), QStringLiteral("@37")}));
    QCOMPARE(
        sink.fields, (QStringList {QStringLiteral("100=100@12"), QStringLiteral("=-@22"), QStringLiteral("x=-@29")}));
    QCOMPARE(parser.commentCount(), 2);
    QCOMPARE(parser.reconnectionTimeMs(), std::optional<qint64>(100));
}

void tst_EventStreamParser::finishKeepsLastEventIdAndRetryForTheReconnection()
{
    EventCollector sink;
    EventStreamParser parser(sink);
    parser.feed("retry:1500\nid:5\ndata:a\n\nid:6\ndata:b");
    parser.finish();
    QCOMPARE(sink.events.size(), 1);
    QCOMPARE(parser.lastEventId(), QByteArray("5"));

    // The reconnection's body: BOM stripped again, offsets from 0, the id carried over.
    parser.feed(QByteArray(bom + "data:c\n\n"));
    QCOMPARE(sink.events.size(), 2);
    QCOMPARE(sink.events.at(1).data, QByteArray("c"));
    QCOMPARE(sink.events.at(1).lastEventId, QByteArray("5"));
    QCOMPARE(sink.events.at(1).startOffset, 0);
    QCOMPARE(parser.reconnectionTimeMs(), std::optional<qint64>(1500));

    // A line cut by the end of the first body does not leak into the next one.
    parser.feed("data:d");
    parser.finish();
    parser.feed("\ndata:e\n\n");
    QCOMPARE(sink.events.size(), 3);
    QCOMPARE(sink.events.at(2).data, QByteArray("e"));
    // Nor does a CR whose LF would start the next body.
    parser.feed("data:f\r");
    parser.finish();
    parser.feed("\n");
    QCOMPARE(sink.events.size(), 3);
    parser.feed("data:g\n\n");
    QCOMPARE(sink.events.size(), 4);
}

void tst_EventStreamParser::lastEventIdSetWithoutData()
{
    EventCollector sink;
    EventStreamParser parser(sink);
    parser.feed("id:42\n");
    QCOMPARE(parser.lastEventId(), QByteArray()); // not yet: set at dispatch
    parser.feed("\n");
    QCOMPARE(parser.lastEventId(), QByteArray("42"));
    QVERIFY(sink.events.isEmpty());
}

// MessageEvent.lastEventId stays the same for events without an id field: hasId tells them apart
// (ReplayCheck counts only events with an id of their own). A block with an id but no data, and a
// dropped block, leave no hasId behind for the next event.
void tst_EventStreamParser::eventsSayWhetherTheyHadAnId()
{
    EventCollector sink;
    EventStreamParser parser(sink);
    parser.feed("id:1\ndata:a\n\ndata:b\n\nid:2\n\ndata:c\n\nid\ndata:d\n\ndata:e\nid:3\n\n");
    QCOMPARE(sink.events.size(), 5);
    const QList<bool> hasId {true, false, false, true, true};
    const QList<QByteArray> lastIds {"1", "1", "2", "", "3"};
    for (qsizetype i = 0; i < sink.events.size(); ++i) {
        QCOMPARE(sink.events.at(i).hasId, hasId.at(i));
        QCOMPARE(sink.events.at(i).lastEventId, lastIds.at(i));
    }
}

void tst_EventStreamParser::lineTooLong_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");

    const EventStreamParser::Limits limits {16, 1024};
    Q_UNUSED(limits)
    const QByteArray longData = "data:" + QByteArray(20, 'a');
    QTest::addRow("data line: skipped, its event dropped, recovery at the next line")
        << QByteArray(longData + "\ndata:b\n\ndata:ok\n\n")
        << QStringLiteral("[message|ok|]@34-43\nretry=none fields=0 lastEventId= comments=0\n"
                          "error:LineTooLong@0 limit 16\n");
    QTest::addRow("data line after others drops the event")
        << QByteArray("data:a\n" + longData + "\n\ndata:ok\n\n")
        << QStringLiteral("[message|ok|]@34-43\nretry=none fields=0 lastEventId= comments=0\n"
                          "error:LineTooLong@7 limit 16\n");
    QTest::addRow("comment line: skipped, the event stays")
        << QByteArray("data:a\n:" + QByteArray(30, 'c') + "\n\n")
        << QStringLiteral("[message|a|]@0-40\nretry=none fields=0 lastEventId= comments=0\n"
                          "error:LineTooLong@7 limit 16\n");
    QTest::addRow("exactly at the limit is fine") << QByteArray("data:0123456789a\n\n")
                                                  << QStringLiteral("[message|0123456789a|]@0-18\n"
                                                                    "retry=none fields=0 lastEventId= comments=0\n");
    QTest::addRow("CR ends the long line") << QByteArray(longData + "\r\n\r\ndata:ok\r\n\r\n")
                                           << QStringLiteral("[message|ok|]@29-39\n"
                                                             "retry=none fields=0 lastEventId= comments=0\n"
                                                             "error:LineTooLong@0 limit 16\n");
    QTest::addRow("unterminated long line at the end") << QByteArray("data:ok\n\n" + longData)
                                                       << QStringLiteral("[message|ok|]@0-9\n"
                                                                         "retry=none fields=0 lastEventId= comments=0\n"
                                                                         "error:LineTooLong@9 limit 16\n");
}

void tst_EventStreamParser::lineTooLong()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    const EventStreamParser::Limits limits {16, 1024};
    QCOMPARE(runParser(input, {}, limits), expected);
    for (qsizetype i = 1; i < input.size(); ++i) {
        const QString split = runParser(input, {i}, limits);
        if (split != expected) {
            QCOMPARE(split, expected);
            QFAIL(qPrintable(QStringLiteral("split at %1").arg(i)));
        }
    }
}

void tst_EventStreamParser::eventTooLarge()
{
    const EventStreamParser::Limits limits {64, 100};
    const QByteArray line = "data:" + QByteArray(39, 'x') + '\n'; // 40 bytes in the data buffer
    const QByteArray input = "id:1\n" + line + line + line + "id:2\n" + line + "\ndata:ok\n\n";
    EventCollector sink;
    EventStreamParser parser(sink, limits);
    parser.feed(input);
    QCOMPARE(sink.errors.size(), 1);
    QCOMPARE(sink.errors.at(0).kind, ParseErrorKind::EventTooLarge);
    QCOMPARE(sink.errors.at(0).offset, 0);
    QCOMPARE(sink.errors.at(0).bytes, 120);
    QCOMPARE(sink.errors.at(0).limit, 100);
    QVERIFY(sink.errors.at(0).message().contains(QLatin1String("100")));
    // The oversized event is not dispatched, its id still counts, the next event is whole.
    QCOMPARE(describeEvents(sink.events, false), describeEvents({ev("message", "ok", "2")}, false));
}

void tst_EventStreamParser::defaultLimits()
{
    const EventStreamParser::Limits limits;
    QCOMPARE(limits.maxLineBytes, 4 * 1024 * 1024);
    QCOMPARE(limits.maxEventBytes, 16 * 1024 * 1024);

    EventCollector sink;
    EventStreamParser parser(sink);
    const QByteArray big(3 * 1024 * 1024, 'x');
    parser.feed(QByteArray("data:" + big + "\n\n"));
    QCOMPARE(sink.events.size(), 1);
    QCOMPARE(sink.events.at(0).data.size(), big.size());
    parser.feed(QByteArray("data:" + big + big + "\n\n"));
    QCOMPARE(sink.events.size(), 1);
    QCOMPARE(sink.errors.size(), 1);
    QCOMPARE(sink.errors.at(0).kind, ParseErrorKind::LineTooLong);
    QCOMPARE(sink.errors.at(0).limit, 4 * 1024 * 1024);
    // Six 3 MiB lines make one 18 MiB event: over the event cap.
    for (int i = 0; i < 6; ++i) {
        parser.feed(QByteArray("data:" + big + "\n"));
    }
    parser.feed("\n");
    QCOMPARE(sink.events.size(), 1);
    QCOMPARE(sink.errors.size(), 2);
    QCOMPARE(sink.errors.at(1).kind, ParseErrorKind::EventTooLarge);
}

void tst_EventStreamParser::gigabyteLineStaysWithinTheCap()
{
    // A stream that never sends a line end: memory stays within the line cap however much arrives.
    // 64 MiB here stands for the gigabyte; the check is on every chunk, so the bound is the same.
    const EventStreamParser::Limits limits {4096, 16384};
    EventCollector sink;
    EventStreamParser parser(sink, limits);
    parser.feed("data:ok\n\ndata:");
    const QByteArray chunk(64 * 1024, 'a');
    qint64 maxBuffered = 0;
    for (int i = 0; i < 1024; ++i) {
        parser.feed(chunk);
        maxBuffered = qMax(maxBuffered, parser.bufferedBytes());
    }
    QVERIFY2(maxBuffered <= 3 * limits.maxLineBytes, qPrintable(QString::number(maxBuffered)));
    QCOMPARE(sink.errors.size(), 1);
    QCOMPARE(sink.errors.at(0).kind, ParseErrorKind::LineTooLong);
    QCOMPARE(sink.errors.at(0).offset, 9);
    QVERIFY(sink.errors.at(0).bytes > limits.maxLineBytes);
    // The block the long line was in is dropped; the next block is whole.
    parser.feed("\ndata:lost\n\ndata:after\n\n");
    QCOMPARE(describeEvents(sink.events, false), describeEvents({ev("message", "ok"), ev("message", "after")}, false));
}

void tst_EventStreamParser::longEventStaysWithinTheCap()
{
    // An event whose blank line never comes: data lines keep arriving.
    const EventStreamParser::Limits limits {4096, 65536};
    EventCollector sink;
    EventStreamParser parser(sink, limits);
    const QByteArray line = "data:" + QByteArray(1000, 'd') + "\n";
    QByteArray chunk;
    for (int i = 0; i < 64; ++i) {
        chunk += line;
    }
    qint64 maxBuffered = 0;
    for (int i = 0; i < 512; ++i) {
        parser.feed(chunk);
        maxBuffered = qMax(maxBuffered, parser.bufferedBytes());
    }
    QVERIFY2(maxBuffered <= 2 * (limits.maxLineBytes + limits.maxEventBytes), qPrintable(QString::number(maxBuffered)));
    QCOMPARE(sink.errors.size(), 1);
    QCOMPARE(sink.errors.at(0).kind, ParseErrorKind::EventTooLarge);
    parser.feed("\ndata:after\n\n");
    QCOMPARE(describeEvents(sink.events, false), describeEvents({ev("message", "after")}, false));
}

void tst_EventStreamParser::limitErrorsAreSplitInvariant()
{
    const EventStreamParser::Limits limits {24, 48};
    const QByteArray input = "data:" + QByteArray(30, 'a') + "\n\n:" + QByteArray(40, 'c') + "\rdata:0123456789\r\n"
        + "data:0123456789\ndata:0123456789\ndata:0123456789\ndata:0123456789\n\ndata:" + QByteArray(19, 'z')
        + "\r\n\r\n";
    const QString whole = runParser(input, {}, limits);
    QVERIFY(whole.contains(QLatin1String("error:LineTooLong@0")));
    QVERIFY(whole.contains(QLatin1String("error:EventTooLarge@")));
    QVERIFY(whole.contains(QLatin1String("[message|zzzzzzzzzzzzzzzzzzz|]")));
    QRandomGenerator random(20261124);
    for (int round = 0; round < 2000; ++round) {
        const QList<qsizetype> cuts = randomCuts(random, input.size());
        const QString split = runParser(input, cuts, limits);
        if (split != whole) {
            QCOMPARE(split, whole);
            QFAIL(qPrintable(QStringLiteral("random round %1").arg(round)));
        }
    }
}

// Random byte soup over the tokens that matter, with limits small enough to be crossed often:
// any chunking gives the same events, comments, retry fields and errors.
void tst_EventStreamParser::randomStreamsAreSplitInvariant()
{
    static const QByteArray tokens[] = {
        "data:",
        "data: ",
        "data",
        "id:",
        "id: 1",
        "event:",
        "event: e",
        "retry:",
        "retry:15",
        ":",
        " ",
        "x",
        "yyyyyyyy",
        "\n",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        QByteArray("\0", 1),
        "\xEF\xBB\xBF",
        "\xC3\xA9",
        "\xE2\x82",
        "\xF0\x9F\x98\x80",
        "\xFF",
        "\x80",
    };
    constexpr int tokenCount = int(sizeof(tokens) / sizeof(tokens[0]));
    const EventStreamParser::Limits limits {12, 24};
    QRandomGenerator random(4242);
    for (int stream = 0; stream < 300; ++stream) {
        QByteArray input;
        const int length = int(random.bounded(60));
        for (int i = 0; i < length; ++i) {
            input += tokens[random.bounded(tokenCount)];
        }
        const QString whole = runParser(input, {}, limits);
        for (int round = 0; round < 20; ++round) {
            const QString split = runParser(input, randomCuts(random, input.size()), limits);
            if (split != whole) {
                QCOMPARE(split, whole);
                QFAIL(qPrintable(QStringLiteral("stream %1 round %2: %3").arg(stream).arg(round).arg(escaped(input))));
            }
        }
    }
}

QTEST_GUILESS_MAIN(tst_EventStreamParser)
#include "tst_eventstreamparser.moc"
