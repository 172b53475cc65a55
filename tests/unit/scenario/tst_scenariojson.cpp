#include <scenario/presetlibrary.h>
#include <scenario/scenariojson.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace SseScope;

class tst_ScenarioJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void minimalFileGivesDefaults()
    {
        ScenarioError error;
        const std::optional<Scenario> s
            = ScenarioJson::parse(QByteArrayLiteral("{\"version\": 1}"), QStringLiteral("m.json"), &error);
        QVERIFY2(s, qPrintable(error.toString()));
        QCOMPARE(*s, Scenario {});
        QCOMPARE(s->cors.allowOrigin, CorsPolicy::AllowOrigin::Wildcard);
        QCOMPARE(s->response.contentType, std::optional<QString>(QStringLiteral("text/event-stream")));
    }

    void readsEveryKnob()
    {
        QFile file(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/unit/scenario/data/all-knobs.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        ScenarioError error;
        const std::optional<Scenario> parsed = ScenarioJson::parse(json, QStringLiteral("all.json"), &error);
        QVERIFY2(parsed, qPrintable(error.toString()));
        const Scenario &s = *parsed;
        QCOMPARE(s.notes, QStringLiteral("line1\nline2"));
        QCOMPARE(s.cors.allowOrigin, CorsPolicy::AllowOrigin::Multiple);
        QCOMPARE(s.cors.multipleAsLines, false);
        QCOMPARE(s.cors.allowCredentials, std::optional<QString>(QStringLiteral("True")));
        QCOMPARE(s.cors.preflight.handle, false);
        QCOMPARE(s.cors.preflight.allowMethods, std::optional<QString>());
        QCOMPARE(s.cors.preflight.maxAge, std::optional<int>(600));
        QCOMPARE(s.auth.mode, AuthPolicy::Mode::Cookie);
        QCOMPARE(s.auth.cookie.sameSite, CookieSpec::SameSite::None);
        QCOMPARE(s.auth.cookie.path, std::optional<QString>(QStringLiteral("/api")));
        QCOMPARE(s.auth.unauthorizedStatus, 403);
        QCOMPARE(s.response.contentType, std::optional<QString>());
        QCOMPARE(s.response.extraHeaders.values("x-one"), (QList<QByteArray> {"1", "2"}));
        QCOMPARE(s.response.redirect.status, 307);
        QCOMPARE(s.stream.source, StreamPolicy::Source::Script);
        QCOMPARE(s.stream.script.size(), 2);
        QCOMPARE(s.stream.script.at(0).data, std::optional<QString>(QStringLiteral("x\ny")));
        QCOMPARE(s.stream.script.at(1).raw, std::optional<QByteArray>(QByteArrayLiteral("data: r\n\n")));
        QCOMPARE(s.stream.heartbeat.asEvent, true);
        QCOMPARE(s.stream.dropEveryEvents, 9);
        QCOMPARE(s.transport.framing, TransportPolicy::Framing::CloseDelimited);
        QCOMPARE(s.transport.proxy.flushEveryMs, 300);
        QCOMPARE(s.transport.dripBytes, 1);
        QCOMPARE(s.transport.headersNeverEnd, true);
        QCOMPARE(s.client.mode, ClientSide::Mode::Fetch);
        QCOMPARE(s.client.headers.combinedValue("authorization"), QByteArray("Bearer x"));
        QCOMPARE(s.client.method, QStringLiteral("POST"));
        QCOMPARE(s.client.body, std::optional<QString>(QStringLiteral("{\"stream\": true}")));
        QCOMPARE(s.client.contentType, std::optional<QString>(QStringLiteral("application/json")));
        QCOMPARE(
            s.client.readHeaders, (QStringList {QStringLiteral("Mcp-Session-Id"), QStringLiteral("Content-Type")}));
        QVERIFY(s.expect.present);
        QCOMPARE(s.expect.maxEvents, std::optional<int>(5));
        QCOMPARE(s.expect.readHeaders.size(), 3);
        QCOMPARE(s.expect.readHeaders.value(QStringLiteral("X-Hidden")), ReadHeaderExpectation::null());
        QCOMPARE(s.expect.readHeaders.value(QStringLiteral("Mcp-Session-Id")), ReadHeaderExpectation::anyValue());
        QCOMPARE(s.expect.readHeaders.value(QStringLiteral("Content-Type")),
            ReadHeaderExpectation::exactly(QStringLiteral("text/event-stream")));

        // The writer emits every key and the reader takes them back unchanged.
        const std::optional<Scenario> again
            = ScenarioJson::parse(ScenarioJson::toJson(s), QStringLiteral("again"), &error);
        QVERIFY2(again, qPrintable(error.toString()));
        QCOMPARE(*again, s);
    }

    void roundTripsEveryPreset()
    {
        const QList<Scenario> presets = PresetLibrary::all();
        QVERIFY(presets.size() >= 25);
        for (const Scenario &s : presets) {
            ScenarioError error;
            const std::optional<Scenario> again = ScenarioJson::parse(ScenarioJson::toJson(s), s.name, &error);
            QVERIFY2(again, qPrintable(error.toString()));
            QVERIFY2(*again == s, qPrintable(s.name));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("reason");

        // QJsonParseError points just past the character it could not take (the "}" is column 11).
        QTest::addRow("syntax") << QByteArray("{\n  \"version\": 1,\n  \"name\": }\n") << 3 << 12 << QString();
        QTest::addRow("not an object") << QByteArray("[1]") << 1 << 1 << QStringLiteral("must be a JSON object");
        QTest::addRow("version missing") << QByteArray("{\"name\": \"x\"}") << 1 << 1
                                         << QStringLiteral("\"version\" is missing");
        QTest::addRow("version 2") << QByteArray("{\n\"version\": 2}") << 2 << 12
                                   << QStringLiteral("unsupported version 2");
        QTest::addRow("unknown top-level key") << QByteArray("{\n  \"version\": 1,\n  \"nmae\": \"x\"\n}") << 3 << 3
                                               << QStringLiteral("unknown key \"nmae\"");
        QTest::addRow("unknown nested key")
            << QByteArray("{\"version\": 1,\n \"cors\": {\"preflight\": {\n   \"maxAgee\": 5}}}") << 3 << 4
            << QStringLiteral("unknown key \"maxAgee\"");
        QTest::addRow("wrong type") << QByteArray("{\"version\": 1, \"cors\": {\"varyOrigin\": \"yes\"}}") << 1 << 39
                                    << QStringLiteral("\"varyOrigin\" must be true or false");
        QTest::addRow("unknown enum") << QByteArray("{\"version\": 1,\n\"cors\": {\"allowOrigin\": \"star\"}}") << 2
                                      << 25 << QStringLiteral("\"allowOrigin\" must be one of");
        QTest::addRow("out of range") << QByteArray("{\"version\": 1, \"response\": {\"status\": 999}}") << 1 << 39
                                      << QStringLiteral("between 100 and 599");
        QTest::addRow("not an integer") << QByteArray("{\"version\": 1, \"response\": {\"status\": 200.5}}") << 1 << 39
                                        << QStringLiteral("must be an integer");
        QTest::addRow("header injection")
            << QByteArray("{\"version\": 1, \"response\": {\"contentType\": \"text/event-stream\\r\\nX: y\"}}") << 1
            << 44 << QStringLiteral("must not contain line breaks");
        QTest::addRow("bad header name") << QByteArray(
            "{\"version\": 1, \"response\": {\"headers\": [[\"X Y\", \"1\"]]}}")
                                         << 1 << 41 << QStringLiteral("not a valid header name");
        QTest::addRow("script entry key")
            << QByteArray("{\"version\": 1, \"stream\": {\"script\": [{}, {\"dta\": \"x\"}]}}") << 1 << 43
            << QStringLiteral("unknown key \"dta\"");
        QTest::addRow("fixed without values") << QByteArray("{\"version\": 1, \"cors\": {\"allowOrigin\": \"fixed\"}}")
                                              << 1 << 40 << QStringLiteral("need \"values\"");
        QTest::addRow("path without slash") << QByteArray("{\"version\": 1, \"client\": {\"path\": \"events\"}}") << 1
                                            << 35 << QStringLiteral("must start with '/'");
        // The fetch request of the page (issue 18): what fetch() itself would refuse is refused here,
        // at the value that causes it.
        QTest::addRow("method not a token")
            << QByteArray("{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"method\": \"PO ST\"}}") << 1 << 54
            << QStringLiteral("\"method\" must be an HTTP method (a token), not \"PO ST\"");
        QTest::addRow("forbidden method")
            << QByteArray("{\"version\": 1,\n\"client\": {\"mode\": \"fetch\", \"method\": \"trace\"}}") << 2 << 39
            << QStringLiteral("fetch() refuses the forbidden method trace");
        QTest::addRow("POST from EventSource") << QByteArray("{\"version\": 1, \"client\": {\"method\": \"POST\"}}")
                                               << 1 << 37 << QStringLiteral("EventSource always sends GET");
        QTest::addRow("body from EventSource") << QByteArray("{\"version\": 1, \"client\": {\"body\": \"x\"}}") << 1
                                               << 35 << QStringLiteral("EventSource sends no body");
        QTest::addRow("readHeaders from EventSource")
            << QByteArray("{\"version\": 1, \"client\": {\"readHeaders\": [\"X-A\"]}}") << 1 << 42
            << QStringLiteral("EventSource cannot read response headers");
        QTest::addRow("body with GET") << QByteArray(
            "{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"body\": \"x\"}}")
                                       << 1 << 52 << QStringLiteral("fetch() refuses a body with GET");
        QTest::addRow("Content-Type twice")
            << QByteArray("{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"method\": \"POST\", \"headers\": "
                          "[[\"content-type\", \"text/plain\"]], \"contentType\": \"application/json\"}}")
            << 1 << 122 << QStringLiteral("Content-Type is given twice");
        QTest::addRow("JSON body not JSON")
            << QByteArray("{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"method\": \"POST\",\n"
                          "  \"contentType\": \"application/json\", \"body\": \"{\\\"stream\\\": tru}\"}}")
            << 2 << 46
            << QStringLiteral(
                   "\"body\" is not valid JSON, as its Content-Type application/json says it is: illegal value at "
                   "character 15");
        QTest::addRow("+json body two values")
            << QByteArray("{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"method\": \"POST\", "
                          "\"contentType\": \"application/vnd.api+json; charset=utf-8\", \"body\": \"1, 2\"}}")
            << 1 << 128 << QStringLiteral("more than one value");
        QTest::addRow("readHeaders not a name")
            << QByteArray("{\"version\": 1, \"client\": {\"mode\": \"fetch\", \"readHeaders\": [\"ok\", \"a b\"]}}")
            << 1 << 66 << QStringLiteral("\"a b\" is not a valid header name");
        QTest::addRow("expect.readHeaders value")
            << QByteArray("{\"version\": 1,\n\"expect\": {\"readHeaders\": {\"Mcp-Session-Id\": 5}}}") << 2 << 46
            << QStringLiteral("\"Mcp-Session-Id\" must be a string (the value), true (any value) or null");
        QTest::addRow("expect.readHeaders name")
            << QByteArray("{\"version\": 1, \"expect\": {\"readHeaders\": {\"a:b\": null}}}") << 1 << 43
            << QStringLiteral("\"a:b\" is not a valid header name");
        // Columns count characters, not UTF-8 bytes.
        QTest::addRow("column after non-ASCII")
            << QByteArray("{\"version\": 1, \"title\": \"\xc3\xa9\xc3\xa9\", \"x\": 1}") << 1 << 31
            << QStringLiteral("unknown key \"x\"");
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, reason);
        ScenarioError error;
        const std::optional<Scenario> s = ScenarioJson::parse(json, QStringLiteral("bad.json"), &error);
        QVERIFY(!s); // nothing half-applied: no scenario at all
        QCOMPARE(error.file, QStringLiteral("bad.json"));
        QVERIFY2(error.reason.contains(reason), qPrintable(error.reason));
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY(error.toString().startsWith(QStringLiteral("bad.json:%1:%2: ").arg(line).arg(column)));
    }

    // What the page gets from response.headers.get(): null, a value, or any value.
    void readHeaderExpectationMatches_data()
    {
        QTest::addColumn<int>("kind"); // 0 null, 1 any, 2 exactly "v"
        QTest::addColumn<QString>("got"); // null QString: the page got null
        QTest::addColumn<bool>("matches");
        QTest::addRow("null, got null") << 0 << QString() << true;
        QTest::addRow("null, got a value") << 0 << QStringLiteral("v") << false;
        QTest::addRow("any, got null") << 1 << QString() << false;
        QTest::addRow("any, got a value") << 1 << QStringLiteral("x") << true;
        QTest::addRow("any, got empty") << 1 << QStringLiteral("") << true;
        QTest::addRow("exactly, got it") << 2 << QStringLiteral("v") << true;
        QTest::addRow("exactly, got another") << 2 << QStringLiteral("w") << false;
        QTest::addRow("exactly, got null") << 2 << QString() << false;
    }
    void readHeaderExpectationMatches()
    {
        QFETCH(int, kind);
        QFETCH(QString, got);
        QFETCH(bool, matches);
        const ReadHeaderExpectation e = kind == 0 ? ReadHeaderExpectation::null()
            : kind == 1                          ? ReadHeaderExpectation::anyValue()
                                                 : ReadHeaderExpectation::exactly(QStringLiteral("v"));
        QCOMPARE(e.matches(got.isNull() ? std::optional<QString>() : std::optional<QString>(got)), matches);
    }

    // A fetch POST with a JSON body, as a chat UI or an MCP client sends it: read, and written back
    // unchanged; a non-JSON Content-Type takes any text; a plain-text body needs no Content-Type.
    void readsAFetchRequest_data()
    {
        QTest::addColumn<QByteArray>("client");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("body"); // null: none
        QTest::addColumn<QString>("contentType"); // null: none
        QTest::addRow("JSON POST") << QByteArray("{\"mode\": \"fetch\", \"method\": \"POST\", \"contentType\": "
                                                 "\"application/json\", \"body\": \"{\\\"stream\\\":true}\"}")
                                   << QStringLiteral("POST") << QStringLiteral("{\"stream\":true}")
                                   << QStringLiteral("application/json");
        QTest::addRow("JSON scalar") << QByteArray(
            "{\"mode\": \"fetch\", \"method\": \"PUT\", \"contentType\": \"text/json\", \"body\": \"42\"}")
                                     << QStringLiteral("PUT") << QStringLiteral("42") << QStringLiteral("text/json");
        QTest::addRow("text body") << QByteArray(
            "{\"mode\": \"fetch\", \"method\": \"post\", \"body\": \"not json {\"}")
                                   << QStringLiteral("post") << QStringLiteral("not json {") << QString();
        QTest::addRow("GET, no body") << QByteArray("{\"mode\": \"fetch\", \"readHeaders\": [\"Mcp-Session-Id\"]}")
                                      << QStringLiteral("GET") << QString() << QString();
    }
    void readsAFetchRequest()
    {
        QFETCH(QByteArray, client);
        QFETCH(QString, method);
        QFETCH(QString, body);
        QFETCH(QString, contentType);
        ScenarioError error;
        const std::optional<Scenario> s
            = ScenarioJson::parse("{\"version\": 1, \"client\": " + client + "}", QStringLiteral("fetch.json"), &error);
        QVERIFY2(s, qPrintable(error.toString()));
        QCOMPARE(s->client.method, method);
        QCOMPARE(s->client.body, body.isNull() ? std::optional<QString>() : std::optional<QString>(body));
        QCOMPARE(s->client.contentType,
            contentType.isNull() ? std::optional<QString>() : std::optional<QString>(contentType));
        const std::optional<Scenario> again
            = ScenarioJson::parse(ScenarioJson::toJson(*s), QStringLiteral("again"), &error);
        QVERIFY2(again, qPrintable(error.toString()));
        QCOMPARE(*again, *s);
    }

    // QJsonDocument accepts nesting far deeper than the locator walks; the error still points
    // at the right key, and nothing hangs.
    void deeplyNestedUnknownKey()
    {
        const QByteArray json
            = "{\"version\": 1, \"x\": " + QByteArray(500, '[') + QByteArray(500, ']') + ", \"y\": 2}";
        ScenarioError error;
        QVERIFY(!ScenarioJson::parse(json, QStringLiteral("deep.json"), &error));
        QVERIFY2(error.reason.contains(QLatin1String("unknown key \"x\"")), qPrintable(error.reason));
        QCOMPARE(error.line, 1);
        QCOMPARE(error.column, 16);
    }

    void unreadableFileNamesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing.json"));
        ScenarioError error;
        QVERIFY(!ScenarioJson::load(path, &error));
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, 0);
        QVERIFY(!error.reason.isEmpty());
        QVERIFY(error.toString().startsWith(path + QStringLiteral(": ")));
    }

    void setCookieValue_data()
    {
        QTest::addColumn<CookieSpec>("cookie");
        QTest::addColumn<QByteArray>("expected");
        CookieSpec plain;
        plain.httpOnly = false;
        plain.path.reset();
        QTest::addRow("bare") << plain << QByteArray("session=s3cret");
        CookieSpec all;
        all.name = QStringLiteral("sid");
        all.value = QStringLiteral("v1");
        all.domain = QStringLiteral("127.0.0.1");
        all.maxAge = 60;
        all.sameSite = CookieSpec::SameSite::None;
        all.secure = true;
        all.partitioned = true;
        QTest::addRow("every attribute")
            << all
            << QByteArray("sid=v1; Domain=127.0.0.1; Path=/; Max-Age=60; SameSite=None; Secure; HttpOnly; Partitioned");
        CookieSpec lax;
        lax.sameSite = CookieSpec::SameSite::Lax;
        QTest::addRow("lax") << lax << QByteArray("session=s3cret; Path=/; SameSite=Lax; HttpOnly");
    }

    void setCookieValue()
    {
        QFETCH(CookieSpec, cookie);
        QFETCH(QByteArray, expected);
        QCOMPARE(cookie.setCookieValue(), expected);
    }
};

Q_DECLARE_METATYPE(SseScope::CookieSpec)

QTEST_GUILESS_MAIN(tst_ScenarioJson)
#include "tst_scenariojson.moc"
