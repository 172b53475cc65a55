// libFuzzer target: the client's HTTP/1.1 response reader, head and chunked body
// (docs/hardening.md). Today that is ResponseHeadReader (lib/client/responseheadreader.h) and ChunkedDecoder
// (lib/client/chunkeddecoder.h); the target reaches them only through readResponse() below, so a
// new reader replaces two functions here, not the checks.
//
// One input: a cap on the head, a chunking, then either raw response bytes or a body to frame.
// Checks besides "no crash, no sanitizer report":
//  - the same bytes read at once and in the fuzzer's pieces give the same verdict, head and body;
//  - the head never exceeds its cap; a complete head's fields have a name without ':' or a line end,
//    and the head, written out again, reads back the same;
//  - the decoded body is never longer than its wire bytes;
//  - a body framed by our own encoder (any chunk sizes, hex case, extensions, LF or CRLF, trailers)
//    decodes to exactly that body, in any chunking.
#include <client/chunkeddecoder.h>
#include <client/responseheadreader.h>

#include <fuzzer/FuzzedDataProvider.h>


#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_httpresponse: %s %s\n", what, detail.toPercentEncoding(" :/").constData());
        std::abort();
    }
}

// ---- the reader under test: the stable interface -------------------------------------------------

enum class HeadVerdict { NeedMore, Complete, TooBig, Malformed };

struct ReadResponse
{
    HeadVerdict verdict = HeadVerdict::NeedMore;
    ResponseHead head;
    QByteArray version;
    qint64 headBytes = 0;
    bool chunked = false; // the head asked for chunked framing and the body went through the decoder
    QByteArray body; // decoded when chunked, else the raw bytes after the head
    bool bodyFinished = false; // chunked: the last chunk and the trailers were read
    bool bodyFailed = false; // chunked: bad framing
};

HeadVerdict verdictOf(ResponseHeadReader::State state)
{
    switch (state) {
    case ResponseHeadReader::State::NeedMore:
        return HeadVerdict::NeedMore;
    case ResponseHeadReader::State::Complete:
        return HeadVerdict::Complete;
    case ResponseHeadReader::State::TooBig:
        return HeadVerdict::TooBig;
    case ResponseHeadReader::State::Malformed:
        return HeadVerdict::Malformed;
    }
    return HeadVerdict::Malformed;
}

bool isChunked(const ResponseHead &head)
{
    return head.headers.combinedValue("Transfer-Encoding").trimmed().toLower().endsWith("chunked");
}

// Reads one response from the wire, delivered in `pieces`, with `maxHeadBytes` as the head's cap.
ReadResponse readResponse(const QList<QByteArrayView> &pieces, qint64 maxHeadBytes)
{
    ReadResponse r;
    ResponseHeadReader reader(maxHeadBytes);
    ChunkedDecoder decoder;
    for (QByteArrayView piece : pieces) {
        if (reader.state() == ResponseHeadReader::State::NeedMore) {
            const qsizetype taken = reader.feed(piece);
            check(taken >= 0 && taken <= piece.size(), "feed took more than it was given");
            piece = piece.sliced(taken);
            if (reader.state() == ResponseHeadReader::State::Complete) {
                r.chunked = isChunked(reader.head());
            }
        }
        if (reader.state() != ResponseHeadReader::State::Complete || piece.isEmpty()) {
            continue;
        }
        if (r.chunked) {
            const bool wasDone = decoder.finished() || decoder.failed();
            const QByteArray out = decoder.decode(piece);
            check(out.size() <= piece.size(), "a chunked body decoded to more than its wire bytes");
            check(!wasDone || out.isEmpty(), "the decoder gave data after it finished or failed");
            r.body += out;
        } else {
            r.body += piece.toByteArray();
        }
    }
    r.verdict = verdictOf(reader.state());
    r.headBytes = reader.headBytes();
    if (r.verdict == HeadVerdict::Complete) {
        r.head = reader.head();
        r.version = reader.httpVersion();
    }
    r.bodyFinished = decoder.finished();
    r.bodyFailed = decoder.failed();
    return r;
}

