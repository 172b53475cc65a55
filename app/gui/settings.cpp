#include "settings.h"

#include <common/logging.h>

#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QPoint>
#include <QRect>
#include <QSaveFile>
#include <QSettings>
#include <QSize>

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
const QString tourShownKey = QStringLiteral("help/tourShown");

QVariantMap readAll(QSettings &settings)
{
    QVariantMap values;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys) {
        values.insert(key, settings.value(key));
    }
    return values;
}

// The INI dialect of QSettings (Qt 6.4 qsettings.cpp: iniEscapedKey, iniEscapedString,
// variantToString, writeIniFile), so that QSettings reads back exactly what we write.
constexpr char hexDigits[] = "0123456789ABCDEF";

void appendEscapedKey(const QString &key, QByteArray &out)
{
    for (const QChar c : key) {
        const char16_t ch = c.unicode();
        if (ch == u'/') {
            out += '\\';
        } else if ((ch >= u'a' && ch <= u'z') || (ch >= u'A' && ch <= u'Z') || (ch >= u'0' && ch <= u'9') || ch == u'_'
                   || ch == u'-' || ch == u'.') {
            out += char(ch);
        } else if (ch <= 0xFF) {
            out += '%';
            out += hexDigits[ch / 16];
            out += hexDigits[ch % 16];
        } else {
            out += "%U";
            out += hexDigits[(ch >> 12) & 0xF];
            out += hexDigits[(ch >> 8) & 0xF];
            out += hexDigits[(ch >> 4) & 0xF];
            out += hexDigits[ch & 0xF];
        }
    }
}

void appendEscapedString(const QString &str, QByteArray &out)
{
    // @ByteArray/@Variant/@DateTime hold Latin-1 bytes: everything past ASCII is escaped. Text
    // is written as UTF-8, which QSettings 6 reads back.
    const bool utf8 = !str.startsWith(QLatin1String("@ByteArray(")) && !str.startsWith(QLatin1String("@Variant("))
        && !str.startsWith(QLatin1String("@DateTime("));
    const qsizetype start = out.size();
    bool needsQuotes = false;
    bool escapeNextIfDigit = false;
    for (qsizetype i = 0; i < str.size(); ++i) {
        const char16_t ch = str.at(i).unicode();
        if (ch == u';' || ch == u',' || ch == u'=') {
            needsQuotes = true;
        }
        // After "\x41" a following hex digit would extend the escape.
        if (escapeNextIfDigit && ((ch >= u'0' && ch <= u'9') || (ch >= u'a' && ch <= u'f') || (ch >= u'A' && ch <= u'F'))) {
            out += "\\x" + QByteArray::number(uint(ch), 16);
            continue;
        }
        escapeNextIfDigit = false;
        switch (ch) {
        case u'\0':
            out += "\\0";
            escapeNextIfDigit = true;
            break;
        case u'\a':
            out += "\\a";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\v':
            out += "\\v";
            break;
        case u'"':
        case u'\\':
            out += '\\';
            out += char(ch);
            break;
        default:
            if (ch <= 0x1F || (ch >= 0x7F && !utf8)) {
                out += "\\x" + QByteArray::number(uint(ch), 16);
                escapeNextIfDigit = true;
            } else if (ch >= 0x7F) {
                // A surrogate pair is encoded whole (one code point).
                const qsizetype n = (QChar::isHighSurrogate(ch) && i + 1 < str.size() && str.at(i + 1).isLowSurrogate()) ? 2 : 1;
                out += QStringView(str).mid(i, n).toUtf8();
                i += n - 1;
            } else {
                out += char(ch);
            }
        }
    }
    if (needsQuotes || (start < out.size() && (out.at(start) == ' ' || out.back() == ' '))) {
        out.insert(start, '"');
        out += '"';
    }
}

