#pragma once

#include <QByteArray>
#include <QString>

namespace SseScope {

class Session;

struct HarOptions
{
    // false (the default): the export is sanitized (docs/har.md, HarSanitizer). true: cookies,
    // credentials and tokens are kept as recorded — the file then holds secrets, and the CLI and
    // the window say so.
    bool keepSecrets = false;
};

// A Session as a HAR 1.2 file (docs/har.md): one entry per exchange (preflight, login, redirect
// hops, stream attempts) with heads, cookies, timings and the raw body in content.text (base64
// when the bytes are not valid UTF-8); the stream's MessageEvents in `_eventSourceMessages`; the
// verdict, console, findings and everything needed to rebuild the Session in `_ssescope`.
//
// Deterministic: the same Session and options give the same bytes, members in a fixed order, so
// export → HarReader::read → export is byte-identical.
class HarWriter final
{
public:
    static QByteArray toHar(const Session &session, const HarOptions &options = {});

    // Writes toHar() to `path` atomically (QSaveFile: the old file stays whole on failure).
    // On failure returns false and sets *errorString ("cannot write FILE: reason").
    static bool write(const Session &session, const QString &path, const HarOptions &options,
        QString *errorString = nullptr);

    // The one-line warning the CLI and the window show when HarOptions::keepSecrets is set.
    static QString keepSecretsWarning(const QString &path);
};

} // namespace SseScope
