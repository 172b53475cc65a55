#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace SseScope::Gui {

// The one typed wrapper over QSettings (STYLE.md §13): widgets ask it, never QSettings.
class Settings final
{
public:
    static constexpr int maxRecentFiles = 8;

    Settings();

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

private:
    QSettings m_settings;
};

} // namespace SseScope::Gui
