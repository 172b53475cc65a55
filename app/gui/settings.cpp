#include "settings.h"

namespace SseScope::Gui {

namespace {
const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
const QString splitterPrefix = QStringLiteral("window/splitter/");
const QString recentKey = QStringLiteral("files/recent");
const QString lastDirectoryKey = QStringLiteral("files/lastDirectory");
const QString profileKey = QStringLiteral("client/browser");
const QString connectOnStartKey = QStringLiteral("client/connectOnStart");
const QString apiPortKey = QStringLiteral("server/apiPort");
const QString pagePortKey = QStringLiteral("server/pagePort");
const QString autoScrollKey = QStringLiteral("events/autoScroll");
} // namespace

Settings::Settings() = default;

QByteArray Settings::windowGeometry() const
{
    return m_settings.value(geometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(geometryKey, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings.value(stateKey).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings.setValue(stateKey, state);
}

QByteArray Settings::splitterState(const QString &name) const
{
    return m_settings.value(splitterPrefix + name).toByteArray();
}

void Settings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings.setValue(splitterPrefix + name, state);
}

QStringList Settings::recentFiles() const
{
    return m_settings.value(recentKey).toStringList();
}

void Settings::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles) {
        files.removeLast();
    }
    m_settings.setValue(recentKey, files);
}

void Settings::clearRecentFiles()
{
    m_settings.remove(recentKey);
}

QString Settings::lastDirectory() const
{
    return m_settings.value(lastDirectoryKey).toString();
}

void Settings::setLastDirectory(const QString &directory)
{
    m_settings.setValue(lastDirectoryKey, directory);
}

QString Settings::browserProfile() const
{
    return m_settings.value(profileKey, QStringLiteral("chromium")).toString();
}

void Settings::setBrowserProfile(const QString &name)
{
    m_settings.setValue(profileKey, name);
}

bool Settings::connectOnStart() const
{
    return m_settings.value(connectOnStartKey, true).toBool();
}

void Settings::setConnectOnStart(bool on)
{
    m_settings.setValue(connectOnStartKey, on);
}

quint16 Settings::apiPort() const
{
    return quint16(m_settings.value(apiPortKey, 0).toUInt());
}

void Settings::setApiPort(quint16 port)
{
    m_settings.setValue(apiPortKey, port);
}

quint16 Settings::pagePort() const
{
    return quint16(m_settings.value(pagePortKey, 0).toUInt());
}

void Settings::setPagePort(quint16 port)
{
    m_settings.setValue(pagePortKey, port);
}

bool Settings::autoScroll() const
{
    return m_settings.value(autoScrollKey, true).toBool();
}

void Settings::setAutoScroll(bool on)
{
    m_settings.setValue(autoScrollKey, on);
}

bool Settings::tourShown() const
{
    return m_settings.value(QStringLiteral("help/tourShown"), false).toBool();
}

void Settings::setTourShown(bool shown)
{
    m_settings.setValue(QStringLiteral("help/tourShown"), shown);
}

} // namespace SseScope::Gui
