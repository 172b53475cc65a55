#include "version.h"

namespace SseScope {

QString applicationVersion()
{
    return QStringLiteral(SSESCOPE_VERSION);
}

QString applicationId()
{
    return QStringLiteral(SSESCOPE_APP_ID);
}

} // namespace SseScope
