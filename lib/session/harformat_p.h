#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringDecoder>

namespace SseScope::Har {

// Shared by HarWriter and HarReader (internal to lib/session).

inline constexpr int extensionFormat = 1; // `_ssescope.format`; bumped when the extension changes
inline constexpr char pageId[] = "page_1";

inline bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    return !decoder.hasError();
}

// JSON strings are Unicode: bytes that are not UTF-8 (obs-text in a header) are read as Latin-1,
// as browsers display them.
inline QByteArray jsonText(const QByteArray &bytes)
{
    return isValidUtf8(bytes) ? bytes : QString::fromLatin1(bytes).toUtf8();
}

// "2026-11-24T00:45:48.123Z"
inline QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// Milliseconds since the epoch as the seconds `_eventSourceMessages` carries (CDP's
// Network.eventSourceMessageReceived timestamp), written exactly: no floating point on the way.
inline QByteArray epochSeconds(qint64 epochMs)
{
    const qint64 seconds = epochMs / 1000;
    const qint64 millis = epochMs % 1000;
    return QByteArray::number(seconds) + '.' + QByteArray::number(millis).rightJustified(3, '0');
}

} // namespace SseScope::Har
