#include "corscheck.h"

#include <QRegularExpression>

namespace SseScope {

namespace {

// cors.cc CheckAccess: "ACAO is not a valid URL" is GURL's verdict; any "scheme:rest" parses there.
bool parsesAsUrl(const QByteArray &value)
{
    const QUrl url(QString::fromLatin1(value), QUrl::StrictMode);
    return url.isValid() && !url.scheme().isEmpty();
}

CorsError toPreflight(CorsError error)
{
    switch (error) {
    case CorsError::WildcardOriginNotAllowed:
        return CorsError::PreflightWildcardOriginNotAllowed;
    case CorsError::MissingAllowOriginHeader:
        return CorsError::PreflightMissingAllowOriginHeader;
    case CorsError::MultipleAllowOriginValues:
        return CorsError::PreflightMultipleAllowOriginValues;
    case CorsError::InvalidAllowOriginValue:
        return CorsError::PreflightInvalidAllowOriginValue;
    case CorsError::AllowOriginMismatch:
        return CorsError::PreflightAllowOriginMismatch;
    case CorsError::InvalidAllowCredentials:
        return CorsError::PreflightInvalidAllowCredentials;
    default:
        return error;
    }
}

} // namespace

QString corsErrorName(CorsError error)
{
    switch (error) {
    case CorsError::None:
        return QString();
    case CorsError::DisallowedByMode:
        return QStringLiteral("DisallowedByMode");
    case CorsError::InvalidResponse:
        return QStringLiteral("InvalidResponse");
    case CorsError::WildcardOriginNotAllowed:
        return QStringLiteral("WildcardOriginNotAllowed");
    case CorsError::MissingAllowOriginHeader:
        return QStringLiteral("MissingAllowOriginHeader");
    case CorsError::MultipleAllowOriginValues:
        return QStringLiteral("MultipleAllowOriginValues");
    case CorsError::InvalidAllowOriginValue:
        return QStringLiteral("InvalidAllowOriginValue");
    case CorsError::AllowOriginMismatch:
        return QStringLiteral("AllowOriginMismatch");
    case CorsError::InvalidAllowCredentials:
        return QStringLiteral("InvalidAllowCredentials");
    case CorsError::CorsDisabledScheme:
        return QStringLiteral("CorsDisabledScheme");
    case CorsError::PreflightInvalidStatus:
        return QStringLiteral("PreflightInvalidStatus");
    case CorsError::PreflightDisallowedRedirect:
        return QStringLiteral("PreflightDisallowedRedirect");
    case CorsError::PreflightWildcardOriginNotAllowed:
        return QStringLiteral("PreflightWildcardOriginNotAllowed");
    case CorsError::PreflightMissingAllowOriginHeader:
        return QStringLiteral("PreflightMissingAllowOriginHeader");
    case CorsError::PreflightMultipleAllowOriginValues:
        return QStringLiteral("PreflightMultipleAllowOriginValues");
    case CorsError::PreflightInvalidAllowOriginValue:
        return QStringLiteral("PreflightInvalidAllowOriginValue");
    case CorsError::PreflightAllowOriginMismatch:
        return QStringLiteral("PreflightAllowOriginMismatch");
    case CorsError::PreflightInvalidAllowCredentials:
        return QStringLiteral("PreflightInvalidAllowCredentials");
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return QStringLiteral("InvalidAllowMethodsPreflightResponse");
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return QStringLiteral("InvalidAllowHeadersPreflightResponse");
    case CorsError::MethodDisallowedByPreflightResponse:
        return QStringLiteral("MethodDisallowedByPreflightResponse");
    case CorsError::HeaderDisallowedByPreflightResponse:
        return QStringLiteral("HeaderDisallowedByPreflightResponse");
    case CorsError::RedirectContainsCredentials:
        return QStringLiteral("RedirectContainsCredentials");
    }
    return QString();
}

bool isPreflightCorsError(CorsError error)
{
    // cors_error_string.cc IsPreflightError: these get "Response to preflight request doesn't pass
    // access control check: "; the ACAM/ACAH ones do not.
    switch (error) {
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
    case CorsError::PreflightWildcardOriginNotAllowed:
    case CorsError::PreflightMissingAllowOriginHeader:
    case CorsError::PreflightMultipleAllowOriginValues:
    case CorsError::PreflightInvalidAllowOriginValue:
    case CorsError::PreflightAllowOriginMismatch:
    case CorsError::PreflightInvalidAllowCredentials:
        return true;
    default:
        return false;
    }
}

const char *corsErrorFindingId(CorsError error)
{
    switch (error) {
    case CorsError::None:
        return nullptr;
    case CorsError::DisallowedByMode:
    case CorsError::InvalidResponse:
        return nullptr; // never raised for a stream request
    case CorsError::WildcardOriginNotAllowed:
        return "cors.wildcard-with-credentials";
    case CorsError::MissingAllowOriginHeader:
        return "cors.missing-allow-origin";
    case CorsError::MultipleAllowOriginValues:
        return "cors.multiple-allow-origin";
    case CorsError::InvalidAllowOriginValue:
        return "cors.invalid-allow-origin";
    case CorsError::AllowOriginMismatch:
        return "cors.allow-origin-mismatch";
    case CorsError::InvalidAllowCredentials:
        return "cors.invalid-allow-credentials";
    case CorsError::CorsDisabledScheme:
        return "cors.disabled-scheme";
    case CorsError::RedirectContainsCredentials:
        return "cors.redirect-contains-credentials";
    case CorsError::PreflightInvalidStatus:
        return "preflight.invalid-status";
    case CorsError::PreflightDisallowedRedirect:
        return "preflight.redirect";
    case CorsError::PreflightWildcardOriginNotAllowed:
        return "preflight.wildcard-with-credentials";
    case CorsError::PreflightMissingAllowOriginHeader:
        return "preflight.missing-allow-origin";
    case CorsError::PreflightMultipleAllowOriginValues:
        return "preflight.multiple-allow-origin";
    case CorsError::PreflightInvalidAllowOriginValue:
        return "preflight.invalid-allow-origin";
    case CorsError::PreflightAllowOriginMismatch:
        return "preflight.allow-origin-mismatch";
    case CorsError::PreflightInvalidAllowCredentials:
        return "preflight.invalid-allow-credentials";
    case CorsError::InvalidAllowMethodsPreflightResponse:
    case CorsError::MethodDisallowedByPreflightResponse:
        return "preflight.method-not-allowed";
    case CorsError::InvalidAllowHeadersPreflightResponse:
    case CorsError::HeaderDisallowedByPreflightResponse:
        return "preflight.header-not-allowed";
    }
    return nullptr;
}

QByteArray trimmedHeaderValue(const QByteArray &value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && (value.at(begin) == ' ' || value.at(begin) == '\t')) {
        ++begin;
    }
    while (end > begin && (value.at(end - 1) == ' ' || value.at(end - 1) == '\t')) {
        --end;
    }
    return value.mid(begin, end - begin);
}

