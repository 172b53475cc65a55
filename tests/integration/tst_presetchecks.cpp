// `ssescope check` against `ssescope serve --preset NAME` for the fetch presets of issue 18 (LLM
// chat streams and MCP's Streamable HTTP): the check sends what the preset's page sends (method,
// body, Content-Type, headers, credentials, the headers it reads) and its verdict, console text,
// read headers and findings are what the preset's "expect" block and this table say.

#include <scenario/presetlibrary.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace SseScope;

namespace {

const QString kSsescope = QStringLiteral(SSESCOPE_BINARY_DIR "/app/ssescope");

// The arguments of `ssescope check` that do what the preset's page does.
QStringList checkArguments(const Scenario &s, const QString &api, const QString &page)
{
    QStringList args {api + s.client.path, QStringLiteral("--origin"), page, QStringLiteral("--mode"),
        clientModeName(s.client.mode), QStringLiteral("--method"), s.client.method};
    if (s.client.body) {
        args += {QStringLiteral("--data"), *s.client.body};
    }
    if (s.client.contentType) {
        args += {QStringLiteral("--header"), QStringLiteral("Content-Type: ") + *s.client.contentType};
    }
    for (const HttpHeader &h : s.client.headers.lines()) {
        args += {QStringLiteral("--header"),
            QString::fromLatin1(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value)};
    }
    for (const QString &name : s.client.readHeaders) {
        args += {QStringLiteral("--read-header"), name};
    }
    if (s.client.withCredentials) {
        args += QStringLiteral("--with-credentials");
    }
    return args + QStringList {QStringLiteral("--duration"), QStringLiteral("3"), QStringLiteral("--json")};
}

} // namespace

class tst_PresetChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void preset_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("finding"); // a finding the report must hold
        QTest::addColumn<int>("requests"); // exchanges in the report: the preflight, then the POST
        QTest::addRow("chat-stream") << QStringLiteral("chat-stream") << QStringLiteral("preflight.required") << 2;
        QTest::addRow("chat-content-type-not-allowed")
            << QStringLiteral("chat-content-type-not-allowed") << QStringLiteral("preflight.header-not-allowed") << 1;
        QTest::addRow("chat-authorization-not-allowed")
            << QStringLiteral("chat-authorization-not-allowed") << QStringLiteral("preflight.header-not-allowed") << 1;
        QTest::addRow("chat-allow-headers-wildcard-credentials")
            << QStringLiteral("chat-allow-headers-wildcard-credentials")
            << QStringLiteral("preflight.header-not-allowed") << 1;
        QTest::addRow("chat-post-not-in-allow-methods")
            << QStringLiteral("chat-post-not-in-allow-methods") << QStringLiteral("preflight.required") << 2;
        QTest::addRow("chat-json-instead-of-stream")
            << QStringLiteral("chat-json-instead-of-stream") << QStringLiteral("fetch.not-event-stream") << 2;
        QTest::addRow("chat-buffering-proxy")
            << QStringLiteral("chat-buffering-proxy") << QStringLiteral("preflight.required") << 2;
        QTest::addRow("mcp-streamable-http")
            << QStringLiteral("mcp-streamable-http") << QStringLiteral("preflight.required") << 2;
        // DELETE is not safelisted (unlike chat-post-not-in-allow-methods' POST): only the preflight.
        QTest::addRow("mcp-delete-not-in-allow-methods")
            << QStringLiteral("mcp-delete-not-in-allow-methods") << QStringLiteral("preflight.method-not-allowed") << 1;
        QTest::addRow("mcp-session-id-not-exposed")
            << QStringLiteral("mcp-session-id-not-exposed") << QStringLiteral("fetch.header-not-exposed") << 2;
    }
    void preset()
    {
        QFETCH(QString, name);
        QFETCH(QString, finding);
        QFETCH(int, requests);
        const std::optional<Scenario> scenario = PresetLibrary::preset(name);
        QVERIFY(scenario);
        const Expectation &expect = scenario->expect;

        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.start(kSsescope, {QStringLiteral("serve"), QStringLiteral("--preset"), name});
        QVERIFY(server.waitForStarted(10000));
        while (!server.canReadLine()) {
            QVERIFY2(server.waitForReadyRead(10000), server.readAllStandardError().constData());
        }
        const QJsonObject ready = QJsonDocument::fromJson(server.readLine()).object();
        const QString api = ready.value(QLatin1String("api")).toString();
        const QString page = ready.value(QLatin1String("page")).toString();
        QVERIFY(!api.isEmpty() && !page.isEmpty());

        QProcess check;
        check.start(kSsescope, QStringList {QStringLiteral("check")} + checkArguments(*scenario, api, page));
        QVERIFY(check.waitForFinished(20000));
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        const QByteArray out = check.readAllStandardOutput();
        const QByteArray context = out + '\n' + check.readAllStandardError();
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QVERIFY2(!report.isEmpty(), context.constData());

        // Exit 0 exactly when the browser opens the stream (CLI.md).
        QCOMPARE(check.exitCode(), expect.opened ? 0 : 1);
        const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
        QVERIFY2(verdict.value(QLatin1String("opened")).toBool() == expect.opened, context.constData());
        QVERIFY2(verdict.value(QLatin1String("failed")).toBool() == expect.failed, context.constData());
        const int events = verdict.value(QLatin1String("events")).toInt(-1);
        QVERIFY2(events >= expect.minEvents && (!expect.maxEvents || events <= *expect.maxEvents), context.constData());
        if (!expect.console.isEmpty()) {
            const QJsonArray console = verdict.value(QLatin1String("console")).toArray();
            QVERIFY2(!console.isEmpty() && console.at(0).toString().contains(expect.console), context.constData());
        }
        const QJsonObject readHeaders = verdict.value(QLatin1String("readHeaders")).toObject();
        for (auto it = expect.readHeaders.cbegin(); it != expect.readHeaders.cend(); ++it) {
            QVERIFY2(readHeaders.contains(it.key()), context.constData());
            const QJsonValue got = readHeaders.value(it.key());
            QVERIFY2(
                it.value().matches(got.isString() ? std::optional<QString>(got.toString()) : std::optional<QString>()),
                context.constData());
        }
        QStringList ids;
        for (const QJsonValue &f : report.value(QLatin1String("findings")).toArray()) {
            ids.append(f.toObject().value(QLatin1String("id")).toString());
        }
        QVERIFY2(ids.contains(finding), context.constData());
        // The request the page sends: a preflight (application/json is not safelisted), then the
        // POST with its body, unless the preflight refused it.
        const QJsonArray exchanges = report.value(QLatin1String("exchanges")).toArray();
        QVERIFY2(exchanges.size() == requests, context.constData());
        QCOMPARE(exchanges.at(0)
                     .toObject()
                     .value(QLatin1String("request"))
                     .toObject()
                     .value(QLatin1String("method"))
                     .toString(),
            QStringLiteral("OPTIONS"));
        if (requests > 1) {
            QCOMPARE(exchanges.at(1)
                         .toObject()
                         .value(QLatin1String("request"))
                         .toObject()
                         .value(QLatin1String("method"))
                         .toString(),
                QStringLiteral("POST"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_PresetChecks)
#include "tst_presetchecks.moc"
