#pragma once

#include "session.h"

#include <browser/enginecomparison.h>

#include <QJsonObject>

namespace SseScope {

// The JSON report of `ssescope check` (../shared/CLI.md "The JSON report of check"), from a
// session. The keys CLI.md lists are exactly there; additions (exchange ids, HTTP version, net
// errors, what QNAM added, cookies and their fate, drop counters) come beside them.
QJsonObject sessionReportJson(const Session &session);

// The session as one engine's column of a side-by-side comparison (`--browser all`, the banner):
// the profile named in its info, its verdict and its findings in order.
EngineResult engineResultOf(const Session &session);

// Pieces of it, for other exporters.
QJsonObject exchangeJson(const SessionExchange &exchange);
QJsonObject findingJson(const Finding &finding);
// readHeaderNames: the names the page reads (SessionInfo::readHeaders); each maps to its value or null.
QJsonObject verdictJson(const Verdict &verdict, const QList<QByteArray> &readHeaderNames = {});

} // namespace SseScope