CorsCheckResult checkCorsAccess(
    const HttpHeaders &responseHeaders, const QString &requestOrigin, CredentialsMode credentials)
{
    const bool include = credentials == CredentialsMode::Include;
    // Two header lines are combined with ", " (Fetch "get"), as Chromium's GetHeader does.
    QByteArray allowOrigin;
    {
        const QList<QByteArray> lines = responseHeaders.values(QByteArrayLiteral("Access-Control-Allow-Origin"));
        QList<QByteArray> trimmed;
        for (const QByteArray &line : lines) {
            trimmed.append(trimmedHeaderValue(line));
        }
        if (!lines.isEmpty()) {
            allowOrigin = trimmed.join(QByteArrayLiteral(", "));
            if (allowOrigin.isNull()) {
                allowOrigin = QByteArray("");
            }
        }
    }

    if (allowOrigin == "*") {
        if (include) {
            return {CorsError::WildcardOriginNotAllowed, QString()};
        }
        return {};
    }
    if (allowOrigin.isNull()) {
        return {CorsError::MissingAllowOriginHeader, QString()};
    }
    const QString value = QString::fromLatin1(allowOrigin);
    if (value != requestOrigin) {
        if (allowOrigin.contains(' ') || allowOrigin.contains(',')) {
            return {CorsError::MultipleAllowOriginValues, value};
        }
        if (allowOrigin != "null" && !parsesAsUrl(allowOrigin)) {
            return {CorsError::InvalidAllowOriginValue, value};
        }
        return {CorsError::AllowOriginMismatch, value};
    }
    if (include) {
        const QByteArray allowCredentials
            = trimmedHeaderValue(responseHeaders.combinedValue(QByteArrayLiteral("Access-Control-Allow-Credentials")));
        if (allowCredentials != "true") { // case-sensitive: WPT cors/credentials-flag rejects "True"
            return {CorsError::InvalidAllowCredentials, QString::fromLatin1(allowCredentials)};
        }
    }
    return {};
}

