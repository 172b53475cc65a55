#include "bodydecoder.h"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <utility>

namespace SseScope {

namespace {

constexpr size_t kOutputBlock = 16384;

class ZlibDecoder final : public BodyDecoder
{
public:
    explicit ZlibDecoder(bool deflate)
        : m_rawFallback(deflate)
    {
        // 15 + 32: a zlib or gzip header, detected. "deflate" is sometimes sent raw: retried below.
        m_ok = inflateInit2(&m_stream, 15 + 32) == Z_OK;
    }
    ~ZlibDecoder() override { inflateEnd(&m_stream); }

    bool failed() const override { return !m_ok; }

    QByteArray decode(const QByteArray &input) override
    {
        if (!m_ok) {
            return input;
        }
        if (m_rawFallback) {
            // Until the first byte comes out, keep the input: a raw stream is only recognised a
            // few bytes in (zlib's header check), and the retry needs them all.
            m_seen += input;
            if (m_seen.size() > 65536) {
                m_rawFallback = false;
                m_seen.clear();
            }
        }
        QByteArray output;
        m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
        m_stream.avail_in = uInt(input.size());
        char buffer[kOutputBlock];
        while (m_stream.avail_in > 0 && !m_ended) {
            m_stream.next_out = reinterpret_cast<Bytef *>(buffer);
            m_stream.avail_out = sizeof buffer;
            const int rc = inflate(&m_stream, Z_SYNC_FLUSH);
            output.append(buffer, qsizetype(sizeof buffer - m_stream.avail_out));
            if (rc == Z_DATA_ERROR && m_rawFallback && m_stream.total_out == 0) {
                m_rawFallback = false;
                inflateEnd(&m_stream);
                m_stream = z_stream();
                m_ok = inflateInit2(&m_stream, -15) == Z_OK;
                const QByteArray all = std::exchange(m_seen, {});
                return m_ok ? decode(all) : all;
            }
            if (rc == Z_STREAM_END) {
                m_ended = true;
            } else if (rc == Z_BUF_ERROR && m_stream.avail_out != 0) {
                break; // needs more input
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                m_ok = false;
                break;
            }
        }
        if (m_rawFallback && m_stream.total_out > 0) {
            m_rawFallback = false; // it is a zlib stream after all
            m_seen.clear();
        }
        return output;
    }

private:
    QByteArray m_seen;
    z_stream m_stream {};
    bool m_ok = false;
    bool m_rawFallback = false;
    bool m_ended = false;
};

class BrotliDecoder final : public BodyDecoder
{
public:
    BrotliDecoder()
        : m_state(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr))
    {
    }
    ~BrotliDecoder() override { BrotliDecoderDestroyInstance(m_state); }

    bool failed() const override { return m_failed || !m_state; }

    QByteArray decode(const QByteArray &input) override
    {
        if (failed()) {
            return input;
        }
        QByteArray output;
        size_t availableIn = size_t(input.size());
        const auto *nextIn = reinterpret_cast<const uint8_t *>(input.constData());
        uint8_t buffer[kOutputBlock];
        for (;;) {
            size_t availableOut = sizeof buffer;
            uint8_t *nextOut = buffer;
            const BrotliDecoderResult result
                = BrotliDecoderDecompressStream(m_state, &availableIn, &nextIn, &availableOut, &nextOut, nullptr);
            output.append(reinterpret_cast<const char *>(buffer), qsizetype(sizeof buffer - availableOut));
            if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
                continue;
            }
            if (result == BROTLI_DECODER_RESULT_ERROR) {
                m_failed = true;
            }
            break; // needs more input, or done
        }
        return output;
    }

private:
    BrotliDecoderState *m_state;
    bool m_failed = false;
};

class ZstdDecoder final : public BodyDecoder
{
public:
    ZstdDecoder()
        : m_stream(ZSTD_createDStream())
    {
        // Chromium caps the window at 8 MiB (as RFC 8878 §3 recommends for HTTP): a hostile frame
        // cannot make us allocate more.
        if (m_stream) {
            ZSTD_DCtx_setParameter(m_stream, ZSTD_d_windowLogMax, 23);
        }
    }
    ~ZstdDecoder() override { ZSTD_freeDStream(m_stream); }

    bool failed() const override { return m_failed || !m_stream; }

    QByteArray decode(const QByteArray &input) override
    {
        if (failed()) {
            return input;
        }
        QByteArray output;
        ZSTD_inBuffer in {input.constData(), size_t(input.size()), 0};
        char buffer[kOutputBlock];
        while (in.pos < in.size) {
            ZSTD_outBuffer out {buffer, sizeof buffer, 0};
            const size_t rc = ZSTD_decompressStream(m_stream, &out, &in);
            output.append(buffer, qsizetype(out.pos));
            if (ZSTD_isError(rc)) {
                m_failed = true;
                break;
            }
        }
        // Flush what the decoder still holds for this input.
        for (;;) {
            ZSTD_outBuffer out {buffer, sizeof buffer, 0};
            const size_t rc = ZSTD_decompressStream(m_stream, &out, &in);
            output.append(buffer, qsizetype(out.pos));
            if (ZSTD_isError(rc) || out.pos < out.size) {
                break;
            }
        }
        return output;
    }

private:
    ZSTD_DStream *m_stream;
    bool m_failed = false;
};

QByteArray normalized(const QByteArray &contentEncoding)
{
    return contentEncoding.trimmed().toLower();
}

} // namespace

bool BodyDecoder::isSupported(const QByteArray &contentEncoding)
{
    const QByteArray coding = normalized(contentEncoding);
    return coding == "gzip" || coding == "x-gzip" || coding == "deflate" || coding == "br" || coding == "zstd";
}

std::unique_ptr<BodyDecoder> BodyDecoder::create(const QByteArray &contentEncoding)
{
    const QByteArray coding = normalized(contentEncoding);
    if (coding == "gzip" || coding == "x-gzip") {
        return std::make_unique<ZlibDecoder>(false);
    }
    if (coding == "deflate") {
        return std::make_unique<ZlibDecoder>(true);
    }
    if (coding == "br") {
        return std::make_unique<BrotliDecoder>();
    }
    if (coding == "zstd") {
        return std::make_unique<ZstdDecoder>();
    }
    return nullptr;
}

} // namespace SseScope
