#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QByteArrayView>

#include "session.h"

namespace SseScope::Har {

// Shared by HarWriter and HarReader (internal to lib/session).

inline constexpr int extensionFormat = 1; // `_ssescope.format`; bumped when the extension changes
inline constexpr char pageId[] = "page_1";

inline bool isValidUtf8(const QByteArray &bytes)
{
    return QByteArrayView(bytes).isValidUtf8();
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
    // A time before the epoch (a hostile or broken HAR) keeps its sign in front: -1.500, not -1.-500.
    const QByteArray sign = epochMs < 0 ? QByteArrayLiteral("-") : QByteArray();
    const quint64 magnitude = epochMs < 0 ? quint64(0) - quint64(epochMs) : quint64(epochMs);
    return sign + QByteArray::number(magnitude / 1000) + '.' + QByteArray::number(magnitude % 1000).rightJustified(3, '0');
}

// An event's `_replay` mark: what ReplayCheck found across a reconnect.
inline const char *replayMarkName(RecordedEvent::Replay replay)
{
    switch (replay) {
    case RecordedEvent::Replay::Repeated:
        return "repeated";
    case RecordedEvent::Replay::AfterGap:
        return "afterGap";
    case RecordedEvent::Replay::None:
        break;
    }
    return "none";
}

} // namespace SseScope::Har
