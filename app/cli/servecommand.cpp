#include "commandline.h"
#include "commands.h"

namespace SseScope::Cli {

// Placeholder until the issue that builds `ssescope serve` lands: it says so and exits 2.
int runServe(const QStringList &arguments)
{
    Q_UNUSED(arguments)
    return usageError(QStringLiteral("serve"), QStringLiteral("not available in this build yet"));
}

} // namespace SseScope::Cli
