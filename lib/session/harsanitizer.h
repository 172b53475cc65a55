#pragma once

#include <common/httpheaders.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace SseScope {

class Session;

// What a sanitized HAR export hides (docs/har.md "Sanitized by default"): the credential headers
// (Cookie, Set-Cookie, Authorization, Proxy-Authorization) are dropped; headers whose names say
// they carry a secret (X-Auth-Token, X-Api-Key, …) keep their name with a masked value; the value
// of every token-like query parameter (token, access_token, auth, key, jwt, sig, …) is masked
// wherever it appears — URLs, header values such as Referer and Location, console lines and
// finding details; in a JSON request body the values of token-like members ("api_key",
// "password", "authorization", …) are masked as those headers are. As a last net, every secret value collected from those places is also masked
// wherever else it turns up in free text (a console line quoting a cookie, say).
//
// Masking is idempotent, so a sanitized file imported and exported again does not change.
class HarSanitizer final
{
public:
    // What replaces a secret value.
    static QByteArray mask() { return QByteArrayLiteral("REDACTED"); }

    // Collects the secret values of the session (cookie values, Authorization credentials,
    // token-like query values and secret-named header values), so free text can be cleaned too.
    explicit HarSanitizer(const Session &session);
    HarSanitizer() = default;

    // A query parameter or header whose value is a credential (case-insensitive).
    static bool isSecretParameterName(QByteArrayView name);
    // Cookie, Set-Cookie, Authorization, Proxy-Authorization: dropped whole.
    static bool isDroppedHeaderName(QByteArrayView name);
    // X-Auth-Token, X-Api-Key, X-Csrf-Token, …: kept with a masked value.
    static bool isSecretHeaderName(QByteArrayView name);

    // Masks the values of token-like `name=value` pairs found after `?`, `&`, `;`, `#` or at the
    // start of the text, then every collected secret value.
    QByteArray cleanText(const QByteArray &text) const;
    QString cleanText(const QString &text) const;
    // A URL cleaned as text, but still a URL that reads back the same: when a secret value
    // begins in its scheme or authority (a secret-named header whose value is itself a URL, say),
    // the host becomes `redacted` and the user info goes; when masking would break the rest of it
    // (a secret inside a percent escape), the path becomes `/REDACTED`.
    QByteArray cleanUrl(const QUrl &url) const;
    // The header lines a sanitized export keeps, each value cleaned.
    HttpHeaders cleanHeaders(const HttpHeaders &headers) const;

    // A JSON member name whose value is a credential (case-insensitive, '-' and '_' ignored):
    // token, api_key, apiKey, password, authorization, secret, client_secret, access_token, …,
    // and names ending in token/secret/password/apikey/signature — but not counts such as
    // "max_tokens".
    static bool isSecretFieldName(QByteArrayView name);
    // A request body (request.postData.text): when it is JSON, the value of every secret-named
    // member is masked where it sits (a string keeps its quotes, another scalar becomes the
    // string "REDACTED"; layout, order and every other byte unchanged); then, JSON or not, the
    // body is cleaned as text (`token=…` form fields, every collected secret).
    QByteArray cleanBody(const QByteArray &body) const;

    const QList<QByteArray> &secrets() const { return m_secrets; }

private:
    void collectFromUrl(const QByteArray &url);
    void collectFromHeaders(const HttpHeaders &headers);
    void collectFromBody(const QByteArray &body); // harbodysanitizer.cpp
    void addSecret(const QByteArray &value);

    QList<QByteArray> m_secrets; // longest first, so a secret containing another is masked whole
};

} // namespace SseScope
