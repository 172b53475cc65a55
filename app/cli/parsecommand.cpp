#include "commandline.h"
#include "commands.h"

namespace SseScope::Cli {

// Placeholder until the issue that builds `ssescope parse` lands: it says so and exits 2.
int runParse(const QStringList &arguments)
{
    Q_UNUSED(arguments)
    return usageError(QStringLiteral("parse"), QStringLiteral("not available in this build yet"));
}

} // namespace SseScope::Cli
