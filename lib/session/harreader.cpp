#include "harreader.h"

#include "harformat_p.h"
#include "harreader_p.h"

#include <common/logging.h>
#include <scenario/jsonlocator.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <limits>

namespace SseScope {

QString HarError::toString() const
{
    if (line <= 0) {
        return fileName + QStringLiteral(": ") + reason;
    }
    return QStringLiteral("%1:%2:%3: %4").arg(fileName).arg(line).arg(column).arg(reason);
}

QString harProducerName(HarImport::Producer producer)
{
    switch (producer) {
    case HarImport::Producer::SseScope:
        return QStringLiteral("ssescope");
    case HarImport::Producer::Chrome:
        return QStringLiteral("chrome");
    case HarImport::Producer::Firefox:
        return QStringLiteral("firefox");
    case HarImport::Producer::Other:
        break;
    }
    return QStringLiteral("other");
}
namespace HarInput {

// ---------------------------------------------------------------------------------------------
// The JSON input: typed values, each fault named by its JSON Pointer.

Node objectAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer)
{
    const QJsonValue value = array.at(index);
    if (!value.isObject()) {
        fail(element(arrayPointer, index), HarText::tr("must be an object"));
    }
    return Node(value.toObject(), element(arrayPointer, index));
}

QString stringAt(const QJsonArray &array, qsizetype index, const QString &arrayPointer)
{
    const QJsonValue value = array.at(index);
    if (!value.isString()) {
        fail(element(arrayPointer, index), HarText::tr("must be a string"));
    }
    return value.toString();
}

QDateTime parseTime(const Node &node, const char *key)
{
    const QString text = node.string(key);
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        fail(member(node.pointer(), key), HarText::tr("\"%1\" is not an ISO 8601 date and time: %2").arg(QLatin1String(key), text));
    }
    return time.toUTC();
}

QUrl parseUrl(const Node &node, const char *key, bool allowEmpty)
{
    const QString text = node.string(key);
    if (text.isEmpty() && allowEmpty) {
        return {};
    }
    const QUrl url = QUrl::fromEncoded(text.toUtf8(), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative()) {
        fail(member(node.pointer(), key), HarText::tr("\"%1\" is not an absolute URL: %2").arg(QLatin1String(key), text));
    }
    return url;
}

HttpHeaders parseHeaders(const Node &node)
{
    HttpHeaders headers;
    const QJsonArray lines = node.array("headers");
    const QString pointer = member(node.pointer(), "headers");
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const Node line = objectAt(lines, i, pointer);
        headers.append(line.string("name").toUtf8(), line.string("value").toUtf8());
    }
    return headers;
}

QByteArray httpVersionOf(const QString &harVersion)
{
    // UTF-8 like every other string read from a HAR: the writer writes these bytes back as UTF-8,
    // so a foreign file's odd version ("HTTP/1ý") must not become a Latin-1 byte that is no UTF-8.
    QByteArray version = harVersion.toUtf8();
    if (version.startsWith("HTTP/") || version.startsWith("http/")) {
        version = version.mid(5);
    }
    if (version == "2.0") {
        version = "2";
    } else if (harVersion.compare(QLatin1String("h2"), Qt::CaseInsensitive) == 0) {
        version = "2";
    } else if (harVersion.compare(QLatin1String("h3"), Qt::CaseInsensitive) == 0) {
        version = "3";
    }
    return version;
}

QByteArray parseBody(const Node &content)
{
    if (!content.has("text")) {
        return {};
    }
    const QString text = content.string("text");
    const QString encoding = content.optionalString("encoding");
    if (encoding.isEmpty()) {
        return text.toUtf8();
    }
    if (encoding != QLatin1String("base64")) {
        fail(member(content.pointer(), "encoding"), HarText::tr("unsupported content encoding \"%1\"").arg(encoding));
    }
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        fail(member(content.pointer(), "text"), HarText::tr("content.text is not valid base64"));
    }
    return *decoded;
}

