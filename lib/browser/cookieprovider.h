#pragma once

#include "findings.h"
#include "origin.h"
#include "requestintent.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace SseScope {

// The hooks through which the browser model asks the cookie area (cookie jar, SameSite and
// third-party rules) what to send and what to keep. The model decides *whether* credentials go
// with a request (Fetch credentials mode and CORS tainting); the provider decides *which* cookies.
// The lead wires an implementation over the cookie jar; tests use small fakes.

// Everything the cookie rules need to know about one request (or one redirect hop).
struct CookieRequestContext
{
    QUrl url; // the URL this request goes to
    Origin pageOrigin; // the initiator; its site is the top-level site (partition key) here
    QList<QUrl> urlChain; // the first URL then each redirect hop, `url` last
    RequestMode mode = RequestMode::EventSource;
    QByteArray method = QByteArrayLiteral("GET");
};

// What happened to one cookie of the jar that matched the host.
struct CookieOutcome
{
    QString name;
    bool included = false;
    // Chromium's CookieInclusionStatus names, e.g. "EXCLUDE_SAMESITE_LAX", "EXCLUDE_USER_PREFERENCES",
    // "WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"; empty when plainly included.
    QStringList reasons;
};

struct CookieAttachment
{
    QByteArray headerValue; // the Cookie header value; empty: no Cookie header
    QList<CookieOutcome> outcomes;
    QList<Finding> findings;
};

class CookieProvider
{
public:
    virtual ~CookieProvider() = default;
    // Called only for requests that carry credentials.
    virtual CookieAttachment cookiesForRequest(const CookieRequestContext &context) = 0;
};

class SetCookieSink
{
public:
    virtual ~SetCookieSink() = default;
    // Called with every Set-Cookie line of a response (redirect hops included) whose request carried
    // credentials; returns the per-cookie outcomes and findings of storing them.
    virtual CookieAttachment storeFromResponse(
        const CookieRequestContext &context, const QList<QByteArray> &setCookieLines)
        = 0;
};

} // namespace SseScope
