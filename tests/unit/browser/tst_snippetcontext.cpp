// The catalogue's fixes and snippets with the user's own origin, stream path and cookie name
// (lib/browser/snippetcontext.h).
#include <browser/findings.h>
#include <browser/snippetcontext.h>

#include <QTest>

using namespace SseScope;

class TestSnippetContext : public QObject
{
    Q_OBJECT

private slots:
    void personalize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("cookie");
        QTest::addColumn<QString>("expected");

        const QString express = QStringLiteral("const allowed = new Set(['https://app.example.com']);\n"
                                               "app.get('/events', (req, res) => {");
        QTest::newRow("origin and route") << express << QStringLiteral("https://chat.example.org:8443")
                                          << QStringLiteral("/api/v1/stream") << QString()
                                          << QStringLiteral("const allowed = new Set(['https://chat.example.org:8443']);\n"
                                                            "app.get('/api/v1/stream', (req, res) => {");
        QTest::newRow("nginx location") << QStringLiteral("location /events {") << QString()
                                        << QStringLiteral("/sse") << QString() << QStringLiteral("location /sse {");
        QTest::newRow("cookie forms")
            << QStringLiteral("res.cookie('sid', token); Set-Cookie: sid=<session>; http.Cookie{Name: \"sid\"}; "
                              "proxy_cookie_flags sid samesite=none; add_header Set-Cookie \"sid=$token\"")
            << QString() << QString() << QStringLiteral("session")
            << QStringLiteral("res.cookie('session', token); Set-Cookie: session=<session>; http.Cookie{Name: \"session\"}; "
                              "proxy_cookie_flags session samesite=none; add_header Set-Cookie \"session=$token\"");
        // A name that contains "sid" is put in once, not replaced again.
        QTest::newRow("name containing sid") << QStringLiteral("Set-Cookie: __Host-sid=<session>; Path=/") << QString()
                                             << QString() << QStringLiteral("mysid")
                                             << QStringLiteral("Set-Cookie: __Host-mysid=<session>; Path=/");
        QTest::newRow("host-prefixed name") << QStringLiteral("Set-Cookie: __Host-sid=<session>") << QString()
                                            << QString() << QStringLiteral("__Host-auth")
                                            << QStringLiteral("Set-Cookie: __Host-auth=<session>");
        // Values that could break the snippet's quoting leave the placeholders.
        QTest::newRow("origin with a path is not an origin")
            << express << QStringLiteral("https://chat.example.org/app") << QString() << QString() << express;
        QTest::newRow("path with a quote") << express << QString() << QStringLiteral("/x');evil('") << QString() << express;
        QTest::newRow("cookie name with a space") << QStringLiteral("res.cookie('sid'") << QString() << QString()
                                                  << QStringLiteral("a b") << QStringLiteral("res.cookie('sid'");
        QTest::newRow("the bare host is prose, not a placeholder")
            << QStringLiteral("api.example.com for app.example.com") << QStringLiteral("https://chat.example.org")
            << QString() << QString() << QStringLiteral("api.example.com for app.example.com");
    }

    void personalize()
    {
        QFETCH(QString, text);
        QFETCH(QString, origin);
        QFETCH(QString, path);
        QFETCH(QString, cookie);
        QFETCH(QString, expected);
        QCOMPARE(personalizeSnippet(text, SnippetContext {origin, path, cookie}), expected);
    }

    // Every placeholder form the catalogue writes is one personalizeSnippet() knows.
    void catalogueHasNoPlaceholderLeft()
    {
        const SnippetContext context {QStringLiteral("https://chat.example.org"), QStringLiteral("/api/stream"),
                                      QStringLiteral("session")};
        for (const FindingDefinition &definition : findingCatalogue()) {
            for (const char *text : {definition.fix, definition.snippetExpress, definition.snippetNginx,
                                     definition.snippetOther}) {
                if (!text) {
                    continue;
                }
                const QString out = personalizeSnippet(QString::fromUtf8(text), context);
                for (const char *placeholder : {"https://app.example.com", "'/events'", "location /events ",
                                                "'sid'", "\"sid\"", "sid=<session>", "sid=$token", "flags sid "}) {
                    QVERIFY2(!out.contains(QLatin1String(placeholder)),
                             qPrintable(QStringLiteral("%1: %2 left in %3").arg(QLatin1String(definition.id),
                                                                                QLatin1String(placeholder), out)));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestSnippetContext)
#include "tst_snippetcontext.moc"
