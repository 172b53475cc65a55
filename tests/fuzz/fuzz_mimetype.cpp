// libFuzzer target: Content-Type / MIME parsing (lib/browser/mimetype.h; docs/hardening.md). One
// input is up to three Content-Type lines (fuzzer bytes, or built from a type, parameters and
// separators). Checks besides "no crash, no sanitizer report":
//  - a parsed essence has a '/', no ',' or ';', and no blanks at its ends; a charset has no ',' or
//    ';'; a missing header is "not present", an empty one is present with no essence;
//  - several lines are read as their ", " join, and only the last parseable value counts: putting
//    anything before a value that parses changes nothing;
//  - the canonical form "essence; charset=\"…\"" reads back to the same essence and charset;
//  - differential: for one value without a comma, the request side's essence (mimeEssence, used
//    by the CORS-safelisted Content-Type check) is the response side's, lower-cased.
#include <browser/mimetype.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_mimetype: %s %s\n", what, detail.toPercentEncoding(" :/;=,").constData());
        std::abort();
    }
}

QByteArray bytes(FuzzedDataProvider &fdp, size_t max)
{
    const std::string s = fdp.ConsumeRandomLengthString(max);
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A Content-Type value built from parts the parser distinguishes, so that most inputs parse.
QByteArray builtValue(FuzzedDataProvider &fdp)
{
    static const char *const types[] = {"text/event-stream", "Text/Event-Stream", "text/plain", "*/*",
                                        "application/octet-stream", "text/html", "", "text", "/"};
    static const char *const params[] = {"charset=utf-8", "charset=\"UTF-8\"", "Charset = latin1", "charset=",
                                         "charset=\"", "q=1", "charset=utf-8;charset=koi8-r", "boundary=x"};
    static const char *const blanks[] = {"", " ", "\t", " \t "};
    QByteArray v = blanks[fdp.ConsumeIntegralInRange<int>(0, 3)];
    v += fdp.ConsumeBool() ? QByteArray(types[fdp.ConsumeIntegralInRange<int>(0, int(std::size(types)) - 1)])
                           : bytes(fdp, 32);
    const int n = fdp.ConsumeIntegralInRange<int>(0, 3);
    for (int i = 0; i < n; ++i) {
        v += QByteArray(blanks[fdp.ConsumeIntegralInRange<int>(0, 3)]) + ';'
            + blanks[fdp.ConsumeIntegralInRange<int>(0, 3)];
        v += fdp.ConsumeBool() ? QByteArray(params[fdp.ConsumeIntegralInRange<int>(0, int(std::size(params)) - 1)])
                               : bytes(fdp, 32);
    }
    return v;
}

void checkShape(const ParsedContentType &t, const QByteArray &value)
{
    check(t.present == !value.isNull(), "present disagrees with the header:", value);
    if (t.essence.isEmpty()) {
        check(t.charset.isEmpty(), "a charset without a type:", value);
        return;
    }
    check(t.essence.contains('/'), "an essence without '/':", value);
    check(!t.essence.contains(',') && !t.essence.contains(';'), "an essence with ',' or ';':", value);
    const char first = t.essence.front();
    const char last = t.essence.back();
    check(first != ' ' && first != '\t' && last != ' ' && last != '\t', "an untrimmed essence:", value);
    check(!t.charset.contains(',') && !t.charset.contains(';'), "a charset with ',' or ';':", value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    HttpHeaders headers;
    QList<QByteArray> lines;
    const int count = fdp.ConsumeIntegralInRange<int>(0, 3);
    for (int i = 0; i < count; ++i) {
        lines.append(fdp.ConsumeBool() ? builtValue(fdp) : bytes(fdp, 128));
        if (lines.last().isNull()) {
            lines.last() = QByteArray(""); // an empty header line is still a line
        }
        headers.append(fdp.ConsumeBool() ? "Content-Type" : "content-type", lines.last());
    }
    headers.append("X-Other", "text/html; charset=koi8-r");
    QByteArray combined = lines.join(", ");
    if (combined.isNull() && !lines.isEmpty()) {
        combined = QByteArray(""); // join() of one empty line is null, the header is not
    }

    const ParsedContentType parsed = parseContentType(headers);
    check(parsed == parseContentTypeValue(combined), "the header lines read unlike their join:", combined);
    checkShape(parsed, combined);
    if (!parsed.present) {
        return 0;
    }

    // Only the last parseable value counts.
    const QByteArray prefix = bytes(fdp, 64);
    if (!parsed.essence.isEmpty()) {
        check(parseContentTypeValue(prefix + ',' + combined) == parsed, "a value before the last one mattered:",
              prefix + ',' + combined);
    }

    // The canonical form reads back the same.
    if (!parsed.essence.isEmpty()) {
        QByteArray canonical = parsed.essence;
        if (!parsed.charset.isEmpty()) {
            canonical += "; charset=\"" + parsed.charset + '"';
        }
        const ParsedContentType again = parseContentTypeValue(canonical);
        check(again == parsed, "the canonical form reads back differently:", combined + " -> " + canonical);
    }

    // Request side vs response side, for one value without a comma.
    for (const QByteArray &line : std::as_const(lines)) {
        if (line.contains(',')) {
            continue;
        }
        const ParsedContentType one = parseContentTypeValue(line);
        if (!one.essence.isEmpty()) {
            check(mimeEssence(line) == one.essence.toLower(), "mimeEssence disagrees with parseContentType:", line);
        }
    }
    return 0;
}
