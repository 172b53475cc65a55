#pragma once

// The standard's event-stream rules as data: the web-platform-tests format vectors
// (browser-rules.md §7) written as our own rows, then one row per rule. Shared by the parser's
// unit test and the differential test against the eventsource-parser npm package.

#include "parsertesthelpers.h"

#include <QByteArray>
#include <QList>

namespace SseScope::TestHelpers {

struct ParserVector
{
    const char *name;
    QByteArray input;
    QList<SseEvent> expected;
    qint64 retry; // -1: no accepted retry field
    QByteArray lastEventId; // the source's last event ID string at the end
};

// A literal with its embedded NULs.
template<size_t N> QByteArray raw(const char (&text)[N])
{
    return QByteArray(text, qsizetype(N - 1));
}

inline QList<ParserVector> standardVectors()
{
    using Events = QList<SseEvent>;
    const QByteArray msg = QByteArrayLiteral("message");
    const QByteArray twoKb(2048, 'x');
    const QByteArray fffd = QByteArrayLiteral("\xEF\xBF\xBD");
    const QByteArray bom = QByteArrayLiteral("\xEF\xBB\xBF");

    return {
        // --- web-platform-tests eventsource/format-* vectors ---
        {"wpt comment-fest",
            QByteArray(raw("data:1\r:\0\n:\r\ndata:2\n:") + twoKb + "\rdata:3\n:data:fail\r:" + twoKb + "\ndata:4\n\n"),
            Events {ev(msg, "1\n2\n3\n4")}, qint64(-1), QByteArray()},
        {"wpt newlines fest", QByteArray("data:test\r\ndata\ndata:test\r\n\r"), Events {ev(msg, "test\n\ntest")},
            qint64(-1), QByteArray()},
        {"wpt leading space", QByteArray("data:\ttest\rdata: \ndata:test\n\n"), Events {ev(msg, "\ttest\n\ntest")},
            qint64(-1), QByteArray()},
        {"wpt field parsing",
            raw("data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\n"
                "data:4\n\n"),
            Events {ev(msg, raw("\0\n 2\n1\n3\n\n4"))}, qint64(-1), QByteArray()},
        {"wpt NUL in data", raw("data:\0\n\n"), Events {ev(msg, raw("\0"))}, qint64(-1), QByteArray()},
        {"wpt id with NUL is ignored", raw("id:1\0\ndata:x\n\n"), Events {ev(msg, "x")}, qint64(-1), QByteArray()},
        {"id with NUL keeps the previous id", raw("id:1\ndata:a\n\nid:\0002\ndata:b\n\n"),
            Events {ev(msg, "a", "1"), ev(msg, "b", "1")}, qint64(-1), QByteArray("1")},
        {"wpt BOM", QByteArray(bom + "data:1\n\ndata:2\n\n"), Events {ev(msg, "1"), ev(msg, "2")}, qint64(-1),
            QByteArray()},
        {"wpt BOM x2: the second is part of the field name", QByteArray(bom + bom + "data:1\n\ndata:2\n\ndata:3\n\n"),
            Events {ev(msg, "2"), ev(msg, "3")}, qint64(-1), QByteArray()},
        {"wpt data before final empty line", QByteArray("retry:1000\ndata:test1\n\nid:test\ndata:test2"),
            Events {ev(msg, "test1")}, qint64(1000), QByteArray()},
        {"wpt event-data", QByteArray("data:msg\ndata:msg\n\n:\ndata\n\ndata:end\n\n"),
            Events {ev(msg, "msg\nmsg"), ev(msg, ""), ev(msg, "end")}, qint64(-1), QByteArray()},
        {"wpt retry bogus", QByteArray("retry:2000\ndata:x\n\nretry:1000x\ndata:x\n\n"),
            Events {ev(msg, "x"), ev(msg, "x")}, qint64(2000), QByteArray()},
        {"wpt utf-8", QByteArray("data:ok\xE2\x80\xA6\n\n"), Events {ev(msg, "ok\xE2\x80\xA6")}, qint64(-1),
            QByteArray()},
        {"wpt event field", QByteArray("event:test\ndata:x\n\ndata:x\n\n"), Events {ev("test", "x"), ev(msg, "x")},
            qint64(-1), QByteArray()},
        {"wpt event field unknown type", QByteArray("event:svg\ndata:x\n\n"), Events {ev("svg", "x")}, qint64(-1),
            QByteArray()},
        {"wpt id persists", QByteArray("id:\xE2\x80\xA6\ndata:a\n\ndata:b\n\n"),
            Events {ev(msg, "a", "\xE2\x80\xA6"), ev(msg, "b", "\xE2\x80\xA6")}, qint64(-1),
            QByteArray("\xE2\x80\xA6")},
        // --- line ends ---
        {"LF", QByteArray("data:a\n\n"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"CRLF", QByteArray("data:a\r\n\r\n"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"lone CR", QByteArray("data:a\rdata:b\r\r"), Events {ev(msg, "a\nb")}, qint64(-1), QByteArray()},
        {"LF then CR", QByteArray("data:a\n\r"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"CR then CRLF", QByteArray("data:a\r\r\n"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"CRLF is one line end, CR CR is two", QByteArray("data:a\r\n\r\rdata:b\r\n\r\n"),
            Events {ev(msg, "a"), ev(msg, "b")}, qint64(-1), QByteArray()},
        {"final CR dispatches at once", QByteArray("data:a\r\r"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        // --- fields ---
        {"one leading space removed", QByteArray("data:  a\n\n"), Events {ev(msg, " a")}, qint64(-1), QByteArray()},
        {"tab is not removed", QByteArray("data:\ta\n\n"), Events {ev(msg, "\ta")}, qint64(-1), QByteArray()},
        {"split at the first colon", QByteArray("data:a:b: c\n\n"), Events {ev(msg, "a:b: c")}, qint64(-1),
            QByteArray()},
        {"field without colon", QByteArray("data\ndata\n\n"), Events {ev(msg, "\n")}, qint64(-1), QByteArray()},
        {"field names are case-sensitive", QByteArray("DATA:a\nEvent:x\nID:3\nRetry:5\ndata:b\n\n"),
            Events {ev(msg, "b")}, qint64(-1), QByteArray()},
        {"space before the colon is part of the name", QByteArray("data :a\ndata:b\n\n"), Events {ev(msg, "b")},
            qint64(-1), QByteArray()},
        {"unknown fields ignored", QByteArray("foo:bar\ndata:a\nx\n\n"), Events {ev(msg, "a")}, qint64(-1),
            QByteArray()},
        {"comment lines", QByteArray(":hello\n: \n:\ndata:a\n:x\n\n"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"comment only block dispatches nothing", QByteArray(":keep-alive\n\n:keep-alive\n\n"), Events {}, qint64(-1),
            QByteArray()},
        // --- dispatch ---
        {"empty data buffer dispatches nothing", QByteArray("event:x\n\n\n\ndata:a\n\n"), Events {ev(msg, "a")},
            qint64(-1), QByteArray()},
        {"event type reset after an empty block", QByteArray("event:x\n\ndata:a\n\n"), Events {ev(msg, "a")},
            qint64(-1), QByteArray()},
        {"event type reset after dispatch", QByteArray("event:x\ndata:a\n\ndata:b\n\n"),
            Events {ev("x", "a"), ev(msg, "b")}, qint64(-1), QByteArray()},
        {"empty event type means message", QByteArray("event:x\nevent:\ndata:a\n\n"), Events {ev(msg, "a")}, qint64(-1),
            QByteArray()},
        {"last event type wins", QByteArray("event:x\nevent: y\ndata:a\n\n"), Events {ev("y", "a")}, qint64(-1),
            QByteArray()},
        {"only one trailing LF removed", QByteArray("data:a\ndata:\n\n"), Events {ev(msg, "a\n")}, qint64(-1),
            QByteArray()},
        {"empty data line dispatches empty string", QByteArray("data:\n\n"), Events {ev(msg, "")}, qint64(-1),
            QByteArray()},
        {"id set without data", QByteArray("id:7\n\ndata:a\n\n"), Events {ev(msg, "a", "7")}, qint64(-1),
            QByteArray("7")},
        {"empty id resets", QByteArray("id:1\ndata:a\n\nid\ndata:b\n\nid:3\n\nid:\ndata:c\n\n"),
            Events {ev(msg, "a", "1"), ev(msg, "b", ""), ev(msg, "c", "")}, qint64(-1), QByteArray()},
        {"id of an undispatched block is not committed", QByteArray("id:1\ndata:a\n\nid:2\ndata:b"),
            Events {ev(msg, "a", "1")}, qint64(-1), QByteArray("1")},
        {"id with one leading space removed", QByteArray("id:  5\ndata:a\n\n"), Events {ev(msg, "a", " 5")}, qint64(-1),
            QByteArray(" 5")},
        {"incomplete final event discarded", QByteArray("data:a\n\ndata:b\n"), Events {ev(msg, "a")}, qint64(-1),
            QByteArray()},
        {"incomplete final line discarded", QByteArray("data:a\n\ndata:b"), Events {ev(msg, "a")}, qint64(-1),
            QByteArray()},
        {"empty stream", QByteArray(), Events {}, qint64(-1), QByteArray()},
        // --- retry ---
        {"retry digits", QByteArray("retry: 2500\n"), Events {}, qint64(2500), QByteArray()},
        {"retry zero", QByteArray("retry:0\n"), Events {}, qint64(0), QByteArray()},
        {"retry leading zeros", QByteArray("retry:007\n"), Events {}, qint64(7), QByteArray()},
        {"retry empty ignored", QByteArray("retry:5\nretry:\nretry\n"), Events {}, qint64(5), QByteArray()},
        {"retry bogus ignored",
            QByteArray("retry:5\nretry:-1\nretry:+1\nretry:1.5\nretry:1 \nretry:  1\nretry:\xEF\xBC\x91\n"), Events {},
            qint64(5), QByteArray()},
        {"retry too large ignored", QByteArray("retry:5\nretry:99999999999999999999\n"), Events {}, qint64(5),
            QByteArray()},
        {"retry applies without dispatch", QByteArray("retry:10\ndata:a"), Events {}, qint64(10), QByteArray()},
        // --- BOM ---
        {"BOM then blank line", QByteArray(bom + "\ndata:a\n\n"), Events {ev(msg, "a")}, qint64(-1), QByteArray()},
        {"BOM later in the stream is not stripped", QByteArray("data:a\n\n" + bom + "data:b\n\ndata:c\n\n"),
            Events {ev(msg, "a"), ev(msg, "c")}, qint64(-1), QByteArray()},
        {"BOM inside a value is kept", QByteArray("data:" + bom + "\n\n"), Events {ev(msg, bom)}, qint64(-1),
            QByteArray()},
        {"partial BOM is invalid UTF-8",
            QByteArray("\xEF\xBB"
                       "data:a\n\ndata:b\n\n"),
            Events {ev(msg, "b")}, qint64(-1), QByteArray()},
        // --- UTF-8 decoding (Encoding standard: one U+FFFD per maximal subpart) ---
        {"lone continuation byte",
            QByteArray("data:\x80"
                       "a\n\n"),
            Events {ev(msg, fffd + "a")}, qint64(-1), QByteArray()},
        {"truncated 3-byte sequence",
            QByteArray("data:\xE2\x82"
                       "a\n\n"),
            Events {ev(msg, fffd + "a")}, qint64(-1), QByteArray()},
        {"truncated sequence at line end", QByteArray("data:\xE2\x82\n\n"), Events {ev(msg, fffd)}, qint64(-1),
            QByteArray()},
        {"truncated sequence before CR", QByteArray("data:\xF0\x9F\x98\r\r"), Events {ev(msg, fffd)}, qint64(-1),
            QByteArray()},
        {"overlong 2-byte", QByteArray("data:\xC0\xAF\n\n"), Events {ev(msg, fffd + fffd)}, qint64(-1), QByteArray()},
        {"overlong 4-byte", QByteArray("data:\xF0\x80\x80\x80\n\n"), Events {ev(msg, fffd + fffd + fffd + fffd)},
            qint64(-1), QByteArray()},
        {"surrogate", QByteArray("data:\xED\xA0\x80\n\n"), Events {ev(msg, fffd + fffd + fffd)}, qint64(-1),
            QByteArray()},
        {"above U+10FFFF", QByteArray("data:\xF4\x90\x80\x80\n\n"), Events {ev(msg, fffd + fffd + fffd + fffd)},
            qint64(-1), QByteArray()},
        {"invalid lead bytes", QByteArray("data:\xF5\xFF\xFE\n\n"), Events {ev(msg, fffd + fffd + fffd)}, qint64(-1),
            QByteArray()},
        {"broken sequence, next byte decoded again", QByteArray("data:\xE2(\xA1\n\n"),
            Events {ev(msg, fffd + "(" + fffd)}, qint64(-1), QByteArray()},
        {"valid multi-byte kept", QByteArray("data:\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n"),
            Events {ev(msg, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")}, qint64(-1), QByteArray()},
        {"invalid bytes in id and type",
            QByteArray("event:\xFF"
                       "x\nid:\xC3\ndata:a\n\n"),
            Events {ev(fffd + "x", "a", fffd)}, qint64(-1), fffd},
        {"invalid bytes in a field name",
            QByteArray("d\xFF"
                       "ata:a\ndata:b\n\n"),
            Events {ev(msg, "b")}, qint64(-1), QByteArray()},
    };
}

} // namespace SseScope::TestHelpers