CorsCheckResult checkPreflightAccess(
    const HttpHeaders &responseHeaders, const QString &requestOrigin, CredentialsMode credentials)
{
    CorsCheckResult result = checkCorsAccess(responseHeaders, requestOrigin, credentials);
    result.error = toPreflight(result.error);
    return result;
}

QString chromiumUrlString(const QUrl &url)
{
    QUrl copy = url;
    copy.setFragment(QString());
    if (copy.port() == defaultPortForScheme(copy.scheme())) {
        copy.setPort(-1);
    }
    if (copy.path().isEmpty() && !copy.host().isEmpty()) {
        copy.setPath(QStringLiteral("/"));
    }
    return copy.toString(QUrl::FullyEncoded);
}

QString chromiumCorsReason(const CorsCheckResult &result, RequestMode mode)
{
    // Observed Chromium 156 (tests/browser conformance cases fetch.no-acao, fetch.two-acao,
    // fetch.preflight-mismatch): the older "if an opaque response serves your needs, set the
    // request's mode to 'no-cors'" hint is gone; fetch keeps "Have the server send the header with a
    // valid value." after an ACAO value error, EventSource does not (es.acao-trailing-slash).
    const bool fetch = mode == RequestMode::Fetch;
    const QString noCorsInformation
        = fetch ? QStringLiteral(" Have the server send the header with a valid value.") : QString();
    const QString &hint = result.failedParameter;
    switch (result.error) {
    case CorsError::None:
        return QString();
    case CorsError::DisallowedByMode:
        return QStringLiteral("Cross origin requests are not allowed by request mode.");
    case CorsError::InvalidResponse:
        return QStringLiteral("The response is invalid.");
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return QStringLiteral("The value of the 'Access-Control-Allow-Origin' header in the response must not be "
                              "the wildcard '*' when the request's credentials mode is 'include'.");
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
        return QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        return QStringLiteral("The 'Access-Control-Allow-Origin' header contains multiple values '") + hint
            + QStringLiteral("', but only one is allowed.") + noCorsInformation;
    case CorsError::InvalidAllowOriginValue:
    case CorsError::PreflightInvalidAllowOriginValue:
        return QStringLiteral("The 'Access-Control-Allow-Origin' header contains the invalid value '") + hint
            + QStringLiteral("'.") + noCorsInformation;
    case CorsError::AllowOriginMismatch:
    case CorsError::PreflightAllowOriginMismatch:
        return QStringLiteral("The 'Access-Control-Allow-Origin' header has a value '") + hint
            + QStringLiteral("' that is not equal to the supplied origin.") + noCorsInformation;
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the response is '") + hint
            + QStringLiteral("' which must be 'true' when the request's credentials mode is 'include'.");
    case CorsError::CorsDisabledScheme:
        // SchemeRegistry::ListOfCorsEnabledURLSchemes() in a desktop Chromium build [R].
        return QStringLiteral("Cross origin requests are only supported for protocol schemes: http, data, "
                              "isolated-app, chrome-extension, chrome, https, chrome-untrusted.");
    case CorsError::PreflightInvalidStatus:
        return QStringLiteral("It does not have HTTP ok status.");
    case CorsError::PreflightDisallowedRedirect:
        return QStringLiteral("Redirect is not allowed for a preflight request.");
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return QStringLiteral("Cannot parse Access-Control-Allow-Methods response header field in preflight response.");
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return QStringLiteral("Cannot parse Access-Control-Allow-Headers response header field in preflight response.");
    case CorsError::MethodDisallowedByPreflightResponse:
        return QStringLiteral("Method ") + hint
            + QStringLiteral(" is not allowed by Access-Control-Allow-Methods in preflight response.");
    case CorsError::HeaderDisallowedByPreflightResponse:
        return QStringLiteral("Request header field ") + hint
            + QStringLiteral(" is not allowed by Access-Control-Allow-Headers in preflight response.");
    case CorsError::RedirectContainsCredentials:
        return QStringLiteral("Redirect location '") + hint
            + QStringLiteral("' contains a username and password, which is disallowed for cross-origin requests.");
    }
    return QString();
}