QString variantToString(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::UnknownType:
        return QStringLiteral("@Invalid()");
    case QMetaType::QByteArray: {
        const QByteArray bytes = v.toByteArray();
        return QLatin1String("@ByteArray(") + QLatin1String(bytes.constData(), bytes.size()) + u')';
    }
    case QMetaType::QString:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::Short:
    case QMetaType::Bool:
    case QMetaType::Float:
    case QMetaType::Double: {
        QString text = v.toString();
        if (text.startsWith(u'@')) {
            text.prepend(u'@');
        }
        return text;
    }
    case QMetaType::QRect: {
        const QRect r = v.toRect();
        return QStringLiteral("@Rect(%1 %2 %3 %4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
    }
    case QMetaType::QSize: {
        const QSize s = v.toSize();
        return QStringLiteral("@Size(%1 %2)").arg(s.width()).arg(s.height());
    }
    case QMetaType::QPoint: {
        const QPoint p = v.toPoint();
        return QStringLiteral("@Point(%1 %2)").arg(p.x()).arg(p.y());
    }
    default: {
        // Any other type a newer version (or the user) left in the file: kept as QSettings keeps it.
        const bool dateTime = v.metaType().id() == QMetaType::QDateTime;
        QByteArray bytes;
        {
            QDataStream stream(&bytes, QIODevice::WriteOnly);
            stream.setVersion(dateTime ? QDataStream::Qt_5_6 : QDataStream::Qt_4_0);
            stream << v;
        }
        return (dateTime ? QLatin1String("@DateTime(") : QLatin1String("@Variant(")) + QLatin1String(bytes.constData(), bytes.size())
            + u')';
    }
    }
}

void appendValue(const QVariant &value, QByteArray &out)
{
    const int type = value.metaType().id();
    // A one-element QVariantList is written as its element (QSettings does the same).
    if (type == QMetaType::QStringList || (type == QMetaType::QVariantList && value.toList().size() != 1)) {
        const QVariantList list = value.toList();
        if (list.isEmpty()) {
            out += "@Invalid()"; // reads back as an empty list
            return;
        }
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i != 0) {
                out += ", ";
            }
            appendEscapedString(variantToString(list.at(i)), out);
        }
        return;
    }
    appendEscapedString(variantToString(type == QMetaType::QVariantList ? value.toList().constFirst() : value), out);
}

} // namespace

QByteArray Settings::toIni(const QVariantMap &values)
{
    // Sections are the first key component; keys without one go to [General].
    QMap<QString, QVariantMap> sections;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const qsizetype slash = it.key().indexOf(u'/');
        if (slash == -1) {
            sections[QString()].insert(it.key(), it.value());
        } else {
            sections[it.key().left(slash)].insert(it.key().mid(slash + 1), it.value());
        }
    }
    QByteArray out;
    for (auto section = sections.cbegin(); section != sections.cend(); ++section) {
        QByteArray name;
        appendEscapedKey(section.key(), name);
        if (name.isEmpty()) {
            name = "General";
        } else if (name.compare("general", Qt::CaseInsensitive) == 0) {
            name = "%General"; // a real group called General, not the top-level keys
        }
        if (!out.isEmpty()) {
            out += '\n';
        }
        out += '[' + name + "]\n";
        for (auto it = section->cbegin(); it != section->cend(); ++it) {
            appendEscapedKey(it.key(), out);
            out += '=';
            appendValue(it.value(), out);
            out += '\n';
        }
    }
    return out;
}

Settings::Settings(QObject *parent)
    : QObject(parent)
{
    QSettings reader; // the user's file, then the organization's and the system's fallbacks
    m_fileName = reader.fileName();
    m_values = readAll(reader);
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &Settings::sync);
}

Settings::Settings(const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_fileName(fileName)
{
    QSettings reader(fileName, QSettings::IniFormat);
    m_values = readAll(reader);
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &Settings::sync);
}

Settings::~Settings()
{
    if (!m_pending.isEmpty() && !save()) {
        qCWarning(lcApp).noquote() << "The settings were not saved:" << m_error;
    }
}

bool Settings::sync()
{
    m_saveTimer.stop();
    if (m_pending.isEmpty()) {
        return true;
    }
    if (save()) {
        return true;
    }
    Q_EMIT saveFailed(m_error);
    return false;
}

