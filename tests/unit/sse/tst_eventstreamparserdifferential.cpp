// Differential test: the same bytes, cut into the same chunks, through EventStreamParser and
// through the eventsource-parser npm package (tests/node, `npm ci --prefix tests/node`) give
// what a page sees — the same events (type, data, lastEventId), reconnection time and last event
// ID — except where that package departs from the standard; each such case is listed below with
// the reason, and is expected to differ (if the package changes, the test says so).

#include "requiredtool.h"
#include "parsertesthelpers.h"
#include "parservectors.h"

#include <sse/eventstreamparser.h>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

namespace {

struct Case
{
    QString name;
    QByteArray input;
    QList<qsizetype> cuts;
};

// Where eventsource-parser 4.1.3 and the HTML standard disagree, by vector name. Our side of each
// is pinned to the standard by tst_eventstreamparser's vectors (and departureVectors() below).
// Not a departure of 4.1.3, though older versions had it: a CR at the end of a chunk is acted on
// at once (the package no longer waits for a possible LF), see the "final CR" rows.
struct Departure
{
    const char *vector;
    const char *reason;
};

const Departure departures[] = {
    {"retry too large ignored",
        "the package turns any run of digits into a JavaScript number with parseInt, so a value above 2^53 loses "
        "precision and one above 2^64 is accepted; Chromium ignores a value that does not fit uint64 "
        "(ToUInt64Strict) and we ignore one that does not fit 63 bits"},
    {"package departure: decoded BOM look-alike",
        "the package strips a leading \"\\xEF\\xBB\\xBF\" string (the BOM's bytes read as Latin-1) as well as U+FEFF, "
        "so a stream that really starts with the characters U+00EF U+00BB U+00BF loses them; the standard strips "
        "only U+FEFF"},
};

const char *departureReason(const QString &vectorName)
{
    for (const Departure &departure : departures) {
        if (vectorName == QLatin1String(departure.vector)) {
            return departure.reason;
        }
    }
    return nullptr;
}

// Inputs that show the departures; they are not in parservectors.h because they are about the
// package, but our expected results are still the standard's.
QList<ParserVector> departureVectors()
{
    const QByteArray msg("message");
    return {
        {"retry too large ignored", QByteArray("retry:18446744073709551617\ndata:x\n\n"), {ev(msg, "x")}, -1,
            QByteArray()},
        {"package departure: decoded BOM look-alike",
            QByteArray("\xC3\xAF\xC2\xBB\xC2\xBF"
                       "data:x\n\ndata:y\n\n"),
            {ev(msg, "y")}, -1, QByteArray()},
    };
}

// Short random streams over the tokens that matter to a parser: field names, colons, spaces,
// every line end, NUL, multi-byte and broken UTF-8, a BOM.
QByteArray generatedStream(QRandomGenerator &random)
{
    static const QByteArray tokens[] = {
        "data",
        "data:",
        "data: ",
        "event:",
        "id:",
        "retry:",
        ":",
        " ",
        "x",
        "msg",
        "12",
        "\n",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        QByteArray("\0", 1),
        "\xC3\xA9",
        "\xE2\x82\xAC",
        "\xF0\x9F\x98\x80",
        "\xE2\x82",
        "\xFF",
        "\xED\xA0\x80",
        "Data",
        "ev",
        "ent:",
    };
    constexpr int tokenCount = int(sizeof(tokens) / sizeof(tokens[0]));
    QByteArray stream;
    if (random.bounded(8) == 0) {
        stream += "\xEF\xBB\xBF";
    }
    const int length = int(random.bounded(40)) + 1;
    for (int i = 0; i < length; ++i) {
        stream += tokens[random.bounded(tokenCount)];
    }
    return stream;
}

QString describe(const QList<SseEvent> &events, std::optional<qint64> retry, const QByteArray &lastEventId)
{
    return describeEvents(events, false)
        + QStringLiteral("retry=%1 lastEventId=%2")
              .arg(retry ? QString::number(*retry) : QStringLiteral("none"), escaped(lastEventId));
}

QString ours(const Case &c)
{
    EventCollector sink;
    EventStreamParser parser(sink);
    qsizetype from = 0;
    for (const qsizetype cut : c.cuts) {
        parser.feed(QByteArrayView(c.input).sliced(from, cut - from));
        from = cut;
    }
    parser.feed(QByteArrayView(c.input).sliced(from));
    parser.finish();
    return describe(sink.events, sink.reconnectionTimeMs, parser.lastEventId());
}

QString theirs(const QJsonObject &result)
{
    QList<SseEvent> events;
    const QJsonArray array = result.value(QLatin1String("events")).toArray();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        events.append(ev(object.value(QLatin1String("type")).toString().toUtf8(),
            object.value(QLatin1String("data")).toString().toUtf8(),
            object.value(QLatin1String("lastEventId")).toString().toUtf8()));
    }
    const QJsonValue retry = result.value(QLatin1String("retry"));
    // A double that is not an exact 63-bit integer cannot be one we report: show it as is.
    std::optional<qint64> retryMs;
    QString retryText;
    if (retry.isDouble()) {
        const double value = retry.toDouble();
        if (value >= 0 && value < 9.2e18 && double(qint64(value)) == value) {
            retryMs = qint64(value);
        } else {
            return describeEvents(events, false)
                + QStringLiteral("retry=%1 lastEventId=%2")
                      .arg(QString::number(value, 'g', 21),
                          escaped(result.value(QLatin1String("lastEventId")).toString().toUtf8()));
        }
    }
    return describe(events, retryMs, result.value(QLatin1String("lastEventId")).toString().toUtf8());
}

} // namespace

