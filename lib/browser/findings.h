#pragma once

#include <QFlags>
#include <QList>
#include <QMetaType>
#include <QString>

namespace SseScope {

enum class Severity
{
    Info,
    Warning,
    Error
};

QString severityName(Severity severity); // "info" | "warning" | "error" (JSON, HAR)

// What a finding is, besides its text: the rules that say where it counts. The client asks the
// catalogue (findingHasTrait) instead of keeping lists of ids.
enum class FindingTrait
{
    None = 0,
    // About reading a response as an event stream — its body, its reconnects, its long life: it
    // does not apply to a plain fetch whose body nobody streams (the `--login` request).
    StreamOnly = 0x1,
    // A timing finding that holds while the stream is open (a stall, a missing heartbeat, a
    // buffered body): raised as soon as it holds, once per exchange, not only when the stream ends.
    Live = 0x2,
};
Q_DECLARE_FLAGS(FindingTraits, FindingTrait)
Q_DECLARE_OPERATORS_FOR_FLAGS(FindingTraits)

// One entry of the findings catalogue: stable dotted lower-case id, what it means, how to fix it.
// Texts are in English here and translated in the GUI's presentation layer (QT_TRANSLATE_NOOP
// context "Finding").
struct FindingDefinition
{
    const char *id; // "cors.wildcard-with-credentials"
    Severity severity;
    const char *title;
    const char *explanation; // plain words: what the browser does and why
    const char *fix; // the concrete change, headers first
    // How to send the fix from Express, nginx and Go net/http; nullptr when the fix is not on the
    // server (a page-side change) or has no header form.
    const char *snippetExpress;
    const char *snippetNginx;
    const char *snippetOther; // Go net/http
    const char *reference; // the standard section or observed Chromium behaviour it follows
    FindingTraits traits = FindingTrait::None;
};

// A finding raised about one session: a catalogue entry plus what was seen this time.
struct Finding
{
    QString id;
    Severity severity = Severity::Info;
    QString title;
    QString detail; // this occurrence: the header value, the URL, the cookie name ...
    QString fix;

    friend bool operator==(const Finding &a, const Finding &b)
    {
        return a.id == b.id && a.severity == b.severity && a.detail == b.detail;
    }
};

// Each area of the browser model contributes its table from its own source file; the catalogue
// is their concatenation, in this order (findingcatalogue.cpp).
QList<FindingDefinition> requestFindingDefinitions(); // request.*, credentials.* (requestfindings.cpp)
QList<FindingDefinition> corsFindingDefinitions(); // cors.* (corsfindings.cpp)
QList<FindingDefinition> preflightFindingDefinitions(); // preflight.* (preflightfindings.cpp)
QList<FindingDefinition> eventSourceFindingDefinitions(); // eventsource.*, fetch.* (eventsourcefindings.cpp)
QList<FindingDefinition> fetchFindingDefinitions(); // fetch.* of fetch readers: init, read headers, body (fetchfindings.cpp)
QList<FindingDefinition> productionFindingDefinitions(); // response.*, stream.no-*, http.* (productionfindings.cpp)
QList<FindingDefinition> transportFindingDefinitions(); // transport.*, client.*, stream parser caps (transportfindings.cpp)
QList<FindingDefinition> cookieFindingDefinitions(); // cookie.* (cookiefindings.cpp, the cookie area)
QList<FindingDefinition> localNetworkFindingDefinitions(); // lna.* (localnetworkfindings.cpp)
QList<FindingDefinition> importFindingDefinitions(); // har.* (importfindings.cpp)

// The whole catalogue, in a stable order.
const QList<FindingDefinition> &findingCatalogue();
const FindingDefinition *findFindingDefinition(const QString &id);
// Whether catalogue entry `id` has `trait`; false for an id the catalogue does not know.
bool findingHasTrait(const QString &id, FindingTrait trait);
// A Finding for catalogue entry `id`, with this occurrence's detail; asserts that the id exists.
Finding makeFinding(const char *id, const QString &detail);

// docs/findings.md, generated from the catalogue (the `update_findings_doc` target writes it; a
// unit test fails when the committed file differs).
QString findingCatalogueMarkdown();

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::Finding)
