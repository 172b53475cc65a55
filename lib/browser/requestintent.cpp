#include "requestintent.h"

namespace SseScope {

QString requestModeName(RequestMode mode)
{
    return mode == RequestMode::Fetch ? QStringLiteral("fetch") : QStringLiteral("eventsource");
}

QString credentialsModeName(CredentialsMode mode)
{
    switch (mode) {
    case CredentialsMode::Omit:
        return QStringLiteral("omit");
    case CredentialsMode::SameOrigin:
        return QStringLiteral("same-origin");
    case CredentialsMode::Include:
        return QStringLiteral("include");
    }
    return QString();
}

QString readyStateName(ReadyState state)
{
    switch (state) {
    case ReadyState::Connecting:
        return QStringLiteral("CONNECTING");
    case ReadyState::Open:
        return QStringLiteral("OPEN");
    case ReadyState::Closed:
        return QStringLiteral("CLOSED");
    }
    return QString();
}

CredentialsMode RequestIntent::credentialsMode() const
{
    if (mode == RequestMode::EventSource) {
        // HTML §9.2.2: CORS settings "Anonymous" → same-origin, "Use Credentials" → include.
        return withCredentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    }
    return fetchCredentials;
}

} // namespace SseScope