QList<RecordedEvent> parseMessages(const Node &entry, quint64 exchangeId, qint64 epochMs)
{
    QList<RecordedEvent> events;
    const QJsonArray messages = entry.optionalArray("_eventSourceMessages");
    const QString pointer = member(entry.pointer(), "_eventSourceMessages");
    events.reserve(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const Node message = objectAt(messages, i, pointer);
        const double seconds = message.number("time");
        // Before 1970 is allowed: an entry dated so (a broken clock, a hand-edited file) is
        // imported, and our export writes its messages' times with the sign (harformat_p.h).
        if (!(std::abs(seconds) <= 1e13)) {
            fail(member(message.pointer(), "time"), HarText::tr("\"time\" is not seconds since the epoch"));
        }
        RecordedEvent event;
        event.exchangeId = exchangeId;
        event.receivedMs = qRound64(seconds * 1000.0) - epochMs;
        event.type = message.optionalString("eventName").toUtf8();
        if (event.type.isEmpty()) {
            event.type = QByteArrayLiteral("message");
        }
        event.lastEventId = message.optionalString("eventId").toUtf8();
        event.data = message.string("data").toUtf8();
        // Our own marks (harwriter.cpp); absent in Chrome's and Firefox's files.
        event.hasId = message.optionalBoolean("_hasId", false);
        const QString replay = message.optionalString("_replay", QStringLiteral("none"));
        if (replay == QLatin1String(Har::replayMarkName(RecordedEvent::Replay::Repeated))) {
            event.replay = RecordedEvent::Replay::Repeated;
        } else if (replay == QLatin1String(Har::replayMarkName(RecordedEvent::Replay::AfterGap))) {
            event.replay = RecordedEvent::Replay::AfterGap;
        } else if (replay != QLatin1String(Har::replayMarkName(RecordedEvent::Replay::None))) {
            fail(member(message.pointer(), "_replay"),
                HarText::tr("\"_replay\" must be \"repeated\", \"afterGap\" or \"none\""));
        }
        if (message.has("_missedBefore")) {
            const qint64 missed = message.integer("_missedBefore", 0);
            event.missedBefore = quint32(std::min<qint64>(missed, std::numeric_limits<quint32>::max()));
        }
        events.append(event);
    }
    return events;
}

} // namespace HarInput

// ---------------------------------------------------------------------------------------------
// The entry point: the bytes as JSON, the kind of file, and every fault as file:line:column.

using namespace HarInput;