QString chromiumCorsConsoleMessage(const CorsCheckResult &result, RequestMode mode, const QUrl &initialUrl,
    const QUrl &lastUrl, const Origin &pageOrigin)
{
    if (result.ok()) {
        return QString();
    }
    // EventSource's resource kind prints as "resource" (observed Chromium 156), fetch's as "fetch".
    const QString kind = mode == RequestMode::Fetch ? QStringLiteral("fetch") : QStringLiteral("resource");
    const QString initial = chromiumUrlString(initialUrl);
    const QString last = chromiumUrlString(lastUrl);
    QString text = QStringLiteral("Access to ") + kind + QStringLiteral(" at '") + last + QStringLiteral("' ");
    if (initial != last) {
        text += QStringLiteral("(redirected from '") + initial + QStringLiteral("') ");
    }
    text += QStringLiteral("from origin '") + pageOrigin.serialize()
        + QStringLiteral("' has been blocked by CORS policy: ");
    if (isPreflightCorsError(result.error)) {
        text += QStringLiteral("Response to preflight request doesn't pass access control check: ");
    }
    return text + chromiumCorsReason(result, mode);
}

QString chromiumFailedLoadMessage(const QByteArray &method, const QUrl &url, const QString &netError)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + chromiumUrlString(url) + QStringLiteral(" net::")
        + netError;
}

bool isChromiumNetworkLogLine(const QString &line)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z]+ \\S+ net::ERR_[A-Z0-9_]+$"));
    return pattern.match(line).hasMatch();
}

namespace {
const char16_t kFirefoxBlocked[]
    = u"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";
}

QString firefoxCorsDidNotSucceedMessage(const QUrl &url)
{
    return QString::fromUtf16(kFirefoxBlocked) + chromiumUrlString(url)
        + QStringLiteral(". (Reason: CORS request did not succeed). Status code: (null).");
}

QString firefoxCorsExternalRedirectMessage(const QUrl &url)
{
    return QString::fromUtf16(kFirefoxBlocked) + chromiumUrlString(url)
        + QStringLiteral(". (Reason: CORS request external redirect not allowed).");
}

