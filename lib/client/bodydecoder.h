#pragma once

#include <QByteArray>

#include <memory>

namespace SseScope {

// Content-Encoding decoding, incremental, as a browser does it transparently: gzip, deflate
// (zlib-wrapped or raw), br and zstd — what the model advertises in Accept-Encoding. The client
// decodes deliberately (QNAM's own decoding is off), so the session knows the stream was compressed.
class BodyDecoder
{
public:
    virtual ~BodyDecoder() = default;

    // A decoder for the Content-Encoding value (one coding, case-insensitive); nullptr for
    // identity and for codings no browser decodes.
    static std::unique_ptr<BodyDecoder> create(const QByteArray &contentEncoding);
    // Whether `contentEncoding` names a coding a browser decodes (and create() handles).
    static bool isSupported(const QByteArray &contentEncoding);

    // The decoded bytes of the next input chunk (possibly empty: the coder holds a partial block).
    virtual QByteArray decode(const QByteArray &input) = 0;
    // The input was not valid for the coding: what follows is passed through undecoded.
    virtual bool failed() const = 0;
};

} // namespace SseScope
