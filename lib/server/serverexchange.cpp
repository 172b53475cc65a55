#include "serverexchange.h"

#include <chrono>

namespace SseScope {

QString exchangeKindName(ServerExchange::Kind kind)
{
    switch (kind) {
    case ServerExchange::Kind::Stream:
        return QStringLiteral("stream");
    case ServerExchange::Kind::Preflight:
        return QStringLiteral("preflight");
    case ServerExchange::Kind::Login:
        return QStringLiteral("login");
    case ServerExchange::Kind::Redirect:
        return QStringLiteral("redirect");
    case ServerExchange::Kind::Page:
        return QStringLiteral("page");
    case ServerExchange::Kind::Report:
        return QStringLiteral("report");
    case ServerExchange::Kind::Other:
        return QStringLiteral("other");
    }
    return QString();
}

QString exchangeEndName(ServerExchange::End end)
{
    switch (end) {
    case ServerExchange::End::Open:
        return QStringLiteral("open");
    case ServerExchange::End::Completed:
        return QStringLiteral("completed");
    case ServerExchange::End::EndedByScenario:
        return QStringLiteral("ended-by-scenario");
    case ServerExchange::End::DroppedByScenario:
        return QStringLiteral("dropped-by-scenario");
    case ServerExchange::End::ClientClosed:
        return QStringLiteral("client-closed");
    case ServerExchange::End::ServerStopped:
        return QStringLiteral("server-stopped");
    case ServerExchange::End::SlowClient:
        return QStringLiteral("slow-client");
    }
    return QString();
}

qint64 monotonicMicroseconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace SseScope
