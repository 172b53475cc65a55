#include <scenario/presetlibrary.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::PresetLibrary::Behaviour)

namespace {

// Every key the writer produces must be described by the JSON Schema, so editors know it.
void checkAgainstSchema(const QJsonObject &value, const QJsonObject &schema, const QString &path, QStringList *missing)
{
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = value.constBegin(); it != value.constEnd(); ++it) {
        if (!properties.contains(it.key())) {
            missing->append(path + QLatin1Char('/') + it.key());
            continue;
        }
        const QJsonObject sub = properties.value(it.key()).toObject();
        if (it.value().isObject()) {
            checkAgainstSchema(it.value().toObject(), sub, path + QLatin1Char('/') + it.key(), missing);
        }
    }
}

} // namespace

class tst_PresetLibrary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void namesListTheRequiredPresets()
    {
        const QStringList names = PresetLibrary::names();
        QCOMPARE(names.value(0), QStringLiteral("default"));
        const char *required[]
            = {"public-wildcard", "allowlist-echo", "credentials-cookie", "wildcard-with-credentials",
                "missing-allow-origin", "missing-allow-credentials", "origin-mismatch", "multiple-allow-origin",
                "wrong-content-type", "non-utf8-charset", "no-content-204", "unauthorized-401", "samesite-lax-cookie",
                "samesite-none-insecure", "third-party-cookie-blocked", "partitioned-cookie", "bearer-header",
                "preflight-missing-allow-headers", "query-token", "redirect-without-cors", "private-stream-wildcard",
                "buffering-proxy", "compressed-stream", "resumable", "heartbeat", "drop-and-resume"};
        for (const char *name : required) {
            QVERIFY2(names.contains(QLatin1String(name)), name);
        }
    }

    void everyPresetIsComplete()
    {
        for (const QString &name : PresetLibrary::names()) {
            ScenarioError error;
            const std::optional<Scenario> s = PresetLibrary::preset(name, &error);
            QVERIFY2(s, qPrintable(error.toString()));
            QCOMPARE(s->name, name);
            QVERIFY2(!s->title.isEmpty() && !s->summary.isEmpty() && !s->notes.isEmpty(), qPrintable(name));
            QVERIFY2(!s->summary.contains(QLatin1Char('\n')), "a summary is one line");
            QVERIFY2(s->expect.present, qPrintable(name));
            QVERIFY2(
                s->expect.opened != s->expect.failed || (!s->expect.opened && !s->expect.failed), qPrintable(name));
        }
    }

    void defaultScenarioIsAWorkingPublicStream()
    {
        const Scenario s = PresetLibrary::defaultScenario();
        QCOMPARE(s.name, QStringLiteral("default"));
        QCOMPARE(s.cors.allowOrigin, CorsPolicy::AllowOrigin::Wildcard);
        QCOMPARE(s.client.withCredentials, false);
        QCOMPARE(s.auth.mode, AuthPolicy::Mode::None);
        QCOMPARE(s.stream.source, StreamPolicy::Source::Generator);
        QCOMPARE(s.stream.generator.eventTypes, QStringList {QStringLiteral("tick")});
        QVERIFY(s.expect.opened && !s.expect.failed && s.expect.minEvents >= 1);
    }

    void behaviourAtAGlance_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<PresetLibrary::Behaviour>("behaviour");
        QTest::newRow("default works") << QStringLiteral("default") << PresetLibrary::Behaviour::Works;
        QTest::newRow("resumable works") << QStringLiteral("resumable") << PresetLibrary::Behaviour::Works;
        QTest::newRow("CORS failure breaks") << QStringLiteral("missing-allow-origin") << PresetLibrary::Behaviour::Breaks;
        QTest::newRow("401 breaks") << QStringLiteral("unauthorized-401") << PresetLibrary::Behaviour::Breaks;
        // POST is CORS-safelisted: missing from Access-Control-Allow-Methods, the chat stream still works;
        // DELETE is not: the preflight blocks it (both checked in headless Chromium).
        QTest::newRow("POST not in Allow-Methods works")
            << QStringLiteral("chat-post-not-in-allow-methods") << PresetLibrary::Behaviour::Works;
        QTest::newRow("DELETE not in Allow-Methods breaks")
            << QStringLiteral("mcp-delete-not-in-allow-methods") << PresetLibrary::Behaviour::Breaks;
        // Opens, then no event ever reaches the page.
        QTest::newRow("buffering hangs") << QStringLiteral("buffering-proxy") << PresetLibrary::Behaviour::Hangs;
        // Never opens and never fails: readyState stays CONNECTING.
        QTest::newRow("sniffing hangs") << QStringLiteral("text-plain-sniffing") << PresetLibrary::Behaviour::Hangs;
    }

    void behaviourAtAGlance()
    {
        QFETCH(QString, name);
        QFETCH(PresetLibrary::Behaviour, behaviour);
        const std::optional<Scenario> preset = PresetLibrary::preset(name);
        QVERIFY(preset);
        QCOMPARE(PresetLibrary::behaviourOf(*preset), behaviour);
    }

    void unknownPresetIsAnError()
    {
        ScenarioError error;
        QVERIFY(!PresetLibrary::preset(QStringLiteral("no-such-preset"), &error));
        QCOMPARE(error.file, QStringLiteral("no-such-preset"));
        QVERIFY(error.reason.contains(QLatin1String("no preset")));
    }

    // ssescope_core is a static library: its resources must still reach a test binary.
    void resourcesAreLinkedIn()
    {
        QFile page(QStringLiteral(":/ssescope/testpage/index.html"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        QVERIFY(page.readAll().contains("\"__SSESCOPE_CONFIG__\""));
        QFile schema(QStringLiteral(":/ssescope/scenario.schema.json"));
        QVERIFY(schema.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(schema.readAll()).isObject());
    }

    void schemaDescribesEveryKey()
    {
        QFile file(QStringLiteral(":/ssescope/scenario.schema.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject schema = QJsonDocument::fromJson(file.readAll()).object();
        Scenario s;
        s.expect.present = true;
        QStringList missing;
        checkAgainstSchema(ScenarioJson::toJsonObject(s), schema, QString(), &missing);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        // And the other way round: no schema property the reader would refuse.
        QStringList extra;
        const QJsonObject top = schema.value(QLatin1String("properties")).toObject();
        const QJsonObject written = ScenarioJson::toJsonObject(s);
        for (auto it = top.constBegin(); it != top.constEnd(); ++it) {
            if (!written.contains(it.key()) && it.key() != QLatin1String("$schema")) {
                extra.append(it.key());
            }
        }
        QVERIFY2(extra.isEmpty(), qPrintable(extra.join(QStringLiteral(", "))));
    }
};

QTEST_GUILESS_MAIN(tst_PresetLibrary)
#include "tst_presetlibrary.moc"
