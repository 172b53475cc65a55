#pragma once

#include "scenario.h"

#include <common/httpheaders.h>

#include <functional>

namespace SseScope {

// The CORS header lines a scenario answers with, in the order it writes them: the mock server's
// answers and intercept mode's rewrite rules both take them from here. `expand` replaces the
// ${page} / ${api} placeholders (they depend on who answers).
HttpHeaders scenarioCorsHeaders(const CorsPolicy &cors, const QByteArray &requestOrigin, bool preflight,
    const std::function<QString(const QString &)> &expand);

} // namespace SseScope
