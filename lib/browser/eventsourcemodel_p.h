#pragma once

// Private to lib/browser: what the three parts of EventSourceModel (eventsourcemodel.cpp,
// eventsourcerequests.cpp, eventsourceresponses.cpp) share.

#include <common/httpheaders.h>

#include <QByteArray>
#include <QLatin1String>
#include <QString>

namespace SseScope::EventSourceDetail {

inline const QByteArray kEventStream = QByteArrayLiteral("text/event-stream");

inline bool isHttpScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

// The type Chromium's MIME sniffer settles on (eventsourceresponses.cpp); onEndOfBody() asks it too.
QByteArray sniffedMimeType(const ResponseHead &response, const QByteArray &firstBytes);

} // namespace SseScope::EventSourceDetail
