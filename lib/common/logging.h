#pragma once

#include <QLoggingCategory>
#include <QString>
#include <QUrl>

// One category per layer (STYLE.md §11). Each defaults to QtWarningMsg; enable more with
// QT_LOGGING_RULES="ssescope.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSse)
Q_DECLARE_LOGGING_CATEGORY(lcBrowser)
Q_DECLARE_LOGGING_CATEGORY(lcScenario)
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcClient)
Q_DECLARE_LOGGING_CATEGORY(lcSession)
Q_DECLARE_LOGGING_CATEGORY(lcModels)
Q_DECLARE_LOGGING_CATEGORY(lcIntercept)
Q_DECLARE_LOGGING_CATEGORY(lcApp)

namespace SseScope {

// A URL as log lines may show it: every query value is replaced with "…", because a token in the
// query (EventSource cannot send headers, so tokens often ride there) must never reach a log
// (DESIGN.md "Security defaults"). User info is dropped for the same reason.
QString urlForLog(const QUrl &url);

} // namespace SseScope
