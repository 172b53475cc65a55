// The JSON report of `ssescope check`: the keys of CLI.md, exactly, with nulls where CLI.md
// shows them, and the additions beside them.

#include <session/sessionreport.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

class tst_SessionReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void hasTheKeysOfClimd()
    {
        Session session;
        SessionInfo info;
        info.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
        info.origin = QStringLiteral("http://localhost:2");
        info.credentials = CredentialsMode::Include;
        session.setInfo(info);
        SessionExchange exchange;
        exchange.id = 1;
        exchange.request.url = info.url;
        exchange.request.headers.append(QByteArrayLiteral("Origin"), QByteArrayLiteral("http://localhost:2"));
        exchange.startedMs = 0;
        session.recordExchange(exchange);
        session.appendEvents(
            {RecordedEvent {1, 12, QByteArrayLiteral("tick"), QByteArrayLiteral("{}"), QByteArrayLiteral("7")}});
        session.addFindings({makeFinding("cors.wildcard-with-credentials", QStringLiteral("*"))}, 3);
        Verdict verdict;
        verdict.failed = true;
        verdict.readyState = ReadyState::Closed;
        verdict.console = {QStringLiteral("Access to resource …")};
        session.setVerdict(verdict, 3);

        const QJsonObject report = sessionReportJson(session);
        for (const char *key : {"tool", "browser", "request", "verdict", "exchanges", "events", "findings"}) {
            QVERIFY2(report.contains(QLatin1String(key)), key);
        }
        QCOMPARE(report.value(QLatin1String("tool")).toObject().value(QLatin1String("name")).toString(),
            QStringLiteral("ssescope"));
        const QJsonObject request = report.value(QLatin1String("request")).toObject();
        QCOMPARE(request.value(QLatin1String("mode")).toString(), QStringLiteral("eventsource"));
        QCOMPARE(request.value(QLatin1String("credentials")).toString(), QStringLiteral("include"));
        const QJsonObject v = report.value(QLatin1String("verdict")).toObject();
        QCOMPARE(request.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(v.keys(),
            QStringList({QStringLiteral("console"), QStringLiteral("events"), QStringLiteral("failed"),
                QStringLiteral("opened"), QStringLiteral("readHeaders"), QStringLiteral("readyState"),
                QStringLiteral("reconnects")}));
        QCOMPARE(v.value(QLatin1String("readHeaders")).toObject(), QJsonObject()); // no --read-header
        QCOMPARE(v.value(QLatin1String("readyState")).toString(), QStringLiteral("CLOSED"));
        // CLI.md: each name the page reads maps to what response.headers.get() returned, or null.
        Session fetchSession = session;
        SessionInfo fetchInfo = info;
        fetchInfo.mode = RequestMode::Fetch;
        fetchInfo.method = QByteArrayLiteral("POST");
        fetchInfo.readHeaders = {QByteArrayLiteral("Mcp-Session-Id"), QByteArrayLiteral("Content-Type")};
        fetchSession.setInfo(fetchInfo);
        Verdict read = verdict;
        read.readHeaders = {ReadHeader {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream"),
            ReadHeaderReason::Safelisted, true}};
        fetchSession.setVerdict(read, 3);
        const QJsonObject fetchReport = sessionReportJson(fetchSession);
        QCOMPARE(fetchReport.value(QLatin1String("request")).toObject().value(QLatin1String("method")).toString(),
            QStringLiteral("POST"));
        QCOMPARE(fetchReport.value(QLatin1String("verdict")).toObject().value(QLatin1String("readHeaders")).toObject(),
            (QJsonObject {{QStringLiteral("Mcp-Session-Id"), QJsonValue(QJsonValue::Null)},
                {QStringLiteral("Content-Type"), QStringLiteral("text/event-stream")}}));
        QCOMPARE(v.value(QLatin1String("events")).toInt(), 0);
        const QJsonObject e = report.value(QLatin1String("exchanges")).toArray().at(0).toObject();
        QCOMPARE(e.value(QLatin1String("kind")).toString(), QStringLiteral("stream"));
        QVERIFY(e.value(QLatin1String("response")).isNull());
        QVERIFY(e.value(QLatin1String("firstByteMs")).isNull());
        QVERIFY(e.value(QLatin1String("endedMs")).isNull());
        QCOMPARE(e.value(QLatin1String("startedMs")).toInt(), 0);
        const QJsonArray header
            = e.value(QLatin1String("request")).toObject().value(QLatin1String("headers")).toArray().at(0).toArray();
        QCOMPARE(header, QJsonArray({QStringLiteral("Origin"), QStringLiteral("http://localhost:2")}));
        const QJsonObject ev = report.value(QLatin1String("events")).toArray().at(0).toObject();
        QCOMPARE(ev.keys(),
            QStringList({QStringLiteral("data"), QStringLiteral("lastEventId"), QStringLiteral("receivedMs"),
                QStringLiteral("type")}));
        QCOMPARE(ev.value(QLatin1String("receivedMs")).toInt(), 12);
        const QJsonObject f = report.value(QLatin1String("findings")).toArray().at(0).toObject();
        QCOMPARE(f.keys(),
            QStringList({QStringLiteral("detail"), QStringLiteral("fix"), QStringLiteral("id"),
                QStringLiteral("severity"), QStringLiteral("title")}));
        QCOMPARE(f.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QVERIFY(!f.value(QLatin1String("fix")).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SessionReport)
#include "tst_sessionreport.moc"