namespace {

HarImport::Producer producerOf(const Node &log, const QString &creatorName)
{
    const QString browserName = log.has("browser") ? log.object("browser").optionalString("name") : QString();
    if (creatorName == QLatin1String("WebInspector") || browserName.contains(QLatin1String("Chrom"))) {
        return HarImport::Producer::Chrome;
    }
    if (creatorName == QLatin1String("Firefox") || browserName == QLatin1String("Firefox")) {
        return HarImport::Producer::Firefox;
    }
    return HarImport::Producer::Other;
}

// The browser a foreign file is diagnosed as when none is asked for: the one that saved it.
BrowserProfile defaultProfileFor(HarImport::Producer producer)
{
    return producer == HarImport::Producer::Firefox ? BrowserProfile::firefox() : BrowserProfile::chromium();
}

// The whole file as JSON, its kind, and every fault as file:line:column.
std::optional<QList<HarImport>> readDocument(
    QByteArrayView bytes, const QString &fileName, const HarReadOptions &options, bool everyStream, HarError *error)
{
    HarError failure;
    failure.fileName = fileName;
    auto refuse = [&](int line, int column, const QString &reason) -> std::optional<QList<HarImport>> {
        failure.line = line;
        failure.column = column;
        failure.reason = reason;
        qCDebug(lcSession).noquote() << "HAR refused:" << failure.toString();
        if (error) {
            *error = failure;
        }
        return std::nullopt;
    };
    if (bytes.size() > HarReader::maxFileBytes) {
        return refuse(0, 0, HarText::tr("the file is larger than %1 MiB").arg(HarReader::maxFileBytes / (1024 * 1024)));
    }
    const QByteArray text = bytes.toByteArray();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        int line = 0;
        int column = 0;
        JsonLocator::lineColumn(text, parseError.offset, &line, &column);
        const bool truncated = parseError.offset >= text.trimmed().size()
            || parseError.error == QJsonParseError::UnterminatedObject
            || parseError.error == QJsonParseError::UnterminatedArray
            || parseError.error == QJsonParseError::UnterminatedString;
        return refuse(line, column,
            truncated ? HarText::tr("not valid JSON (%1): the file looks truncated").arg(parseError.errorString())
                      : HarText::tr("not valid JSON: %1").arg(parseError.errorString()));
    }
    if (!document.isObject()) {
        return refuse(1, 1, HarText::tr("a HAR file is a JSON object with a \"log\" member"));
    }
    try {
        const Node root(document.object(), QString());
        const Node log = root.object("log");
        const QString version = log.string("version");
        if (version != QLatin1String("1.2") && version != QLatin1String("1.1")) {
            fail(member(log.pointer(), "version"), HarText::tr("unsupported HAR version \"%1\" (1.2 expected)").arg(version));
        }
        const Node creator = log.object("creator");
        const QString creatorName = creator.string("name");
        const QString creatorText = creatorName + u' ' + creator.string("version");
        QList<HarImport> results;
        if (log.has("_ssescope")) {
            const HarImport own = readOwn(log, log.object("_ssescope"));
            const QString recordedAs = own.session.info().browser;
            if (!options.profile || options.profile->name == recordedAs) {
                results = {own};
            } else {
                results = readForeign(log, HarImport::Producer::SseScope, *options.profile, everyStream, recordedAs);
            }
        } else {
            const HarImport::Producer producer = producerOf(log, creatorName);
            results = readForeign(
                log, producer, options.profile.value_or(defaultProfileFor(producer)), everyStream);
        }
        for (HarImport &result : results) {
            result.creator = creatorText;
        }
        return results;
    } catch (const Failure &fault) {
        const JsonLocator locator(text);
        const JsonLocator::Position position = locator.find(fault.pointer);
        int line = 1;
        int column = 1;
        const qsizetype offset = position.keyOffset >= 0 ? position.keyOffset : position.valueOffset;
        if (offset >= 0) {
            JsonLocator::lineColumn(text, offset, &line, &column);
        }
        const QString where = fault.pointer.isEmpty() ? QStringLiteral("/") : fault.pointer;
        return refuse(line, column, fault.reason + QStringLiteral(" (at ") + where + u')');
    }
}

// The file's bytes, or why they cannot be had.
std::optional<QByteArray> readBytes(const QString &path, HarError *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error = HarError{path, 0, 0, HarText::tr("cannot open: %1").arg(file.errorString())};
        }
        return std::nullopt;
    }
    if (file.size() > HarReader::maxFileBytes) {
        if (error) {
            *error = HarError{path, 0, 0, HarText::tr("the file is larger than %1 MiB").arg(HarReader::maxFileBytes / (1024 * 1024))};
        }
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

std::optional<HarImport> HarReader::read(QByteArrayView bytes, const QString &fileName, HarError *error)
{
    const std::optional<QList<HarImport>> streams = readDocument(bytes, fileName, HarReadOptions(), false, error);
    if (!streams) {
        return std::nullopt;
    }
    return streams->constFirst(); // never empty: a file without a stream is refused
}

std::optional<HarImport> HarReader::readFile(const QString &path, HarError *error)
{
    return readFile(path, HarReadOptions(), error);
}

std::optional<HarImport> HarReader::readFile(const QString &path, const HarReadOptions &options, HarError *error)
{
    const std::optional<QByteArray> bytes = readBytes(path, error);
    if (!bytes) {
        return std::nullopt;
    }
    const std::optional<QList<HarImport>> streams = readDocument(*bytes, path, options, false, error);
    if (!streams) {
        return std::nullopt;
    }
    return streams->constFirst(); // never empty: a file without a stream is refused
}

std::optional<QList<HarImport>> HarReader::readStreams(
    QByteArrayView bytes, const QString &fileName, const HarReadOptions &options, HarError *error)
{
    return readDocument(bytes, fileName, options, true, error);
}

std::optional<QList<HarImport>> HarReader::readStreamsFromFile(
    const QString &path, const HarReadOptions &options, HarError *error)
{
    const std::optional<QByteArray> bytes = readBytes(path, error);
    if (!bytes) {
        return std::nullopt;
    }
    return readStreams(*bytes, path, options, error);
}

} // namespace SseScope
