#pragma once

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariant>

#include <optional>

namespace SseScope::Gui {

// The one typed wrapper over the window's settings (STYLE.md §13): widgets ask it, never QSettings.
//
// The file is the one QSettings() uses (on Linux ~/.config/SSE Scope/ssescope.conf, INI) and is
// read by QSettings, so existing settings (and the system-wide fallbacks) still apply. It is
// written by us, though: Qt 6.4's QSettings commits a cut-off file when the disk fills up and
// reports NoError (docs/hardening.md, known gap 6). Our writer serialises the same INI text,
// writes it through a QSaveFile whose write is checked, and commits only a whole file, so a
// failed save leaves the previous file byte-identical and reports the failure.
//
// Changes are kept in memory and saved on the next turn of the event loop (as QSettings does),
// by sync(), or when the object is destroyed. A save merges into what is on disk under
// QSettings' own lock file, so two instances (or processes) only overwrite the keys they set.
class Settings final : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxRecentFiles = 8;

    // The application's settings file (QSettings() of the organization/application names).
    explicit Settings(QObject *parent = nullptr);
    // A given INI file and no fallbacks (tests).
    explicit Settings(const QString &fileName, QObject *parent = nullptr);
    ~Settings() override; // saves pending changes (without saveFailed(): nobody is left to tell)

    QString fileName() const { return m_fileName; }
    // Saves the pending changes now. False when the file could not be written whole (the
    // previous file is then untouched and the changes stay pending); errorString() says why.
    bool sync();
    bool hasPendingChanges() const { return !m_pending.isEmpty(); }
    QString errorString() const { return m_error; }

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);

    QStringList recentFiles() const;
    void addRecentFile(const QString &path); // most recent first, no duplicates, bounded
    void clearRecentFiles();
    QString lastDirectory() const;
    void setLastDirectory(const QString &directory);

    QString browserProfile() const; // "chromium" by default
    void setBrowserProfile(const QString &name);
    // Start the mock server and connect when the window opens (default: yes).
    bool connectOnStart() const;
    void setConnectOnStart(bool on);
    quint16 apiPort() const; // 0: chosen by the system
    void setApiPort(quint16 port);
    quint16 pagePort() const;
    void setPagePort(quint16 port);
    bool autoScroll() const;
    void setAutoScroll(bool on);

    // The presets tour opens on the very first launch only (and until "Don't show again").
    bool tourShown() const;
    void setTourShown(bool shown);

    // The INI text QSettings reads back as `values` (exposed for the tests).
    static QByteArray toIni(const QVariantMap &values);

Q_SIGNALS:
    // A save from the event loop (or sync()) failed; the changes stay pending and are retried
    // with the next change or sync().
    void saveFailed(const QString &error);

private:
    QVariant value(const QString &key, const QVariant &defaultValue = {}) const;
    void setValue(const QString &key, const QVariant &value);
    void remove(const QString &key);
    void scheduleSave();
    bool save();

    QString m_fileName;
    QVariantMap m_values; // as read at construction (or after the last save)
    QMap<QString, std::optional<QVariant>> m_pending; // nullopt: removed
    QString m_error;
    QTimer m_saveTimer;
};

} // namespace SseScope::Gui
