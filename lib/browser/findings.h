#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace SseScope {

enum class Severity { Info, Warning, Error };

QString severityName(Severity severity); // "info" | "warning" | "error" (JSON, HAR)

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
    const char *snippetExpress; // how to send the fix from Express
    const char *snippetNginx; // ... from nginx
    const char *snippetOther; // ... from one more common server (e.g. Go net/http)
    const char *reference; // the standard section or observed Chromium behaviour it follows
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

// The whole catalogue, in a stable order. Each area of the browser model contributes its table
// from its own source file (see findingcatalogue.cpp).
const QList<FindingDefinition> &findingCatalogue();
const FindingDefinition *findFindingDefinition(const QString &id);
// A Finding for catalogue entry `id`, with this occurrence's detail; asserts that the id exists.
Finding makeFinding(const char *id, const QString &detail);

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::Finding)
