// The inline Markdown of finding texts, rendered for the window (app/gui/markdowntext.h). Code-span
// rows follow CommonMark 0.31, section 6.1 (examples 328-349).
#include <gui/markdowntext.h>

#include <QTest>

using namespace SseScope::Gui;

class TestMarkdownText : public QObject
{
    Q_OBJECT

private slots:
    void render_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("plain");

        QTest::newRow("plain text is escaped")
            << QStringLiteral("a < b & \"c\"") << QStringLiteral("a &lt; b &amp; &quot;c&quot;")
            << QStringLiteral("a < b & \"c\"");
        QTest::newRow("code span")
            << QStringLiteral("Send `Vary: Origin` too") << QStringLiteral("Send <code>Vary: Origin</code> too")
            << QStringLiteral("Send Vary: Origin too");
        QTest::newRow("markup inside a code span is literal")
            << QStringLiteral("`<b>*x*</b>`") << QStringLiteral("<code>&lt;b&gt;*x*&lt;/b&gt;</code>")
            << QStringLiteral("<b>*x*</b>");
        QTest::newRow("the wildcard as code") << QStringLiteral("instead of `*`, add")
                                              << QStringLiteral("instead of <code>*</code>, add")
                                              << QStringLiteral("instead of *, add");
        // CommonMark example 329: a double run holds a single backtick; the spaces are stripped.
        QTest::newRow("double backticks hold one") << QStringLiteral("`` foo ` bar ``")
                                                   << QStringLiteral("<code>foo ` bar</code>")
                                                   << QStringLiteral("foo ` bar");
        // Example 346-349: a run without its closing run of the same length is literal.
        QTest::newRow("unmatched run is literal") << QStringLiteral("`foo``bar``") << QStringLiteral("`foo<code>bar</code>")
                                                  << QStringLiteral("`foo" "bar");
        QTest::newRow("lone backtick") << QStringLiteral("a ` b") << QStringLiteral("a ` b") << QStringLiteral("a ` b");
        QTest::newRow("strong and emphasis")
            << QStringLiteral("**never** reconnects, *then* fails") << QStringLiteral("<b>never</b> reconnects, <i>then</i> fails")
            << QStringLiteral("never reconnects, then fails");
        QTest::newRow("a star between spaces is not emphasis")
            << QStringLiteral("2 * 3 * 4") << QStringLiteral("2 * 3 * 4") << QStringLiteral("2 * 3 * 4");
        QTest::newRow("backslash escape") << QStringLiteral("\\`not code\\`") << QStringLiteral("`not code`")
                                          << QStringLiteral("`not code`");
        QTest::newRow("line break") << QStringLiteral("one\ntwo") << QStringLiteral("one<br>two")
                                    << QStringLiteral("one\ntwo");
    }

    void render()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, html);
        QFETCH(QString, plain);
        QCOMPARE(inlineMarkdownToHtml(markdown), html);
        QCOMPARE(inlineMarkdownToPlain(markdown), plain);
    }
};

QTEST_APPLESS_MAIN(TestMarkdownText)
#include "tst_markdowntext.moc"
