#include "logging.h"

Q_LOGGING_CATEGORY(lcSse, "ssescope.sse", QtWarningMsg)
Q_LOGGING_CATEGORY(lcBrowser, "ssescope.browser", QtWarningMsg)
Q_LOGGING_CATEGORY(lcScenario, "ssescope.scenario", QtWarningMsg)
Q_LOGGING_CATEGORY(lcServer, "ssescope.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClient, "ssescope.client", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSession, "ssescope.session", QtWarningMsg)
Q_LOGGING_CATEGORY(lcModels, "ssescope.models", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApp, "ssescope.app", QtWarningMsg)
