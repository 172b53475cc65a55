#include "commandline.h"
#include "commands.h"

namespace SseScope::Cli {

// Placeholder until the issue that builds `ssescope presets` lands: it says so and exits 2.
int runPresets(const QStringList &arguments)
{
    Q_UNUSED(arguments)
    return usageError(QStringLiteral("presets"), QStringLiteral("not available in this build yet"));
}

} // namespace SseScope::Cli
