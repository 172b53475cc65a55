#pragma once

#include "corscheck.h"
#include "profile.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

namespace SseScope {

// An Access-Control-Allow-Methods or -Allow-Headers value (the list syntax of -Expose-Headers too) as
// Chromium reads it: split on ',', each item trimmed of spaces and tabs, empty items dropped; it
// never fails.
QList<QByteArray> parseCorsHeaderList(const QByteArray &value);

// Fetch §2.2.1: GET, HEAD and POST (compared case-sensitively after fetch's normalization).
bool isCorsSafelistedMethod(const QByteArray &method);
// Fetch's "normalize a method": DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased.
QByteArray normalizedMethod(const QByteArray &method);
// Fetch §2.2.2 forbidden request-header names: script cannot set them (fetch drops them silently).
bool isForbiddenRequestHeaderName(const QByteArray &name);
// Fetch §2.2.2 "CORS-safelisted request-header" for one header (value ≤ 128 bytes and the per-name rules).
bool isCorsSafelistedRequestHeader(const QByteArray &name, const QByteArray &value);
// Fetch "CORS-unsafe request-header names": lower-cased, sorted, unique; forbidden names are skipped
// (the browser never sends them), and safelisted values totalling over 1024 bytes all become unsafe.
QList<QByteArray> corsUnsafeRequestHeaderNames(const HttpHeaders &headers);

// Fetch §4.1 main fetch step 12 / Chromium cors_url_loader.cc NeedsPreflight: only a request that
// allows preflights (fetch, never EventSource: kPreventPreflight) and has a non-safelisted method or
// CORS-unsafe headers.
bool needsPreflight(const QByteArray &method, const HttpHeaders &headers);

// The OPTIONS request (Fetch §4.8 CORS-preflight fetch): Accept */*, Access-Control-Request-Method,
// Access-Control-Request-Headers (sorted lower-case names joined with "," and no space), Origin.
// Never credentials. The caller adds the fetch-metadata headers.
RequestHead buildPreflightRequest(const QUrl &url, const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
    const QString &serializedOrigin);

// What a successful preflight allows (Chromium services/network/cors/preflight_result.cc).
struct PreflightResult
{
    QList<QByteArray> methods; // as listed, case kept (Chromium compares case-sensitively)
    QList<QByteArray> headers; // lower-cased
    bool credentials = false; // the preflight was for a credentialed request
    qint64 maxAgeSeconds = 5; // effective lifetime: default 5 s, capped by the profile
    bool maxAgePresent = false; // the response carried a parseable Access-Control-Max-Age
    bool maxAgeCapped = false; // the value was above the profile's cap

    // Whether this result covers the method and the unsafe header names (the "method cache entry
    // match" and "header-name cache entry match" of Fetch §4.9, with Chromium's rules).
    CorsCheckResult allows(const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
        bool includeCredentials, const BrowserProfile &profile) const;
};

struct PreflightCheck
{
    CorsCheckResult cors; // None when the preflight passed
    PreflightResult result; // valid when cors.ok()
    // Chromium 156 let `Access-Control-Allow-Headers: *` cover Authorization (the standard does not).
    bool authorizationCoveredByWildcard = false;
};

// Checks the preflight response in Chromium's order (preflight_controller.cc): a redirect fails
// first, then the CORS check (kPreflight* errors), then the ok status (200–299), then the method,
// then each unsafe header.
PreflightCheck checkPreflightResponse(const ResponseHead &response, const QString &serializedOrigin,
    CredentialsMode credentials, const QByteArray &method, const QList<QByteArray> &unsafeHeaderNames,
    const BrowserProfile &profile);

// The preflight cache (Fetch §4.9; Chromium preflight_cache.cc): entries keyed by origin and URL,
// an entry made without credentials does not serve a credentialed request. Pure: the caller passes
// the clock. Bounded: the oldest entry goes when it is full.
class PreflightCache
{
public:
    explicit PreflightCache(int capacity = 256);

    void store(const QString &serializedOrigin, const QUrl &url, const PreflightResult &result, qint64 nowMs);
    // True when a fresh entry covers this request, so no preflight is sent.
    bool covers(const QString &serializedOrigin, const QUrl &url, const QByteArray &method,
        const QList<QByteArray> &unsafeHeaderNames, bool includeCredentials, const BrowserProfile &profile,
        qint64 nowMs) const;
    void clear();
    int size() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        PreflightResult result;
        qint64 expiresAtMs = 0;
        qint64 storedAtMs = 0;
    };
    static QString key(const QString &serializedOrigin, const QUrl &url);

    int m_capacity;
    QHash<QString, Entry> m_entries;
};

} // namespace SseScope
