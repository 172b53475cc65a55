// EventStreamParser against the HTML standard's event-stream interpretation
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// with the web-platform-tests format vectors (browser-rules.md §7) written as rows.

#include "parsertesthelpers.h"

#include <sse/eventstreamparser.h>

#include <QRandomGenerator>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

namespace {

const QByteArray fffd = QByteArrayLiteral("\xEF\xBF\xBD");
const QByteArray bom = QByteArrayLiteral("\xEF\xBB\xBF");

// A literal with its embedded NULs.
template<size_t N>
QByteArray raw(const char (&text)[N])
{
    return QByteArray(text, qsizetype(N - 1));
}

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

    void lineTooLong_data();
    void lineTooLong();
    void eventTooLarge();
    void defaultLimits();
    void gigabyteLineStaysWithinTheCap();
    void longEventStaysWithinTheCap();
    void limitErrorsAreSplitInvariant();
};

void tst_EventStreamParser::vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<qint64>("retry"); // -1: no accepted retry field
    QTest::addColumn<QByteArray>("lastEventId"); // the source's last event ID string at the end

    using Events = QList<SseEvent>;
    const QByteArray msg = QByteArrayLiteral("message");
    const QByteArray twoKb(2048, 'x');

    // --- web-platform-tests eventsource/format-* vectors ---
    QTest::addRow("wpt comment-fest")
        << QByteArray(raw("data:1\r:\0\n:\r\ndata:2\n:") + twoKb + "\rdata:3\n:data:fail\r:" + twoKb + "\ndata:4\n\n")
        << Events{ev(msg, "1\n2\n3\n4")} << qint64(-1) << QByteArray();
    QTest::addRow("wpt newlines fest") << QByteArray("data:test\r\ndata\ndata:test\r\n\r")
                                       << Events{ev(msg, "test\n\ntest")} << qint64(-1) << QByteArray();
    QTest::addRow("wpt leading space") << QByteArray("data:\ttest\rdata: \ndata:test\n\n")
                                       << Events{ev(msg, "\ttest\n\ntest")} << qint64(-1) << QByteArray();
    QTest::addRow("wpt field parsing")
        << raw("data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\n"
                 "data:4\n\n")
        << Events{ev(msg, raw("\0\n 2\n1\n3\n\n4"))} << qint64(-1) << QByteArray();
    QTest::addRow("wpt NUL in data") << raw("data:\0\n\n") << Events{ev(msg, raw("\0"))} << qint64(-1)
                                     << QByteArray();
    QTest::addRow("wpt id with NUL is ignored")
        << raw("id:1\0\ndata:x\n\n") << Events{ev(msg, "x")} << qint64(-1) << QByteArray();
    QTest::addRow("id with NUL keeps the previous id")
        << raw("id:1\ndata:a\n\nid:\0002\ndata:b\n\n") << Events{ev(msg, "a", "1"), ev(msg, "b", "1")}
        << qint64(-1) << QByteArray("1");
    QTest::addRow("wpt BOM") << QByteArray(bom + "data:1\n\ndata:2\n\n") << Events{ev(msg, "1"), ev(msg, "2")} << qint64(-1)
                             << QByteArray();
    QTest::addRow("wpt BOM x2: the second is part of the field name")
        << QByteArray(bom + bom + "data:1\n\ndata:2\n\ndata:3\n\n") << Events{ev(msg, "2"), ev(msg, "3")} << qint64(-1)
        << QByteArray();
    QTest::addRow("wpt data before final empty line")
        << QByteArray("retry:1000\ndata:test1\n\nid:test\ndata:test2") << Events{ev(msg, "test1")} << qint64(1000)
        << QByteArray();
    QTest::addRow("wpt event-data") << QByteArray("data:msg\ndata:msg\n\n:\ndata\n\ndata:end\n\n")
                                    << Events{ev(msg, "msg\nmsg"), ev(msg, ""), ev(msg, "end")} << qint64(-1)
                                    << QByteArray();
    QTest::addRow("wpt retry bogus") << QByteArray("retry:2000\ndata:x\n\nretry:1000x\ndata:x\n\n")
                                     << Events{ev(msg, "x"), ev(msg, "x")} << qint64(2000) << QByteArray();
    QTest::addRow("wpt utf-8") << QByteArray("data:ok\xE2\x80\xA6\n\n") << Events{ev(msg, "ok\xE2\x80\xA6")}
                               << qint64(-1) << QByteArray();
    QTest::addRow("wpt event field") << QByteArray("event:test\ndata:x\n\ndata:x\n\n")
                                     << Events{ev("test", "x"), ev(msg, "x")} << qint64(-1) << QByteArray();
    QTest::addRow("wpt event field unknown type") << QByteArray("event:svg\ndata:x\n\n") << Events{ev("svg", "x")}
                                                  << qint64(-1) << QByteArray();
    QTest::addRow("wpt id persists") << QByteArray("id:\xE2\x80\xA6\ndata:a\n\ndata:b\n\n")
                                     << Events{ev(msg, "a", "\xE2\x80\xA6"), ev(msg, "b", "\xE2\x80\xA6")} << qint64(-1)
                                     << QByteArray("\xE2\x80\xA6");

    // --- line ends ---
    QTest::addRow("LF") << QByteArray("data:a\n\n") << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("CRLF") << QByteArray("data:a\r\n\r\n") << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("lone CR") << QByteArray("data:a\rdata:b\r\r") << Events{ev(msg, "a\nb")} << qint64(-1)
                             << QByteArray();
    QTest::addRow("LF then CR") << QByteArray("data:a\n\r") << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("CR then CRLF") << QByteArray("data:a\r\r\n") << Events{ev(msg, "a")} << qint64(-1)
                                  << QByteArray();
    QTest::addRow("CRLF is one line end, CR CR is two") << QByteArray("data:a\r\n\r\rdata:b\r\n\r\n")
                                                        << Events{ev(msg, "a"), ev(msg, "b")} << qint64(-1)
                                                        << QByteArray();
    QTest::addRow("final CR dispatches at once") << QByteArray("data:a\r\r") << Events{ev(msg, "a")} << qint64(-1)
                                                 << QByteArray();

    // --- fields ---
    QTest::addRow("one leading space removed") << QByteArray("data:  a\n\n") << Events{ev(msg, " a")} << qint64(-1)
                                               << QByteArray();
    QTest::addRow("tab is not removed") << QByteArray("data:\ta\n\n") << Events{ev(msg, "\ta")} << qint64(-1)
                                        << QByteArray();
    QTest::addRow("split at the first colon") << QByteArray("data:a:b: c\n\n") << Events{ev(msg, "a:b: c")}
                                              << qint64(-1) << QByteArray();
    QTest::addRow("field without colon") << QByteArray("data\ndata\n\n") << Events{ev(msg, "\n")} << qint64(-1)
                                         << QByteArray();
    QTest::addRow("field names are case-sensitive") << QByteArray("DATA:a\nEvent:x\nID:3\nRetry:5\ndata:b\n\n")
                                                    << Events{ev(msg, "b")} << qint64(-1) << QByteArray();
    QTest::addRow("space before the colon is part of the name") << QByteArray("data :a\ndata:b\n\n")
                                                                << Events{ev(msg, "b")} << qint64(-1) << QByteArray();
    QTest::addRow("unknown fields ignored") << QByteArray("foo:bar\ndata:a\nx\n\n") << Events{ev(msg, "a")}
                                            << qint64(-1) << QByteArray();
    QTest::addRow("comment lines") << QByteArray(":hello\n: \n:\ndata:a\n:x\n\n") << Events{ev(msg, "a")}
                                   << qint64(-1) << QByteArray();
    QTest::addRow("comment only block dispatches nothing") << QByteArray(":keep-alive\n\n:keep-alive\n\n")
                                                           << Events{} << qint64(-1) << QByteArray();

    // --- dispatch ---
    QTest::addRow("empty data buffer dispatches nothing") << QByteArray("event:x\n\n\n\ndata:a\n\n")
                                                          << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("event type reset after an empty block") << QByteArray("event:x\n\ndata:a\n\n")
                                                           << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("event type reset after dispatch") << QByteArray("event:x\ndata:a\n\ndata:b\n\n")
                                                     << Events{ev("x", "a"), ev(msg, "b")} << qint64(-1)
                                                     << QByteArray();
    QTest::addRow("empty event type means message") << QByteArray("event:x\nevent:\ndata:a\n\n")
                                                    << Events{ev(msg, "a")} << qint64(-1) << QByteArray();
    QTest::addRow("last event type wins") << QByteArray("event:x\nevent: y\ndata:a\n\n") << Events{ev("y", "a")}
                                          << qint64(-1) << QByteArray();
    QTest::addRow("only one trailing LF removed") << QByteArray("data:a\ndata:\n\n") << Events{ev(msg, "a\n")}
                                                  << qint64(-1) << QByteArray();
    QTest::addRow("empty data line dispatches empty string") << QByteArray("data:\n\n") << Events{ev(msg, "")}
                                                             << qint64(-1) << QByteArray();
    QTest::addRow("id set without data") << QByteArray("id:7\n\ndata:a\n\n") << Events{ev(msg, "a", "7")}
                                         << qint64(-1) << QByteArray("7");
    QTest::addRow("empty id resets") << QByteArray("id:1\ndata:a\n\nid\ndata:b\n\nid:3\n\nid:\ndata:c\n\n")
                                     << Events{ev(msg, "a", "1"), ev(msg, "b", ""), ev(msg, "c", "")} << qint64(-1)
                                     << QByteArray();
    QTest::addRow("id of an undispatched block is not committed") << QByteArray("id:1\ndata:a\n\nid:2\ndata:b")
                                                                  << Events{ev(msg, "a", "1")} << qint64(-1)
                                                                  << QByteArray("1");
    QTest::addRow("id with one leading space removed") << QByteArray("id:  5\ndata:a\n\n")
                                                       << Events{ev(msg, "a", " 5")} << qint64(-1) << QByteArray(" 5");
    QTest::addRow("incomplete final event discarded") << QByteArray("data:a\n\ndata:b\n") << Events{ev(msg, "a")}
                                                      << qint64(-1) << QByteArray();
    QTest::addRow("incomplete final line discarded") << QByteArray("data:a\n\ndata:b") << Events{ev(msg, "a")}
                                                     << qint64(-1) << QByteArray();
    QTest::addRow("empty stream") << QByteArray() << Events{} << qint64(-1) << QByteArray();

    // --- retry ---
    QTest::addRow("retry digits") << QByteArray("retry: 2500\n") << Events{} << qint64(2500) << QByteArray();
    QTest::addRow("retry zero") << QByteArray("retry:0\n") << Events{} << qint64(0) << QByteArray();
    QTest::addRow("retry leading zeros") << QByteArray("retry:007\n") << Events{} << qint64(7) << QByteArray();
    QTest::addRow("retry empty ignored") << QByteArray("retry:5\nretry:\nretry\n") << Events{} << qint64(5)
                                         << QByteArray();
    QTest::addRow("retry bogus ignored")
        << QByteArray("retry:5\nretry:-1\nretry:+1\nretry:1.5\nretry:1 \nretry:  1\nretry:\xEF\xBC\x91\n")
        << Events{} << qint64(5) << QByteArray();
    QTest::addRow("retry too large ignored") << QByteArray("retry:5\nretry:99999999999999999999\n") << Events{}
                                             << qint64(5) << QByteArray();
    QTest::addRow("retry applies without dispatch") << QByteArray("retry:10\ndata:a") << Events{} << qint64(10)
                                                    << QByteArray();

    // --- BOM ---
    QTest::addRow("BOM then blank line") << QByteArray(bom + "\ndata:a\n\n") << Events{ev(msg, "a")} << qint64(-1)
                                         << QByteArray();
    QTest::addRow("BOM later in the stream is not stripped") << QByteArray("data:a\n\n" + bom + "data:b\n\ndata:c\n\n")
                                                             << Events{ev(msg, "a"), ev(msg, "c")} << qint64(-1)
                                                             << QByteArray();
    QTest::addRow("BOM inside a value is kept") << QByteArray("data:" + bom + "\n\n") << Events{ev(msg, bom)} << qint64(-1)
                                                << QByteArray();
    QTest::addRow("partial BOM is invalid UTF-8") << QByteArray("\xEF\xBB" "data:a\n\ndata:b\n\n")
                                                  << Events{ev(msg, "b")} << qint64(-1) << QByteArray();

    // --- UTF-8 decoding (Encoding standard: one U+FFFD per maximal subpart) ---
    QTest::addRow("lone continuation byte") << QByteArray("data:\x80" "a\n\n") << Events{ev(msg, fffd + "a")}
                                            << qint64(-1) << QByteArray();
    QTest::addRow("truncated 3-byte sequence") << QByteArray("data:\xE2\x82" "a\n\n") << Events{ev(msg, fffd + "a")}
                                               << qint64(-1) << QByteArray();
    QTest::addRow("truncated sequence at line end") << QByteArray("data:\xE2\x82\n\n") << Events{ev(msg, fffd)}
                                                    << qint64(-1) << QByteArray();
    QTest::addRow("truncated sequence before CR") << QByteArray("data:\xF0\x9F\x98\r\r") << Events{ev(msg, fffd)}
                                                  << qint64(-1) << QByteArray();
    QTest::addRow("overlong 2-byte") << QByteArray("data:\xC0\xAF\n\n") << Events{ev(msg, fffd + fffd)} << qint64(-1)
                                     << QByteArray();
    QTest::addRow("overlong 4-byte") << QByteArray("data:\xF0\x80\x80\x80\n\n")
                                     << Events{ev(msg, fffd + fffd + fffd + fffd)} << qint64(-1) << QByteArray();
    QTest::addRow("surrogate") << QByteArray("data:\xED\xA0\x80\n\n") << Events{ev(msg, fffd + fffd + fffd)}
                               << qint64(-1) << QByteArray();
    QTest::addRow("above U+10FFFF") << QByteArray("data:\xF4\x90\x80\x80\n\n")
                                    << Events{ev(msg, fffd + fffd + fffd + fffd)} << qint64(-1) << QByteArray();
    QTest::addRow("invalid lead bytes") << QByteArray("data:\xF5\xFF\xFE\n\n") << Events{ev(msg, fffd + fffd + fffd)}
                                        << qint64(-1) << QByteArray();
    QTest::addRow("broken sequence, next byte decoded again") << QByteArray("data:\xE2(\xA1\n\n")
                                                              << Events{ev(msg, fffd + "(" + fffd)} << qint64(-1)
                                                              << QByteArray();
    QTest::addRow("valid multi-byte kept") << QByteArray("data:\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n")
                                           << Events{ev(msg, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")} << qint64(-1)
                                           << QByteArray();
    QTest::addRow("invalid bytes in id and type") << QByteArray("event:\xFF" "x\nid:\xC3\ndata:a\n\n")
                                                  << Events{ev(fffd + "x", "a", fffd)} << qint64(-1) << fffd;
    QTest::addRow("invalid bytes in a field name") << QByteArray("d\xFF" "ata:a\ndata:b\n\n") << Events{ev(msg, "b")}
                                                   << qint64(-1) << QByteArray();
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
        void event(const SseEvent &) override {}
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
    QCOMPARE(sink.comments, (QStringList{QStringLiteral(" heartbeat@0"), QStringLiteral("@37")}));
    QCOMPARE(sink.fields, (QStringList{QStringLiteral("100=100@12"), QStringLiteral("=-@22"), QStringLiteral("x=-@29")}));
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

void tst_EventStreamParser::lineTooLong_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");

    const EventStreamParser::Limits limits{16, 1024};
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
    const EventStreamParser::Limits limits{16, 1024};
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
    const EventStreamParser::Limits limits{64, 100};
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
    const EventStreamParser::Limits limits{4096, 16384};
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
    const EventStreamParser::Limits limits{4096, 65536};
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
    const EventStreamParser::Limits limits{24, 48};
    const QByteArray input = "data:" + QByteArray(30, 'a') + "\n\n:" + QByteArray(40, 'c') + "\rdata:0123456789\r\n"
        + "data:0123456789\ndata:0123456789\ndata:0123456789\ndata:0123456789\n\ndata:" + QByteArray(19, 'z') + "\r\n\r\n";
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

QTEST_GUILESS_MAIN(tst_EventStreamParser)
#include "tst_eventstreamparser.moc"
