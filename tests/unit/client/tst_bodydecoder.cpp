// BodyDecoder: every coding a browser advertises decodes incrementally, whatever the chunking.

#include <client/bodydecoder.h>

#include <QRegularExpression>
#include <QTest>

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

using namespace SseScope;

namespace {

QByteArray sample()
{
    QByteArray text;
    for (int i = 1; i <= 200; ++i) {
        text += "id: " + QByteArray::number(i) + "\nevent: tick\ndata: {\"seq\":" + QByteArray::number(i) + "}\n\n";
    }
    return text;
}

QByteArray zlibEncode(const QByteArray &input, int windowBits)
{
    z_stream stream {};
    deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&stream, uLong(input.size()))) + 64, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    stream.avail_in = uInt(input.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.truncate(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

QByteArray encode(const QByteArray &coding, const QByteArray &input)
{
    if (coding == "gzip") {
        return zlibEncode(input, 15 + 16);
    }
    if (coding == "deflate") {
        return zlibEncode(input, 15);
    }
    if (coding == "deflate-raw") {
        return zlibEncode(input, -15);
    }
    if (coding == "br") {
        size_t size = BrotliEncoderMaxCompressedSize(size_t(input.size()));
        QByteArray out(qsizetype(size), Qt::Uninitialized);
        BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(input.size()),
            reinterpret_cast<const uint8_t *>(input.constData()), &size, reinterpret_cast<uint8_t *>(out.data()));
        out.truncate(qsizetype(size));
        return out;
    }
    if (coding == "zstd") {
        QByteArray out(qsizetype(ZSTD_compressBound(size_t(input.size()))), Qt::Uninitialized);
        const size_t size = ZSTD_compress(out.data(), size_t(out.size()), input.constData(), size_t(input.size()), 3);
        out.truncate(qsizetype(size));
        return out;
    }
    return input;
}

} // namespace

class tst_BodyDecoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void decodesInAnyChunking_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("chunkSize");
        for (const char *coding : {"gzip", "deflate", "deflate-raw", "br", "zstd"}) {
            const QByteArray header = QByteArray(coding) == "deflate-raw" ? QByteArray("deflate") : QByteArray(coding);
            for (int chunk : {1, 7, 100000}) {
                QTest::addRow("%s in %d-byte chunks", coding, chunk) << QByteArray(coding) << header << chunk;
            }
        }
    }

    void decodesInAnyChunking()
    {
        QFETCH(QByteArray, coding);
        QFETCH(QByteArray, header);
        QFETCH(int, chunkSize);
        const QByteArray plain = sample();
        const QByteArray encoded = encode(coding, plain);
        QVERIFY(encoded.size() < plain.size());
        std::unique_ptr<BodyDecoder> decoder = BodyDecoder::create(header);
        QVERIFY(decoder);
        QByteArray decoded;
        for (qsizetype i = 0; i < encoded.size(); i += chunkSize) {
            decoded += decoder->decode(encoded.mid(i, chunkSize));
        }
        QVERIFY(!decoder->failed());
        QCOMPARE(decoded, plain);
    }

    void knowsWhatBrowsersDecode()
    {
        QVERIFY(BodyDecoder::isSupported(QByteArrayLiteral(" GZIP ")));
        QVERIFY(BodyDecoder::isSupported(QByteArrayLiteral("br")));
        QVERIFY(!BodyDecoder::isSupported(QByteArrayLiteral("compress")));
        QVERIFY(!BodyDecoder::create(QByteArrayLiteral("identity")));
        QVERIFY(!BodyDecoder::create(QByteArrayLiteral("gzip, br")));
    }

    void garbageFailsAndPassesThrough_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::addRow("gzip") << QByteArray("gzip");
        QTest::addRow("br") << QByteArray("br");
        QTest::addRow("zstd") << QByteArray("zstd");
    }

    void garbageFailsAndPassesThrough()
    {
        QFETCH(QByteArray, coding);
        std::unique_ptr<BodyDecoder> decoder = BodyDecoder::create(coding);
        const QByteArray garbage("data: this is not compressed at all\n\n");
        decoder->decode(garbage);
        QVERIFY(decoder->failed());
        QCOMPARE(decoder->decode(garbage), garbage);
    }
};

QTEST_GUILESS_MAIN(tst_BodyDecoder)
#include "tst_bodydecoder.moc"