bool Settings::save()
{
    const QFileInfo info(m_fileName);
    if (!QDir().mkpath(info.absolutePath())) {
        m_error = tr("cannot create the folder %1").arg(QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    // QSettings' own lock, so a QSettings or another instance does not write in between.
    QLockFile lock(m_fileName + QStringLiteral(".lock"));
    if (!lock.tryLock(5000)) {
        m_error = tr("cannot lock %1").arg(QDir::toNativeSeparators(m_fileName));
        return false;
    }
    // Merge into what is on disk now: only the keys changed here are overwritten.
    QVariantMap merged;
    {
        QSettings onDisk(m_fileName, QSettings::IniFormat);
        merged = readAll(onDisk);
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value()) {
            merged.insert(it.key(), *it.value());
        } else {
            merged.remove(it.key());
        }
    }
    const QByteArray text = toIni(merged);
    QSaveFile file(m_fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(m_fileName), file.errorString());
        return false;
    }
    // A short write (full disk, EFBIG) is a failure: the QSaveFile is then discarded, never
    // committed, and the previous file stays as it was.
    const qint64 written = file.write(text);
    if (written != text.size()) {
        m_error = written < 0 ? tr("cannot write %1: %2").arg(QDir::toNativeSeparators(m_fileName), file.errorString())
                              : tr("cannot write %1: only %2 of %3 bytes written (is the disk full?)")
                                    .arg(QDir::toNativeSeparators(m_fileName))
                                    .arg(written)
                                    .arg(text.size());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        m_error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(m_fileName), file.errorString());
        return false;
    }
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value()) {
            m_values.insert(it.key(), *it.value());
        } else {
            m_values.remove(it.key());
        }
    }
    m_pending.clear();
    m_error.clear();
    return true;
}

QVariant Settings::value(const QString &key, const QVariant &defaultValue) const
{
    const auto pending = m_pending.constFind(key);
    if (pending != m_pending.cend()) {
        return pending.value() ? *pending.value() : defaultValue;
    }
    return m_values.value(key, defaultValue);
}

void Settings::setValue(const QString &key, const QVariant &value)
{
    m_pending.insert(key, value);
    scheduleSave();
}

void Settings::remove(const QString &key)
{
    m_pending.insert(key, std::nullopt);
    scheduleSave();
}

void Settings::scheduleSave()
{
    // On the next turn of the event loop, as QSettings did: a burst of changes is one write.
    if (!m_saveTimer.isActive()) {
        m_saveTimer.start(0);
    }
}

QByteArray Settings::windowGeometry() const
{
    return value(geometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    setValue(geometryKey, geometry);
}

QByteArray Settings::windowState() const
{
    return value(stateKey).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    setValue(stateKey, state);
}

QByteArray Settings::splitterState(const QString &name) const
{
    return value(splitterPrefix + name).toByteArray();
}

void Settings::setSplitterState(const QString &name, const QByteArray &state)
{
    setValue(splitterPrefix + name, state);
}

QStringList Settings::recentFiles() const
{
    return value(recentKey).toStringList();
}

void Settings::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles) {
        files.removeLast();
    }
    setValue(recentKey, files);
}

void Settings::clearRecentFiles()
{
    remove(recentKey);
}

QString Settings::lastDirectory() const
{
    return value(lastDirectoryKey).toString();
}

void Settings::setLastDirectory(const QString &directory)
{
    setValue(lastDirectoryKey, directory);
}

QString Settings::browserProfile() const
{
    return value(profileKey, QStringLiteral("chromium")).toString();
}

void Settings::setBrowserProfile(const QString &name)
{
    setValue(profileKey, name);
}

bool Settings::connectOnStart() const
{
    return value(connectOnStartKey, true).toBool();
}

void Settings::setConnectOnStart(bool on)
{
    setValue(connectOnStartKey, on);
}

quint16 Settings::apiPort() const
{
    return quint16(value(apiPortKey, 0).toUInt());
}

void Settings::setApiPort(quint16 port)
{
    setValue(apiPortKey, int(port));
}

quint16 Settings::pagePort() const
{
    return quint16(value(pagePortKey, 0).toUInt());
}

void Settings::setPagePort(quint16 port)
{
    setValue(pagePortKey, int(port));
}

bool Settings::autoScroll() const
{
    return value(autoScrollKey, true).toBool();
}

void Settings::setAutoScroll(bool on)
{
    setValue(autoScrollKey, on);
}

bool Settings::tourShown() const
{
    return value(tourShownKey, false).toBool();
}

void Settings::setTourShown(bool shown)
{
    setValue(tourShownKey, shown);
}

} // namespace SseScope::Gui
