#include "logging.h"

#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSse, "ssescope.sse", QtWarningMsg)
Q_LOGGING_CATEGORY(lcBrowser, "ssescope.browser", QtWarningMsg)
Q_LOGGING_CATEGORY(lcScenario, "ssescope.scenario", QtWarningMsg)
Q_LOGGING_CATEGORY(lcServer, "ssescope.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClient, "ssescope.client", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSession, "ssescope.session", QtWarningMsg)
Q_LOGGING_CATEGORY(lcModels, "ssescope.models", QtWarningMsg)
Q_LOGGING_CATEGORY(lcIntercept, "ssescope.intercept", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApp, "ssescope.app", QtWarningMsg)

namespace SseScope {

QString urlForLog(const QUrl &url)
{
    QUrl shown = url.adjusted(QUrl::RemoveUserInfo);
    if (shown.hasQuery()) {
        QUrlQuery query(shown);
        QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
        for (auto &item : items) {
            item.second = QStringLiteral("…");
        }
        query.setQueryItems(items);
        shown.setQuery(query);
    }
    return shown.toDisplayString();
}

} // namespace SseScope
