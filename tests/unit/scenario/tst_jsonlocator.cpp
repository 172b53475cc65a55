#include <scenario/jsonlocator.h>

#include <QTest>

using namespace SseScope;

class tst_JsonLocator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void find_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("atKey"); // the text at keyOffset
        QTest::addColumn<QByteArray>("atValue"); // the text at valueOffset

        const QByteArray doc = "{\"a\": {\"b\": [10, {\"c\": true}]}, \"s\\\"q\": \"x,}\", \"d/e\": null}";
        QTest::addRow("member") << doc << QStringLiteral("/a") << QByteArray("\"a\"") << QByteArray("{\"b\"");
        QTest::addRow("array element") << doc << QStringLiteral("/a/b/0") << QByteArray("10") << QByteArray("10");
        QTest::addRow("inside an array") << doc << QStringLiteral("/a/b/1/c") << QByteArray("\"c\"")
                                         << QByteArray("true");
        QTest::addRow("escaped quote in a key, comma and brace in a string")
            << doc << QStringLiteral("/s\"q") << QByteArray("\"s\\\"q\"") << QByteArray("\"x,}\"");
        QTest::addRow("slash escaped as ~1")
            << doc << QStringLiteral("/d~1e") << QByteArray("\"d/e\"") << QByteArray("null");
        QTest::addRow("missing falls back to the parent")
            << doc << QStringLiteral("/a/zzz") << QByteArray("\"a\"") << QByteArray("{\"b\"");
    }

    void find()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, atKey);
        QFETCH(QByteArray, atValue);
        const JsonLocator locator(json);
        const JsonLocator::Position pos = locator.find(pointer);
        QCOMPARE(json.mid(pos.keyOffset, atKey.size()), atKey);
        QCOMPARE(json.mid(pos.valueOffset, atValue.size()), atValue);
    }

    void lineColumn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addRow("start") << QByteArray("abc") << 0 << 1 << 1;
        QTest::addRow("second line") << QByteArray("ab\ncd") << 4 << 2 << 2;
        QTest::addRow("CRLF") << QByteArray("ab\r\ncd") << 5 << 2 << 2;
        QTest::addRow("UTF-8 counts characters") << QByteArray("\xc3\xa9\xc3\xa9x") << 4 << 1 << 3;
        QTest::addRow("past the end is clamped") << QByteArray("ab") << 99 << 1 << 3;
    }

    void lineColumn()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        QFETCH(int, line);
        QFETCH(int, column);
        int l = 0;
        int c = 0;
        JsonLocator::lineColumn(text, offset, &l, &c);
        QCOMPARE(l, line);
        QCOMPARE(c, column);
    }

    void deepNestingIsBounded()
    {
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        const JsonLocator locator(deep); // must not overflow the stack
        QCOMPARE(locator.find(QStringLiteral("/0/0")).valueOffset, 2);
    }
};

QTEST_GUILESS_MAIN(tst_JsonLocator)
#include "tst_jsonlocator.moc"
