#include "commandline.h"
#include "commands.h"

namespace SseScope::Cli {

// Placeholder until the issue that builds `ssescope check` lands: it says so and exits 2.
int runCheck(const QStringList &arguments)
{
    Q_UNUSED(arguments)
    return usageError(QStringLiteral("check"), QStringLiteral("not available in this build yet"));
}

} // namespace SseScope::Cli
