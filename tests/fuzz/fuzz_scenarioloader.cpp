// libFuzzer target: the scenario loader (docs/hardening.md). Any bytes: no crash, and either a
// Scenario that survives a save/load round trip, or an error whose line and column lie within
// the input.
#include <scenario/scenariojson.h>

#include <QString>

#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_scenarioloader: %s %s\n", what, detail.constData());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    ScenarioError error;
    const std::optional<Scenario> scenario = ScenarioJson::parse(json, QStringLiteral("fuzz.json"), &error);
    if (scenario) {
        const QByteArray saved = ScenarioJson::toJson(*scenario);
        ScenarioError again;
        const std::optional<Scenario> reloaded = ScenarioJson::parse(saved, QStringLiteral("saved.json"), &again);
        check(reloaded.has_value(), "a saved scenario does not load:", again.toString().toUtf8());
        check(*reloaded == *scenario, "the round trip changed the scenario");
        return 0;
    }
    check(!error.reason.isEmpty(), "an error without a reason");
    check(error.file == QStringLiteral("fuzz.json"), "the error names another file");
    if (error.line == 0) {
        // Only a file that cannot be read at all (too large) has no position.
        check(error.column == 0, "a column without a line");
        return 0;
    }
    const QList<QByteArray> lines = json.split('\n');
    check(error.line >= 1 && error.line <= lines.size(), "error line outside the input:", error.toString().toUtf8());
    const int lineChars = int(QString::fromUtf8(lines.at(error.line - 1)).size());
    check(error.column >= 1 && error.column <= lineChars + 1, "error column outside its line:",
          error.toString().toUtf8());
    return 0;
}
