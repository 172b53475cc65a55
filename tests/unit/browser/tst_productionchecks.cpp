#include <browser/productionchecks.h>

#include <QTest>

using namespace SseScope;

namespace {

QStringList ids(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result.append(finding.id);
    }
    return result;
}

StreamSummary regular(int count, qint64 everyMs, qint64 observedMs)
{
    StreamSummary summary;
    summary.observedMs = observedMs;
    for (int i = 1; i <= count; ++i) {
        summary.chunks.append(ChunkArrival {i * everyMs, 40, 1});
        ++summary.events;
        ++summary.eventsWithId;
    }
    return summary;
}

} // namespace

class tst_ProductionChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void tokenInQuery_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("token") << QUrl(QStringLiteral("https://api/events?token=abc")) << QStringLiteral("token");
        QTest::addRow("access_token") << QUrl(QStringLiteral("https://api/e?x=1&access_token=abc"))
                                      << QStringLiteral("access_token");
        QTest::addRow("custom _token suffix")
            << QUrl(QStringLiteral("https://api/e?stream_token=abc")) << QStringLiteral("stream_token");
        QTest::addRow("JWT under another name")
            << QUrl(QStringLiteral("https://api/e?t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")) << QStringLiteral("t");
        QTest::addRow("plain query") << QUrl(QStringLiteral("https://api/e?room=42&lang=en")) << QString();
        QTest::addRow("no query") << QUrl(QStringLiteral("https://api/e")) << QString();
    }

    void tokenInQuery()
    {
        QFETCH(QUrl, url);
        QFETCH(QString, parameter);
        QCOMPARE(credentialQueryParameter(url), parameter);
        const QList<Finding> findings = checkRequestUrl(url);
        QCOMPARE(ids(findings),
            parameter.isEmpty() ? QStringList() : QStringList {QStringLiteral("request.token-in-query")});
        if (!parameter.isEmpty()) {
            QCOMPARE(findings.constFirst().detail, parameter);
            QVERIFY2(!findings.constFirst().detail.contains(QStringLiteral("abc")), "never echo the secret");
        }
    }

    void responseChecks_data()
    {
        QTest::addColumn<HttpHeaders>("requestHeaders");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<int>("status");
        QTest::addColumn<HttpHeaders>("responseHeaders");
        QTest::addColumn<QStringList>("expected");
        const QUrl url(QStringLiteral("https://api.example.com/events"));
        QTest::addRow("clean public stream")
            << HttpHeaders {} << url << 200
            << HttpHeaders {{"Cache-Control", "no-cache, no-transform"}, {"Access-Control-Allow-Origin", "*"}}
            << QStringList();
        QTest::addRow("no Cache-Control")
            << HttpHeaders {} << url << 200 << HttpHeaders {{"Access-Control-Allow-Origin", "*"}}
            << QStringList {QStringLiteral("response.no-transform-missing")};
        QTest::addRow("no-cache only") << HttpHeaders {} << url << 200 << HttpHeaders {{"Cache-Control", "no-cache"}}
                                       << QStringList {QStringLiteral("response.no-transform-missing")};
        QTest::addRow("gzip") << HttpHeaders {} << url << 200
                              << HttpHeaders {{"Cache-Control", "no-transform"}, {"Content-Encoding", "gzip"}}
                              << QStringList {QStringLiteral("response.content-encoding")};
        QTest::addRow("identity is fine")
            << HttpHeaders {} << url << 200
            << HttpHeaders {{"Cache-Control", "no-transform"}, {"Content-Encoding", "identity"}} << QStringList();
        QTest::addRow("echo without Vary") << HttpHeaders {} << url << 200
                                           << HttpHeaders {{"Cache-Control", "no-transform"},
                                                  {"Access-Control-Allow-Origin", "https://app.example.com"}}
                                           << QStringList {QStringLiteral("cors.vary-origin-missing")};
        QTest::addRow("echo with Vary in a list")
            << HttpHeaders {} << url << 200
            << HttpHeaders {{"Cache-Control", "no-transform"},
                   {"Access-Control-Allow-Origin", "https://app.example.com"}, {"Vary", "Accept-Encoding, origin"}}
            << QStringList();
        QTest::addRow("star with Authorization")
            << HttpHeaders {{"Authorization", "Bearer x"}} << url << 200
            << HttpHeaders {{"Cache-Control", "no-transform"}, {"Access-Control-Allow-Origin", "*"}}
            << QStringList {QStringLiteral("cors.wildcard-on-authenticated-stream")};
        QTest::addRow("star with a token in the URL")
            << HttpHeaders {} << QUrl(QStringLiteral("https://api.example.com/events?token=1")) << 200
            << HttpHeaders {{"Cache-Control", "no-transform"}, {"Access-Control-Allow-Origin", "*"}}
            << QStringList {QStringLiteral("cors.wildcard-on-authenticated-stream")};
        QTest::addRow("star on a 401") << HttpHeaders {} << url << 401
                                       << HttpHeaders {{"Cache-Control", "no-transform"},
                                              {"Access-Control-Allow-Origin", "*"}}
                                       << QStringList {QStringLiteral("cors.wildcard-on-authenticated-stream")};
    }

    void responseChecks()
    {
        QFETCH(HttpHeaders, requestHeaders);
        QFETCH(QUrl, url);
        QFETCH(int, status);
        QFETCH(HttpHeaders, responseHeaders);
        QFETCH(QStringList, expected);
        RequestHead request;
        request.url = url;
        request.headers = requestHeaders;
        ResponseHead response;
        response.status = status;
        response.headers = responseHeaders;
        QCOMPARE(ids(checkStreamResponse(request, response)), expected);
    }

    void connectionLimit_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<int>("open");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("HTTP/1.1, first stream")
            << QByteArray("1.1") << 1 << QStringList {QStringLiteral("http.http1-stream")};
        QTest::addRow("HTTP/1.1, sixth") << QByteArray("1.1") << 6 << QStringList {QStringLiteral("http.http1-stream")};
        QTest::addRow("HTTP/1.1, seventh waits")
            << QByteArray("1.1") << 7 << QStringList {QStringLiteral("http.connection-limit")};
        QTest::addRow("HTTP/2 multiplexes") << QByteArray("2") << 50 << QStringList();
    }

    void connectionLimit()
    {
        QFETCH(QByteArray, version);
        QFETCH(int, open);
        QFETCH(QStringList, expected);
        QCOMPARE(ids(checkConnection(version, open, BrowserProfile::chromium())), expected);
    }

    void streamChecks_data()
    {
        QTest::addColumn<StreamSummary>("summary");
        QTest::addColumn<QStringList>("expected");

        QTest::addRow("healthy: an event a second, with ids") << regular(10, 1000, 10500) << QStringList();

        StreamSummary noIds = regular(5, 1000, 5200);
        noIds.eventsWithId = 0;
        QTest::addRow("no ids") << noIds << QStringList {QStringLiteral("stream.no-ids")};

        StreamSummary quiet = regular(2, 1000, 40000);
        quiet.endedByServer = true;
        quiet.chunks.append(ChunkArrival {35000, 40, 1});
        quiet.events = quiet.eventsWithId = 3;
        QTest::addRow("33 s gap without heartbeat") << quiet << QStringList {QStringLiteral("stream.no-heartbeat")};

        // Comment lines every 10 s between sparse events keep the connection busy.
        StreamSummary withComments = quiet;
        withComments.chunks = {ChunkArrival{1000, 40, 1}, ChunkArrival{11000, 8, 0}, ChunkArrival{21000, 8, 0},
                               ChunkArrival{31000, 8, 0}, ChunkArrival{35000, 40, 1}};
        withComments.comments = 3;
        withComments.events = withComments.eventsWithId = 2;
        QTest::addRow("heartbeat comments fill the gap") << withComments << QStringList();

        StreamSummary sparseComments = quiet;
        sparseComments.comments = 1;
        QTest::addRow("comments, but still 33 s of silence")
            << sparseComments << QStringList{QStringLiteral("stream.no-heartbeat")};

        StreamSummary bursts;
        bursts.observedMs = 10000;
        for (qint64 t : {4000, 4001, 4002, 8000, 8003}) {
            bursts.chunks.append(ChunkArrival {t, 400, 4});
        }
        bursts.events = bursts.eventsWithId = 20;
        QTest::addRow("events in bursts") << bursts << QStringList {QStringLiteral("transport.buffered")};

        StreamSummary flushed = regular(20, 500, 10100);
        QTest::addRow("one event per chunk is not buffered") << flushed << QStringList();

        StreamSummary stalled = regular(5, 500, 20000);
        QTest::addRow("regular then silent") << stalled << QStringList {QStringLiteral("transport.stall")};

        StreamSummary caps = regular(3, 500, 1600);
        caps.linesTooLong = 1;
        caps.eventsTooLarge = 2;
        caps.invalidUtf8Sequences = 5;
        QTest::addRow("parser counters") << caps
                                         << QStringList {QStringLiteral("stream.line-too-long"),
                                                QStringLiteral("stream.event-too-large"),
                                                QStringLiteral("stream.invalid-utf8")};
    }

    void streamChecks()
    {
        QFETCH(StreamSummary, summary);
        QFETCH(QStringList, expected);
        QCOMPARE(ids(checkStream(summary)), expected);
    }

    void longestSilence()
    {
        StreamSummary summary = regular(3, 1000, 9000);
        QCOMPARE(longestSilenceMs(summary), qint64(6000)); // after the last chunk, still open
        summary.endedByServer = true;
        QCOMPARE(longestSilenceMs(summary), qint64(1000));
        QCOMPARE(longestSilenceMs(StreamSummary {}), qint64(0));
    }
};

Q_DECLARE_METATYPE(SseScope::StreamSummary)

QTEST_GUILESS_MAIN(tst_ProductionChecks)
#include "tst_productionchecks.moc"
