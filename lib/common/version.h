#pragma once

#include <QString>

namespace SseScope {

// The application id (reverse DNS) and version, set once in the top-level CMakeLists.txt.
QString applicationVersion();
QString applicationId();

} // namespace SseScope
