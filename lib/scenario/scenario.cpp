#include "scenario.h"

namespace SseScope {

bool operator==(const CorsPolicy &a, const CorsPolicy &b)
{
    return a.allowOrigin == b.allowOrigin && a.allowlist == b.allowlist && a.values == b.values
        && a.multipleAsLines == b.multipleAsLines && a.allowCredentials == b.allowCredentials
        && a.varyOrigin == b.varyOrigin && a.exposeHeaders == b.exposeHeaders
        && a.preflight.handle == b.preflight.handle && a.preflight.status == b.preflight.status
        && a.preflight.allowMethods == b.preflight.allowMethods && a.preflight.allowHeaders == b.preflight.allowHeaders
        && a.preflight.maxAge == b.preflight.maxAge;
}

bool operator==(const CookieSpec &a, const CookieSpec &b)
{
    return a.name == b.name && a.value == b.value && a.sameSite == b.sameSite && a.secure == b.secure
        && a.httpOnly == b.httpOnly && a.partitioned == b.partitioned && a.domain == b.domain && a.path == b.path
        && a.maxAge == b.maxAge;
}

bool operator==(const AuthPolicy &a, const AuthPolicy &b)
{
    return a.mode == b.mode && a.cookie == b.cookie && a.token == b.token && a.queryParameter == b.queryParameter
        && a.unauthorizedStatus == b.unauthorizedStatus;
}

bool operator==(const ResponsePolicy &a, const ResponsePolicy &b)
{
    return a.status == b.status && a.contentType == b.contentType && a.cacheControl == b.cacheControl
        && a.accelBuffering == b.accelBuffering && a.contentTypeOptions == b.contentTypeOptions
        && a.extraHeaders == b.extraHeaders && a.redirect.enabled == b.redirect.enabled
        && a.redirect.status == b.redirect.status && a.redirect.target == b.redirect.target
        && a.redirect.withCors == b.redirect.withCors;
}

bool operator==(const ScriptedEvent &a, const ScriptedEvent &b)
{
    return a.event == b.event && a.data == b.data && a.id == b.id && a.retry == b.retry && a.comment == b.comment
        && a.raw == b.raw && a.delayMs == b.delayMs;
}

bool operator==(const StreamPolicy &a, const StreamPolicy &b)
{
    return a.source == b.source && a.generator.intervalMs == b.generator.intervalMs
        && a.generator.eventTypes == b.generator.eventTypes && a.generator.payloadBytes == b.generator.payloadBytes
        && a.generator.multiLine == b.generator.multiLine && a.generator.data == b.generator.data && a.script == b.script && a.loopScript == b.loopScript
        && a.ids == b.ids && a.retryMs == b.retryMs && a.openingComment == b.openingComment
        && a.heartbeat.intervalMs == b.heartbeat.intervalMs && a.heartbeat.asEvent == b.heartbeat.asEvent
        && a.replay == b.replay && a.endAfterEvents == b.endAfterEvents && a.endAfterMs == b.endAfterMs
        && a.dropEveryEvents == b.dropEveryEvents && a.broadcast == b.broadcast && a.replayBuffer == b.replayBuffer
        && a.replaySkew == b.replaySkew;
}

bool operator==(const TransportPolicy &a, const TransportPolicy &b)
{
    return a.framing == b.framing && a.gzip == b.gzip && a.gzipFlushEachWrite == b.gzipFlushEachWrite
        && a.proxy.enabled == b.proxy.enabled && a.proxy.flushEveryEvents == b.proxy.flushEveryEvents
        && a.proxy.flushEveryMs == b.proxy.flushEveryMs && a.dripBytes == b.dripBytes
        && a.dripIntervalMs == b.dripIntervalMs && a.headerDelayMs == b.headerDelayMs
        && a.headersNeverEnd == b.headersNeverEnd;
}

bool operator==(const ClientSide &a, const ClientSide &b)
{
    return a.mode == b.mode && a.withCredentials == b.withCredentials && a.headers == b.headers
        && a.loginFirst == b.loginFirst && a.path == b.path && a.method == b.method && a.body == b.body
        && a.contentType == b.contentType && a.readHeaders == b.readHeaders;
}

bool operator==(const Expectation &a, const Expectation &b)
{
    return a.present == b.present && a.opened == b.opened && a.failed == b.failed && a.minEvents == b.minEvents
        && a.maxEvents == b.maxEvents && a.console == b.console && a.streamStatus == b.streamStatus
        && a.readHeaders == b.readHeaders;
}

bool operator==(const Scenario &a, const Scenario &b)
{
    return a.name == b.name && a.title == b.title && a.summary == b.summary && a.notes == b.notes && a.cors == b.cors
        && a.auth == b.auth && a.response == b.response && a.stream == b.stream && a.transport == b.transport
        && a.client == b.client && a.expect == b.expect;
}

QByteArray CookieSpec::setCookieValue() const
{
    QByteArray result = name.toUtf8() + '=' + value.toUtf8();
    if (domain) {
        result += "; Domain=" + domain->toUtf8();
    }
    if (path) {
        result += "; Path=" + path->toUtf8();
    }
    if (maxAge) {
        result += "; Max-Age=" + QByteArray::number(*maxAge);
    }
    switch (sameSite) {
    case SameSite::Absent:
        break;
    case SameSite::Lax:
        result += "; SameSite=Lax";
        break;
    case SameSite::Strict:
        result += "; SameSite=Strict";
        break;
    case SameSite::None:
        result += "; SameSite=None";
        break;
    }
    if (secure) {
        result += "; Secure";
    }
    if (httpOnly) {
        result += "; HttpOnly";
    }
    if (partitioned) {
        result += "; Partitioned";
    }
    return result;
}

QString allowOriginName(CorsPolicy::AllowOrigin mode)
{
    switch (mode) {
    case CorsPolicy::AllowOrigin::Absent:
        return QStringLiteral("absent");
    case CorsPolicy::AllowOrigin::Wildcard:
        return QStringLiteral("wildcard");
    case CorsPolicy::AllowOrigin::Echo:
        return QStringLiteral("echo");
    case CorsPolicy::AllowOrigin::Fixed:
        return QStringLiteral("fixed");
    case CorsPolicy::AllowOrigin::Multiple:
        return QStringLiteral("multiple");
    case CorsPolicy::AllowOrigin::Null:
        return QStringLiteral("null");
    }
    return QString();
}

QString sameSiteName(CookieSpec::SameSite sameSite)
{
    switch (sameSite) {
    case CookieSpec::SameSite::Absent:
        return QStringLiteral("absent");
    case CookieSpec::SameSite::Lax:
        return QStringLiteral("Lax");
    case CookieSpec::SameSite::Strict:
        return QStringLiteral("Strict");
    case CookieSpec::SameSite::None:
        return QStringLiteral("None");
    }
    return QString();
}

QString authModeName(AuthPolicy::Mode mode)
{
    switch (mode) {
    case AuthPolicy::Mode::None:
        return QStringLiteral("none");
    case AuthPolicy::Mode::Cookie:
        return QStringLiteral("cookie");
    case AuthPolicy::Mode::Bearer:
        return QStringLiteral("bearer");
    case AuthPolicy::Mode::QueryToken:
        return QStringLiteral("queryToken");
    }
    return QString();
}

QString clientModeName(ClientSide::Mode mode)
{
    return mode == ClientSide::Mode::Fetch ? QStringLiteral("fetch") : QStringLiteral("eventsource");
}

QString framingName(TransportPolicy::Framing framing)
{
    return framing == TransportPolicy::Framing::CloseDelimited ? QStringLiteral("close") : QStringLiteral("chunked");
}

} // namespace SseScope
