#pragma once

// zlib's inflate for the tests that read the mock server's gzip streams (a Content-Encoding the
// server writes itself; the test must not trust Qt's decoder to check it).

#include <QByteArray>

#include <zlib.h>

namespace SseScopeTest {

// Inflates a gzip stream, or as much of it as arrived (a stream the server keeps open has no end
// yet); `complete` says whether the gzip trailer was reached.
inline QByteArray inflateGzip(const QByteArray &compressed, bool *complete = nullptr)
{
    z_stream z {};
    inflateInit2(&z, 15 + 16);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    z.avail_in = uInt(compressed.size());
    QByteArray out;
    char buffer[4096];
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof(buffer);
        rc = inflate(&z, Z_SYNC_FLUSH);
        out.append(buffer, qsizetype(sizeof(buffer) - z.avail_out));
    } while (rc == Z_OK && (z.avail_out == 0 || z.avail_in > 0));
    if (complete) {
        *complete = rc == Z_STREAM_END;
    }
    inflateEnd(&z);
    return out;
}

} // namespace SseScopeTest