QString firefoxCorsConsoleMessage(const CorsCheckResult &result, const QUrl &url, int status, int allowOriginLines)
{
    if (result.ok()) {
        return QString();
    }
    const QString prefix = QString::fromUtf16(kFirefoxBlocked) + chromiumUrlString(url) + QStringLiteral(". (Reason: ");
    const QString statusText = QString::number(status);
    const bool multipleLines = allowOriginLines > 1;
    switch (result.error) {
    case CorsError::MissingAllowOriginHeader:
    case CorsError::PreflightMissingAllowOriginHeader:
        return prefix + QStringLiteral("CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: ")
            + statusText + QLatin1Char('.');
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        if (multipleLines) {
            return prefix + QStringLiteral("Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).");
        }
        // One line holding a list (observed es.acao-list): a plain mismatch quoting the value.
        [[fallthrough]];
    case CorsError::InvalidAllowOriginValue:
    case CorsError::PreflightInvalidAllowOriginValue:
    case CorsError::AllowOriginMismatch:
    case CorsError::PreflightAllowOriginMismatch:
        return prefix + QStringLiteral("CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018")
            + result.failedParameter + QStringLiteral("\u2019).");
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        // Firefox quotes the URL in this one text (observed es.star-with-credentials).
        return QString::fromUtf16(kFirefoxBlocked) + QChar(0x2018) + chromiumUrlString(url) + QChar(0x2019)
            + QStringLiteral(". (Reason: Credential is not supported if the CORS header "
                             "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).");
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return prefix
            + QStringLiteral("expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019).");
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
        return prefix + QStringLiteral("CORS preflight response did not succeed). Status code: ") + statusText
            + QLatin1Char('.');
    case CorsError::MethodDisallowedByPreflightResponse:
    case CorsError::InvalidAllowMethodsPreflightResponse:
        return prefix + QStringLiteral("Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019).");
    case CorsError::HeaderDisallowedByPreflightResponse:
    case CorsError::InvalidAllowHeadersPreflightResponse:
        return prefix + QStringLiteral("header \u2018") + result.failedParameter
            + QStringLiteral("\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from "
                             "CORS preflight response).");
    case CorsError::CorsDisabledScheme:
        return prefix + QStringLiteral("CORS request not HTTP).");
    default:
        return prefix + QStringLiteral("CORS request did not succeed). Status code: ") + statusText + QLatin1Char('.');
    }
}

QString webkitCorsConsoleMessage(
    const CorsCheckResult &result, const QString &requestOrigin, int status, const QByteArray &allowOrigin)
{
    const QString statusText = QString::number(status);
    const QString notAllowed = QStringLiteral("Origin ") + requestOrigin
        + QStringLiteral(" is not allowed by Access-Control-Allow-Origin. Status code: ") + statusText;
    // Observed (case fetch.auth-no-options): a 405 preflight without CORS headers is reported by
    // its status, not by its missing Access-Control-Allow-Origin.
    if (isPreflightCorsError(result.error) && (status < 200 || status > 299)) {
        return QStringLiteral("Preflight response is not successful. Status code: ") + statusText;
    }
    switch (result.error) {
    case CorsError::None:
        return QString();
    case CorsError::MultipleAllowOriginValues:
    case CorsError::PreflightMultipleAllowOriginValues:
        // Observed (case es.acao-list): "a b" is a mismatch; only "a, b" is "more than one".
        return allowOrigin.contains(',') ? QStringLiteral("Access-Control-Allow-Origin cannot contain more than one origin.")
                                         : notAllowed;
    case CorsError::WildcardOriginNotAllowed:
    case CorsError::PreflightWildcardOriginNotAllowed:
        return QStringLiteral("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.");
    case CorsError::InvalidAllowCredentials:
    case CorsError::PreflightInvalidAllowCredentials:
        return QStringLiteral("Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".");
    case CorsError::PreflightInvalidStatus:
    case CorsError::PreflightDisallowedRedirect:
        return QStringLiteral("Preflight response is not successful. Status code: ") + statusText;
    case CorsError::MethodDisallowedByPreflightResponse:
        return QStringLiteral("Method ") + result.failedParameter
            + QStringLiteral(" is not allowed by Access-Control-Allow-Methods.");
    case CorsError::HeaderDisallowedByPreflightResponse:
        return QStringLiteral("Request header field ") + result.failedParameter
            + QStringLiteral(" is not allowed by Access-Control-Allow-Headers.");
    default:
        return notAllowed;
    }
}

} // namespace SseScope