class tst_EventStreamParserDifferential final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void sameAsEventsourceParser_data();
    void sameAsEventsourceParser();

private:
    QList<Case> m_cases;
    QHash<QString, QString> m_theirs; // case name → description
};

void tst_EventStreamParserDifferential::initTestCase()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED: node is not on PATH, so the differential test against eventsource-parser cannot run. "
              "Install Node.js (Debian: nodejs) and run `npm ci --prefix tests/node`.");
    }
    const QDir nodeDir(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node"));
    QFile packageJson(nodeDir.filePath(QStringLiteral("node_modules/eventsource-parser/package.json")));
    if (!packageJson.open(QIODevice::ReadOnly)) {
        SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED: tests/node/node_modules/eventsource-parser is missing, so the differential test cannot "
              "run. Run `npm ci --prefix tests/node` (scripts/run-tests.sh does).");
    }
    const QString version
        = QJsonDocument::fromJson(packageJson.readAll()).object().value(QLatin1String("version")).toString();
    // The departures below are those of this version.
    QCOMPARE(version, QStringLiteral("4.1.3"));

    QList<ParserVector> vectors = standardVectors();
    vectors += departureVectors();
    for (const ParserVector &vector : std::as_const(vectors)) {
        const QString name = QString::fromLatin1(vector.name);
        m_cases.append({name + QStringLiteral(" / whole"), vector.input, {}});
        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < vector.input.size(); ++i) {
            everyByte.append(i);
        }
        m_cases.append({name + QStringLiteral(" / byte by byte"), vector.input, everyByte});
        QRandomGenerator random(qHash(name));
        for (int round = 0; round < 5; ++round) {
            m_cases.append({name + QStringLiteral(" / random %1").arg(round), vector.input,
                randomCuts(random, vector.input.size())});
        }
    }
    QRandomGenerator random(1124);
    for (int i = 0; i < 400; ++i) {
        const QByteArray stream = generatedStream(random);
        m_cases.append({QStringLiteral("generated %1 / whole").arg(i), stream, {}});
        m_cases.append({QStringLiteral("generated %1 / random").arg(i), stream, randomCuts(random, stream.size())});
    }

    QJsonArray cases;
    for (const Case &c : std::as_const(m_cases)) {
        QJsonArray chunks;
        qsizetype from = 0;
        for (const qsizetype cut : c.cuts) {
            chunks.append(QString::fromLatin1(c.input.mid(from, cut - from).toBase64()));
            from = cut;
        }
        chunks.append(QString::fromLatin1(c.input.mid(from).toBase64()));
        cases.append(QJsonObject {{QStringLiteral("chunks"), chunks}});
    }
    QProcess process;
    process.setWorkingDirectory(nodeDir.path());
    process.start(node, {nodeDir.filePath(QStringLiteral("sse-differential.mjs"))});
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
    process.write(QJsonDocument(QJsonObject {{QStringLiteral("cases"), cases}}).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, err.constData());
    QJsonParseError error;
    const QJsonArray results = QJsonDocument::fromJson(process.readAllStandardOutput(), &error)
                                   .object()
                                   .value(QLatin1String("results"))
                                   .toArray();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(results.size(), m_cases.size());
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        m_theirs.insert(m_cases.at(i).name, theirs(results.at(i).toObject()));
    }
}

void tst_EventStreamParserDifferential::sameAsEventsourceParser_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_cases.size(); ++i) {
        QTest::addRow("%s", qPrintable(m_cases.at(i).name)) << int(i);
    }
}

void tst_EventStreamParserDifferential::sameAsEventsourceParser()
{
    QFETCH(int, index);
    const Case &c = m_cases.at(index);
    const QString vectorName = c.name.section(QStringLiteral(" / "), 0, 0);
    if (const char *reason = departureReason(vectorName)) {
        QEXPECT_FAIL("", reason, Continue);
    }
    QCOMPARE(m_theirs.value(c.name), ours(c));
}

QTEST_GUILESS_MAIN(tst_EventStreamParserDifferential)
#include "tst_eventstreamparserdifferential.moc"
