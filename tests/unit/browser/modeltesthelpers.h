#pragma once

// Shared by the tests that feed EventSourceModel (tst_eventsource*, tst_fetch*model,
// tst_networkresends, tst_localnetworkaccess, tst_firefoxconsole): the page and stream the
// observed cases used (page http://localhost:P, stream http://127.0.0.1:Q, with P = 5173 and
// Q = 8080), the intents a page makes, the answers a server gives, and a cookie jar stand-in.

#include <browser/eventsourcemodel.h>

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

Q_DECLARE_METATYPE(SseScope::NextAction)
Q_DECLARE_METATYPE(SseScope::ReadyState)

namespace SseScope::TestHelpers {

inline const QString kPage = QStringLiteral("http://localhost:5173");
inline const QUrl kStream {QStringLiteral("http://127.0.0.1:8080/events")};

// Chromium's console for a CORS failure of kStream seen from kPage, up to the reason.
inline const QString kCorsPrefix = QStringLiteral(
    "Access to resource at 'http://127.0.0.1:8080/events' from origin 'http://localhost:5173' has been blocked by "
    "CORS policy: ");
inline const QString kFailedLine = QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_FAILED");

inline Origin page(const QString &text = kPage)
{
    return Origin::fromString(text);
}

inline RequestIntent eventSource(const QUrl &url = kStream, bool withCredentials = false)
{
    RequestIntent intent;
    intent.url = url;
    intent.withCredentials = withCredentials;
    return intent;
}

// A fetch() stream (GET unless the test sets intent.method) with the page's own headers.
inline RequestIntent fetchIntent(
    const HttpHeaders &headers, CredentialsMode credentials = CredentialsMode::SameOrigin, const QUrl &url = kStream)
{
    RequestIntent intent;
    intent.url = url;
    intent.mode = RequestMode::Fetch;
    intent.fetchCredentials = credentials;
    intent.extraHeaders = headers;
    return intent;
}

inline ResponseHead response(int status, const HttpHeaders &headers)
{
    ResponseHead head;
    head.status = status;
    head.headers = headers;
    return head;
}

// A stream any engine opens: 200, text/event-stream, the Cache-Control a proxy leaves alone.
inline ResponseHead goodStream(const QByteArray &allowOrigin = "*")
{
    return response(200,
        {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache, no-transform"},
            {"Access-Control-Allow-Origin", allowOrigin}});
}

inline QStringList ids(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result.append(finding.id);
    }
    return result;
}

// A cookie jar stand-in: records what the model asks and answers a fixed cookie.
class FakeCookies final : public CookieProvider, public SetCookieSink
{
public:
    CookieAttachment cookiesForRequest(const CookieRequestContext &context) override
    {
        requests.append(context);
        CookieAttachment attachment;
        attachment.headerValue = "sid=abc";
        attachment.outcomes.append(CookieOutcome {QStringLiteral("sid"), true, {}});
        return attachment;
    }
    CookieAttachment storeFromResponse(const CookieRequestContext &context, const QList<QByteArray> &lines) override
    {
        stored.append(context);
        storedLines += lines;
        return {};
    }
    QList<CookieRequestContext> requests;
    QList<CookieRequestContext> stored;
    QList<QByteArray> storedLines;
};

} // namespace SseScope::TestHelpers