// Decodes a chunked body alone, in pieces.
struct Decoded
{
    QByteArray body;
    bool finished = false;
    bool failed = false;
};

Decoded decodeChunked(const QList<QByteArrayView> &pieces)
{
    Decoded d;
    ChunkedDecoder decoder;
    for (QByteArrayView piece : pieces) {
        d.body += decoder.decode(piece);
    }
    d.finished = decoder.finished();
    d.failed = decoder.failed();
    check(!(d.finished && d.failed), "the decoder both finished and failed");
    return d;
}

// ---- helpers ---------------------------------------------------------------------------------------

QList<QByteArrayView> split(QByteArrayView all, const std::vector<uint8_t> &cuts)
{
    QList<QByteArrayView> pieces;
    qsizetype pos = 0;
    for (uint8_t cut : cuts) {
        if (pos >= all.size()) {
            break;
        }
        const qsizetype n = qMin<qsizetype>(1 + cut % 64, all.size() - pos);
        pieces.append(all.sliced(pos, n));
        pos += n;
    }
    if (pos < all.size()) {
        pieces.append(all.sliced(pos));
    }
    return pieces;
}

QByteArray serializeHead(const ReadResponse &r)
{
    QByteArray out = "HTTP/" + r.version + ' ' + QByteArray::number(r.head.status).rightJustified(3, '0');
    if (!r.head.reasonPhrase.isEmpty()) {
        out += ' ' + r.head.reasonPhrase;
    }
    out += "\r\n";
    for (const HttpHeader &h : r.head.headers.lines()) {
        out += h.name + ": " + h.value + "\r\n";
    }
    return out + "\r\n";
}

void checkHead(const ReadResponse &r, qint64 cap, const QByteArray &wire)
{
    const qsizetype wireSize = wire.size();
    check(r.headBytes <= cap, "the head reader kept more than its cap");
    check(r.headBytes <= wireSize, "the head is longer than the input");
    if (r.verdict == HeadVerdict::TooBig) {
        check(r.headBytes == cap, "too big before the cap was full");
    }
    if (r.verdict != HeadVerdict::Complete) {
        return;
    }
    check(r.version == "1.0" || r.version.size() == 3, "odd HTTP version:", r.version);
    // The status code is three ASCII digits as sent (RFC 9112 §4; Chromium reads digits only).
    const QByteArray statusLine = wire.left(wire.indexOf('\n'));
    const QByteArray code = statusLine.mid(statusLine.indexOf(' ') + 1).trimmed().left(3);
    check(code.size() == 3 && std::all_of(code.cbegin(), code.cend(), [](char c) { return c >= '0' && c <= '9'; }),
          "a status code that is not three digits:", statusLine);
    check(r.head.status == code.toInt(), "the status is not its digits:", statusLine);
    check(!r.head.reasonPhrase.contains('\n'), "a reason phrase with a line end");
    for (const HttpHeader &h : r.head.headers.lines()) {
        check(!h.name.isEmpty(), "an empty field name");
        check(!h.name.contains(':') && !h.name.contains('\n'), "a field name with ':' or LF:", h.name);
        check(!h.value.contains('\n'), "a field value with LF:", h.value);
    }
    // Written out canonically, the head reads back the same (no cap in the way: give it room).
    const QByteArray again = serializeHead(r);
    ReadResponse reread = readResponse({QByteArrayView(again)}, again.size() + 1);
    check(reread.verdict == HeadVerdict::Complete, "the written-out head does not read back:", again);
    check(reread.head.status == r.head.status, "status changed on re-reading:", again);
    check(reread.head.reasonPhrase == r.head.reasonPhrase, "reason phrase changed on re-reading:", again);
    check(reread.head.headers == r.head.headers, "fields changed on re-reading:", again);
    check(reread.version == r.version, "version changed on re-reading:", again);
}

