// libFuzzer target: the HAR importer (docs/hardening.md). Any bytes: no crash, and either an
// import whose re-export is stable (export → read → export gives the same bytes), or an error
// whose line and column lie within the input.
#include <session/harreader.h>
#include <session/harwriter.h>

#include <QString>

#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_harreader: %s %s\n", what, detail.constData());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    HarError error;
    const std::optional<HarImport> imported = HarReader::read(bytes, QStringLiteral("fuzz.har"), &error);
    if (imported) {
        const QByteArray first = HarWriter::toHar(imported->session);
        HarError again;
        const std::optional<HarImport> reread = HarReader::read(first, QStringLiteral("export.har"), &again);
        check(reread.has_value(), "our own export does not load:", again.toString().toUtf8());
        check(reread->producer == HarImport::Producer::SseScope, "our own export is not recognised as ours");
        check(HarWriter::toHar(reread->session) == first, "export → read → export changed the bytes");
        return 0;
    }
    check(!error.reason.isEmpty(), "an error without a reason");
    if (error.line == 0) {
        check(error.column == 0, "a column without a line");
        return 0;
    }
    const QList<QByteArray> lines = bytes.toByteArray().split('\n');
    check(error.line >= 1 && error.line <= lines.size(), "error line outside the input:", error.toString().toUtf8());
    const int lineChars = int(QString::fromUtf8(lines.at(error.line - 1)).size());
    check(error.column >= 1 && error.column <= lineChars + 1, "error column outside its line:",
          error.toString().toUtf8());
    return 0;
}
