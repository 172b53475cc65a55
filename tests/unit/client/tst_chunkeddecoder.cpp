// Chunked framing removed by the client itself (WireReply), incrementally.

#include <client/chunkeddecoder.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

class tst_ChunkedDecoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void decode_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("finished");
        QTest::addColumn<bool>("failed");
        QTest::addRow("two chunks and the last") << QByteArray("6\r\ndata: \r\n5\r\none\n\n\r\n0\r\n\r\n")
                                                 << QByteArray("data: one\n\n") << true << false;
        QTest::addRow("hex sizes, upper and lower case") << QByteArray("A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n")
                                                         << QByteArray("0123456789abcdefghijk") << true << false;
        QTest::addRow("extensions ignored") << QByteArray("3;name=value\r\nabc\r\n0;x\r\n\r\n") << QByteArray("abc")
                                            << true << false;
        QTest::addRow("trailers skipped") << QByteArray("3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\nignored")
                                          << QByteArray("abc") << true << false;
        QTest::addRow("LF only") << QByteArray("3\nabc\n0\n\n") << QByteArray("abc") << true << false;
        QTest::addRow("still open") << QByteArray("3\r\nabc\r\n4\r\nde") << QByteArray("abcde") << false << false;
        QTest::addRow("bad size") << QByteArray("3\r\nabc\r\nzz\r\nmore\r\n") << QByteArray("abc") << false << true;
        QTest::addRow("negative size") << QByteArray("-1\r\nabc\r\n") << QByteArray() << false << true;
        QTest::addRow("data longer than its size") << QByteArray("2\r\nabc\r\n") << QByteArray("ab") << false << true;
        QTest::addRow("endless size line") << QByteArray(5000, '1') << QByteArray() << false << true;
    }

    void decode()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, data);
        QFETCH(bool, finished);
        QFETCH(bool, failed);
        // Whole, and split at every point: the same data.
        for (qsizetype split = 0; split <= wire.size(); ++split) {
            ChunkedDecoder decoder;
            QByteArray out = decoder.decode(QByteArrayView(wire).first(split));
            out += decoder.decode(QByteArrayView(wire).sliced(split));
            const QByteArray where = "split at " + QByteArray::number(split);
            QVERIFY2(out == data, where.constData());
            QVERIFY2(decoder.finished() == finished, where.constData());
            QVERIFY2(decoder.failed() == failed, where.constData());
        }
    }
};

QTEST_GUILESS_MAIN(tst_ChunkedDecoder)
#include "tst_chunkeddecoder.moc"
