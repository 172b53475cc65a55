#pragma once

#include "scenario.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace SseScope {

// Crash recovery for unsaved scenario edits (docs/hardening.md).
//
// The editor calls store() after each edit (debounced: a few hundred milliseconds), discard()
// once the document is saved or its edits are thrown away, and pending() at start-up: whatever
// is still there was left by a run that crashed (or was killed) with unsaved edits, and the
// window offers to restore it. One recovery file per document, keyed by its path (an empty path
// is the unsaved "untitled" document), written atomically with QSaveFile, so a crash in the
// middle of store() leaves the previous recovery file whole.
class ScenarioRecovery final
{
public:
    struct Entry
    {
        QString documentPath; // the file the edits belong to; empty: never saved
        Scenario scenario; // the edited, unsaved state
        QDateTime storedAt; // UTC
        QString recoveryFile; // where it is kept (for discardFile())
    };

    // QStandardPaths::AppDataLocation + "/recovery".
    static QString defaultDirectory();

    explicit ScenarioRecovery(const QString &directory = defaultDirectory());

    QString directory() const { return m_directory; }

    // Keeps `scenario` as the unsaved state of `documentPath`. False (and why) when it could not
    // be written; the previous recovery file, if any, is then unchanged.
    bool store(const Scenario &scenario, const QString &documentPath, QString *errorString = nullptr);
    // The document was saved (or its edits discarded): its recovery file goes.
    void discard(const QString &documentPath);
    // Every stored entry, oldest first. Files that cannot be read (truncated by a full disk, from
    // a newer version) are skipped and described in *problems; they stay on disk until
    // discardFile() so nothing is lost silently.
    QList<Entry> pending(QStringList *problems = nullptr) const;
    void discardFile(const QString &recoveryFile);

    // The recovery file of a document (exists or not).
    QString fileFor(const QString &documentPath) const;

    static constexpr int formatVersion = 1;

private:
    QString m_directory;
};

} // namespace SseScope
