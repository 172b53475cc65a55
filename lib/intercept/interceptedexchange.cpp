#include "interceptedexchange.h"

namespace SseScope {

namespace {

bool mentionsEventStream(const QByteArray &value)
{
    return value.toLower().contains("text/event-stream");
}

} // namespace

bool InterceptedExchange::isEventStream() const
{
    if (exchange.response
        && exchange.response->headers.combinedValue("Content-Type").trimmed().toLower().startsWith("text/event-stream")) {
        return true;
    }
    return exchange.request.method != "OPTIONS" && mentionsEventStream(exchange.request.headers.combinedValue("Accept"));
}

bool InterceptedExchange::isPreflight() const
{
    return exchange.request.method == "OPTIONS" && exchange.request.headers.contains("Access-Control-Request-Method");
}

} // namespace SseScope
