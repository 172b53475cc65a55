#include "scenariorecovery.h"

#include "scenariojson.h"

#include <common/logging.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace SseScope {

namespace {

constexpr qint64 maxRecoveryBytes = 16 * 1024 * 1024; // a scenario file is far smaller

QString absolutePath(const QString &documentPath)
{
    return documentPath.isEmpty() ? QString() : QFileInfo(documentPath).absoluteFilePath();
}

} // namespace

QString ScenarioRecovery::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
}

ScenarioRecovery::ScenarioRecovery(const QString &directory)
    : m_directory(directory)
{
}

QString ScenarioRecovery::fileFor(const QString &documentPath) const
{
    const QString path = absolutePath(documentPath);
    // A hash keeps any path (slashes, length) a valid, fixed-size file name.
    const QString key = path.isEmpty()
        ? QStringLiteral("untitled")
        : QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
    return m_directory + QStringLiteral("/scenario-") + key + QStringLiteral(".json");
}

bool ScenarioRecovery::store(const Scenario &scenario, const QString &documentPath, QString *errorString)
{
    const auto fail = [errorString](const QString &reason) {
        if (errorString) {
            *errorString = reason;
        }
        qCWarning(lcScenario).noquote() << "cannot keep the unsaved scenario for recovery:" << reason;
        return false;
    };
    if (!QDir().mkpath(m_directory)) {
        return fail(QStringLiteral("cannot create %1").arg(m_directory));
    }
    const QJsonObject root{
        {QStringLiteral("ssescopeRecovery"), formatVersion},
        {QStringLiteral("document"), absolutePath(documentPath)},
        {QStringLiteral("storedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("scenario"), ScenarioJson::toJsonObject(scenario)},
    };
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Compact);
    QSaveFile file(fileFor(documentPath));
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(file.errorString());
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(reason);
    }
    return true;
}

void ScenarioRecovery::discard(const QString &documentPath)
{
    discardFile(fileFor(documentPath));
}

void ScenarioRecovery::discardFile(const QString &recoveryFile)
{
    if (QFile::exists(recoveryFile) && !QFile::remove(recoveryFile)) {
        qCWarning(lcScenario).noquote() << "cannot remove the recovery file" << recoveryFile;
    }
}

QList<ScenarioRecovery::Entry> ScenarioRecovery::pending(QStringList *problems) const
{
    QList<Entry> entries;
    const QDir dir(m_directory);
    const QStringList names = dir.entryList({QStringLiteral("scenario-*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        const auto problem = [&](const QString &reason) {
            if (problems) {
                problems->append(QStringLiteral("%1: %2").arg(path, reason));
            }
        };
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            problem(file.errorString());
            continue;
        }
        if (file.size() > maxRecoveryBytes) {
            problem(QStringLiteral("larger than %1 bytes").arg(maxRecoveryBytes));
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        const QJsonObject root = document.object();
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            problem(parseError.errorString());
            continue;
        }
        if (root.value(QStringLiteral("ssescopeRecovery")).toInt() != formatVersion) {
            problem(QStringLiteral("not a recovery file of this version"));
            continue;
        }
        ScenarioError error;
        const std::optional<Scenario> scenario = ScenarioJson::parse(
            QJsonDocument(root.value(QStringLiteral("scenario")).toObject()).toJson(), path, &error);
        if (!scenario) {
            problem(error.reason);
            continue;
        }
        Entry entry;
        entry.documentPath = root.value(QStringLiteral("document")).toString();
        entry.scenario = *scenario;
        entry.storedAt = QDateTime::fromString(root.value(QStringLiteral("storedAt")).toString(), Qt::ISODateWithMs);
        entry.recoveryFile = path;
        entries.append(entry);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.storedAt < b.storedAt; });
    return entries;
}

} // namespace SseScope