void checkSame(const ReadResponse &a, const ReadResponse &b, const QByteArray &wire)
{
    check(a.verdict == b.verdict, "the chunking changed the head verdict:", wire);
    check(a.headBytes == b.headBytes, "the chunking changed the head's length:", wire);
    check(a.head.status == b.head.status && a.head.reasonPhrase == b.head.reasonPhrase
              && a.head.headers == b.head.headers && a.version == b.version,
          "the chunking changed the head:", wire);
    check(a.chunked == b.chunked, "the chunking changed the framing:", wire);
    check(a.body == b.body, "the chunking changed the body:", wire);
    check(a.bodyFinished == b.bodyFinished && a.bodyFailed == b.bodyFailed,
          "the chunking changed the body's end:", wire);
}

// Frames `body` as chunked with fuzzer-chosen sizes and spellings that RFC 9112 allows (and that
// Chromium reads): hex in either case with leading zeros, chunk extensions, bare LF line ends,
// trailer fields.
QByteArray encodeChunked(const QByteArray &body, FuzzedDataProvider &fdp)
{
    QByteArray wire;
    qsizetype pos = 0;
    auto eol = [&] { return fdp.ConsumeBool() ? QByteArray("\n") : QByteArray("\r\n"); };
    while (pos < body.size()) {
        const qsizetype n = qMin<qsizetype>(fdp.ConsumeIntegralInRange<int>(1, 300), body.size() - pos);
        QByteArray size = QByteArray::number(qlonglong(n), 16);
        if (fdp.ConsumeBool()) {
            size = size.toUpper();
        }
        size = QByteArray(fdp.ConsumeIntegralInRange<int>(0, 3), '0') + size;
        wire += size;
        if (fdp.ConsumeBool()) {
            wire += ";ext=\"x\"";
        }
        wire += eol() + body.mid(pos, n) + eol();
        pos += n;
    }
    wire += "0" + eol();
    if (fdp.ConsumeBool()) {
        wire += "Trailer-Field: v" + eol();
    }
    return wire + eol();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    const int mode = fdp.ConsumeIntegralInRange<int>(0, 3);
    // Small caps are hit constantly; 0 stands for Chromium's 256 KiB.
    const qint64 cap = fdp.ConsumeBool() ? chromiumMaxResponseHeadBytes : fdp.ConsumeIntegralInRange<qint64>(1, 512);
    const std::vector<uint8_t> cuts = fdp.ConsumeBytes<uint8_t>(fdp.ConsumeIntegralInRange<int>(0, 32));

    if (mode == 3) {
        // A body framed by our encoder decodes to exactly itself.
        const std::string text = fdp.ConsumeRandomLengthString(4096);
        const QByteArray body(text.data(), qsizetype(text.size()));
        const QByteArray wire = encodeChunked(body, fdp);
        const Decoded d = decodeChunked(split(wire, cuts));
        check(d.finished && !d.failed, "our own chunked framing was not read to its end:", wire);
        check(d.body == body, "our own chunked framing decoded to another body:", wire);
        return 0;
    }

    const std::string rest = fdp.ConsumeRemainingBytesAsString();
    const QByteArray wire(rest.data(), qsizetype(rest.size()));
    if (mode == 2) {
        // Raw chunked bytes, no head: the same in any chunking, never more out than in.
        const Decoded whole = decodeChunked({QByteArrayView(wire)});
        const Decoded pieces = decodeChunked(split(wire, cuts));
        check(whole.body.size() <= wire.size(), "a chunked body decoded to more than its wire bytes");
        check(whole.body == pieces.body && whole.finished == pieces.finished && whole.failed == pieces.failed,
              "the chunking changed the decoded body:", wire);
        return 0;
    }
    // A whole response: head, then the body (chunked when the head says so).
    const ReadResponse whole = readResponse({QByteArrayView(wire)}, cap);
    checkHead(whole, cap, wire);
    const ReadResponse pieces = readResponse(split(wire, cuts), cap);
    checkSame(whole, pieces, wire);
    if (mode == 1) {
        // One byte at a time: the slowest server.
        QList<QByteArrayView> bytes;
        for (qsizetype i = 0; i < wire.size(); ++i) {
            bytes.append(QByteArrayView(wire).sliced(i, 1));
        }
        checkSame(whole, readResponse(bytes, cap), wire);
    }
    return 0;
}
