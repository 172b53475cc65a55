// `ssescope parse` as scripts use it (../shared/CLI.md): the built binary, run with QProcess.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace {

const QByteArray kStream = QByteArrayLiteral("retry: 2000\nid: 7\nevent: tick\ndata: hello\ndata: \"w\"\\\x01\n\n"
                                             ": hb\ndata: x\n\ndata: incomplete");

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result runSsescope(const QStringList &arguments, const QByteArray &input = QByteArray())
{
    QProcess process;
    process.start(QStringLiteral(SSESCOPE_BINARY), arguments);
    Result result;
    if (!process.waitForStarted(10000)) {
        result.err = "could not start " SSESCOPE_BINARY;
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class tst_ParseCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath(QStringLiteral("stream.txt"));
        QFile file(m_file);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kStream);
    }
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void json_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("viaStdin");
        QTest::addRow("file") << QStringList {QStringLiteral("parse"), m_file, QStringLiteral("--json")} << false;
        QTest::addRow("dash reads stdin")
            << QStringList {QStringLiteral("parse"), QStringLiteral("-"), QStringLiteral("--json")} << true;
        QTest::addRow("no file reads stdin") << QStringList {QStringLiteral("parse"), QStringLiteral("--json")} << true;
    }

    void json()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, viaStdin);
        const Result result = runSsescope(arguments, viaStdin ? kStream : QByteArray());
        QCOMPARE(result.err, QByteArray());
        QCOMPARE(result.exitCode, 0);
        // The keys in CLI.md's order.
        QVERIFY2(
            result.out.startsWith(
                "{\"events\":[{\"type\":\"tick\",\"data\":\"hello\\n\\\"w\\\"\\\\\\u0001\",\"lastEventId\":\"7\"},"),
            result.out.constData());
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(result.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray events = root.value(QLatin1String("events")).toArray();
        QCOMPARE(events.size(), 2);
        const QJsonObject second = events.at(1).toObject();
        QCOMPARE(second.value(QLatin1String("type")).toString(), QStringLiteral("message"));
        QCOMPARE(second.value(QLatin1String("data")).toString(), QStringLiteral("x"));
        QCOMPARE(second.value(QLatin1String("lastEventId")).toString(), QStringLiteral("7"));
        QCOMPARE(events.at(0).toObject().value(QLatin1String("data")).toString(), QStringLiteral("hello\n\"w\"\\\x01"));
        QCOMPARE(root.value(QLatin1String("reconnectionTimeMs")).toInteger(), 2000);
        QCOMPARE(root.value(QLatin1String("errors")).toArray().size(), 0);
    }

    void jsonWithoutRetryIsNull()
    {
        const Result result = runSsescope({QStringLiteral("parse"), QStringLiteral("--json")}, "data:\xC3\xA9\xFF\n\n");
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out,
            QByteArray("{\"events\":[{\"type\":\"message\",\"data\":\"\xC3\xA9\xEF\xBF\xBD\",\"lastEventId\":\"\"}],"
                       "\"reconnectionTimeMs\":null,\"comments\":0,\"errors\":[]}\n"));
    }

    void stats()
    {
        const Result result = runSsescope({QStringLiteral("parse"), m_file, QStringLiteral("--stats")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("{\"events\":2,\"bytes\":") + QByteArray::number(kStream.size()) + "}\n");
    }

    void readable()
    {
        const Result result = runSsescope({QStringLiteral("parse"), m_file});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.split('\n');
        QVERIFY2(lines.contains("event 1: tick  (bytes 0-55)"), result.out.constData());
        QVERIFY(lines.contains("  data: hello"));
        QVERIFY(lines.contains("  data: \"w\"\\\\x01")); // control characters escaped
        QVERIFY(lines.contains("event 2: message  (bytes 55-69)"));
        QVERIFY(lines.contains("retry: reconnection time 2000 ms"));
        QVERIFY(!result.out.contains("incomplete"));
        QVERIFY(result.out.endsWith("2 events, 1 comment, 0 errors, 85 bytes; reconnection time: 2000 ms\n"));
    }

    void limitErrorsInJson()
    {
        const QByteArray input = "data: " + QByteArray(100, 'a') + "\n\ndata: ok\n\n";
        const Result result = runSsescope({QStringLiteral("parse"), QStringLiteral("--json"),
                                              QStringLiteral("--max-line-bytes"), QStringLiteral("50")},
            input);
        QCOMPARE(result.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(root.value(QLatin1String("events")).toArray().size(), 1);
        const QJsonArray errors = root.value(QLatin1String("errors")).toArray();
        QCOMPARE(errors.size(), 1);
        const QJsonObject error = errors.at(0).toObject();
        QCOMPARE(error.value(QLatin1String("kind")).toString(), QStringLiteral("LineTooLong"));
        QCOMPARE(error.value(QLatin1String("offset")).toInteger(), 0);
        QCOMPARE(error.value(QLatin1String("limit")).toInteger(), 50);
        QCOMPARE(error.value(QLatin1String("bytes")).toInteger(), 106);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("reason");
        QTest::addRow("missing file") << QStringList {QStringLiteral("parse"), m_dir.filePath(QStringLiteral("nope"))}
                                      << QByteArray("cannot read '");
        QTest::addRow("directory") << QStringList {QStringLiteral("parse"), m_dir.path()} << QByteArray("directory");
        QTest::addRow("json and stats") << QStringList {QStringLiteral("parse"), QStringLiteral("--json"),
            QStringLiteral("--stats"), m_file}
                                        << QByteArray("--json and --stats");
        QTest::addRow("two files") << QStringList {QStringLiteral("parse"), m_file, m_file}
                                   << QByteArray("at most one");
        QTest::addRow("unknown option") << QStringList {QStringLiteral("parse"), QStringLiteral("--frobnicate")}
                                        << QByteArray("frobnicate");
        QTest::addRow("bad limit") << QStringList {QStringLiteral("parse"), QStringLiteral("--max-event-bytes"),
            QStringLiteral("0"), m_file}
                                   << QByteArray("positive");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, reason);
        const Result result = runSsescope(arguments);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QByteArray());
        QVERIFY2(result.err.startsWith("ssescope parse: "), result.err.constData());
        QVERIFY2(result.err.contains(reason), result.err.constData());
        QCOMPARE(result.err.count('\n'), 1); // one line
        QVERIFY(result.err.endsWith('\n'));
    }

    // An event is printed as soon as its blank line arrives, while stdin is still open.
    void stdinStreams()
    {
        QProcess process;
        process.start(QStringLiteral(SSESCOPE_BINARY), {QStringLiteral("parse"), QStringLiteral("--json")});
        QVERIFY(process.waitForStarted(10000));
        process.write("data: first\n\n");
        QByteArray out;
        for (int i = 0; i < 100 && !out.contains("first"); ++i) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
        }
        QVERIFY2(out.contains("{\"type\":\"message\",\"data\":\"first\",\"lastEventId\":\"\"}"), out.constData());
        QCOMPARE(process.state(), QProcess::Running);
        process.write("data: second\n\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(10000));
        out += process.readAllStandardOutput();
        QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("events")).toArray().size(), 2);
    }

    // 256 MiB without a line end through stdin: the process stays far below that.
    void stdinMemoryIsBounded()
    {
#ifndef Q_OS_LINUX
        QSKIP("peak memory of a child is read with getrusage(RUSAGE_CHILDREN) on Linux only");
#else
        // The bound is relative to the same binary's peak on a tiny input: a sanitizer build
        // starts at ~110 MiB before reading a byte, a plain build at ~25 MiB. getrusage() reports
        // the largest child so far, so the baseline also covers this test's earlier children.
        QProcess tiny;
        tiny.start(QStringLiteral(SSESCOPE_BINARY), {QStringLiteral("parse"), QStringLiteral("--stats")});
        QVERIFY(tiny.waitForStarted(10000));
        tiny.write("data: ok\n\n");
        tiny.closeWriteChannel();
        QVERIFY(tiny.waitForFinished(60000));
        QCOMPARE(tiny.exitCode(), 0);
        rusage baseline {};
        QCOMPARE(getrusage(RUSAGE_CHILDREN, &baseline), 0);

        QProcess process;
        process.start(QStringLiteral(SSESCOPE_BINARY),
            {QStringLiteral("parse"), QStringLiteral("--stats"), QStringLiteral("--max-line-bytes"),
                QStringLiteral("65536")});
        QVERIFY(process.waitForStarted(10000));
        const QByteArray chunk(1024 * 1024, 'a');
        process.write("data: ok\n\ndata: ");
        for (int i = 0; i < 256; ++i) {
            process.write(chunk);
            while (process.bytesToWrite() > 4 * chunk.size()) {
                QVERIFY(process.waitForBytesWritten(10000));
            }
        }
        process.write("\n\ndata: after\n\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray expected
            = "{\"events\":2,\"bytes\":" + QByteArray::number(16 + 256 * chunk.size() + 15) + "}\n";
        QCOMPARE(process.readAllStandardOutput(), expected);
        rusage usage {};
        QCOMPARE(getrusage(RUSAGE_CHILDREN, &usage), 0);
        // ru_maxrss is in KiB: the largest child so far, including this one. 256 MiB went
        // through it; holding even a quarter of that fails.
        QVERIFY2(usage.ru_maxrss < baseline.ru_maxrss + 64 * 1024,
            qPrintable(QStringLiteral("peak %1 KiB, baseline %2 KiB")
                           .arg(usage.ru_maxrss)
                           .arg(baseline.ru_maxrss)));
#endif
    }

private:
    QTemporaryDir m_dir;
    QString m_file;
};

QTEST_GUILESS_MAIN(tst_ParseCommand)
#include "tst_parsecommand.moc"
