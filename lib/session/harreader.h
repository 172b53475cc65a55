#pragma once

#include "session.h"

#include <browser/profile.h>

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace SseScope {

// Why a HAR file was refused, and where: "file:line:column: reason".
struct HarError
{
    QString fileName;
    int line = 0; // 1-based; 0 when the file could not be read at all
    int column = 0; // 1-based, in characters
    QString reason;

    QString toString() const;
};

// A HAR file loaded as a Session.
struct HarImport
{
    enum class Producer
    {
        SseScope, // our own export: the Session is rebuilt exactly from `_ssescope`
        Chrome, // Chrome/Chromium DevTools ("WebInspector")
        Firefox, // Firefox DevTools
        Other,
    };

    Session session;
    Producer producer = Producer::Other;
    QString creator; // "WebInspector 537.36", "Firefox 153.0", "ssescope 0.1.0"
    bool sanitized = false; // ours: as exported; others: no Cookie, Set-Cookie or Authorization anywhere
    // Foreign HARs: what the HAR does not hold, in plain words (also in the session's
    // `har.import-limits` finding). Empty for our own files.
    QStringList missing;
    int skippedEntries = 0; // entries that are not part of the stream (page, scripts, images…)
};

QString harProducerName(HarImport::Producer producer); // "ssescope" | "chrome" | "firefox" | "other"

// How to read a HAR file.
struct HarReadOptions
{
    // The browser to diagnose as. By default the one the file names: Firefox for Firefox's files,
    // Chromium for Chrome's and others', and for ours the one the session was recorded with (then
    // the session is rebuilt exactly; another browser re-runs the diagnosis on the file's entries).
    std::optional<BrowserProfile> profile;
};

// Reads a HAR 1.2 file (docs/har.md "Import").
//
// - Our own files (a `log._ssescope` extension) are rebuilt into the Session they were written
//   from: exporting the result gives the same bytes.
// - Files saved by Chrome's or Firefox's developer tools keep the event-stream entries (with their
//   preflight and redirect hops); the diagnosis is re-run on what the HAR holds — the heads go
//   through EventSourceModel (the browser's profile, the page origin from the request's Origin
//   header) and the body through the event-stream parser — and what the HAR cannot tell is
//   listed in HarImport::missing and in a `har.import-limits` finding.
// - A malformed, truncated or wrongly shaped file is refused whole, with the line and column of
//   the fault; nothing is half-loaded.
//
// Hostile input is bounded: the size is capped, QJsonDocument caps nesting, and every count read
// from the file is checked against what the file really holds.
class HarReader final
{
public:
    static constexpr qint64 maxFileBytes = 1024LL * 1024 * 1024;

    // The fuzzing entry point: no file system. The first event stream of the file (a foreign
    // file's other streams are named in HarImport::missing).
    static std::optional<HarImport> read(QByteArrayView bytes, const QString &fileName, HarError *error = nullptr);
    static std::optional<HarImport> readFile(const QString &path, HarError *error = nullptr);
    // The first event stream, diagnosed as options.profile says (the window's "Diagnose As").
    static std::optional<HarImport> readFile(
        const QString &path, const HarReadOptions &options, HarError *error = nullptr);

    // Every event stream of the file, each as its own HarImport, in the order they started (our
    // own files hold one). A stream is a request that got an event stream (or was meant to), with
    // its preflight and redirect hops, and the later attempts at the same URL as its reconnects.
    static std::optional<QList<HarImport>> readStreams(
        QByteArrayView bytes, const QString &fileName, const HarReadOptions &options, HarError *error = nullptr);
    static std::optional<QList<HarImport>> readStreamsFromFile(
        const QString &path, const HarReadOptions &options, HarError *error = nullptr);
};

} // namespace SseScope
