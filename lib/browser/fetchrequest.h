#pragma once

// What `fetch(url, init)` makes of the page's init before anything goes out: the method and body
// checks that throw a TypeError (Fetch §5.4 "Request constructor"), and the header list the request
// carries (the page's headers plus the Content-Type a body brings). The preflight decision on that
// list is preflight.h's.

#include "findings.h"
#include "requestintent.h"

#include <common/httpheaders.h>

#include <QString>

namespace SseScope {

// Fetch §5.4 Request constructor step 25 (method) and step 35 (body), with Chromium's messages
// (third_party/blink/renderer/core/fetch/request.cc): "'TRACE' HTTP method is unsupported.",
// "'GE T' is not a valid HTTP method.", "Request with GET/HEAD method cannot have body.". Empty
// when the init is valid (and always for EventSource, which has no init).
QString fetchInitTypeError(const RequestIntent &intent);

// `fetch.init-type-error` with the message as its detail, or nothing when the init is valid.
QList<Finding> fetchInitFindings(const RequestIntent &intent);

// The Chromium console line for such a TypeError: "Uncaught (in promise) TypeError: Failed to
// execute 'fetch' on 'Window': <message>".
QString chromiumFetchTypeErrorConsole(const QString &message);

// The header list of the Request the page builds: its own headers in order, then — when it passes
// a string body and set no Content-Type — `Content-Type: text/plain;charset=UTF-8` (Fetch §5.4
// step 36 with "extract a body" of a scalar value string, §5.2). Forbidden names are still in the
// list here; the request drops them when it is sent.
HttpHeaders fetchRequestHeaders(const RequestIntent &intent);

// The Content-Type fetch gives a string body (Fetch §5.2 "extract a body").
QByteArray fetchStringBodyContentType();

// Fetch "request-body-header name": Content-Encoding, Content-Language, Content-Location,
// Content-Type (case-insensitive) — removed with the body when a redirect turns a POST into a GET.
bool isRequestBodyHeaderName(const QByteArray &name);

} // namespace SseScope
