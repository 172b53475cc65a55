#pragma once

#include <common/httpheaders.h>

#include <QString>

namespace SseScope {

class Session;
struct SessionExchange;

// "Copy as": one recorded request, as something a user can paste elsewhere to try it again.
namespace CopyAs {

// A curl command line (POSIX shell quoting) that sends this request with every header the browser
// sent, in order — Origin, Cookie and Authorization included, as DevTools' "Copy as cURL" does —
// and prints the stream as it arrives (-N). The request as it went on the wire when the session
// has it, else the browser model's plan.
QString curlCommand(const SessionExchange &exchange);

// The page's own JavaScript that makes this request: `new EventSource(url, {withCredentials})`, or
// `fetch(url, {method, headers, credentials, signal})` read as a stream, or the login's
// `fetch(url, {credentials: "include"})`. A preflight or a redirect hop is the browser's doing, not
// the page's: for those it is the request the page made (the session's URL, the headers of the
// request the preflight was for). The page's headers are the ones a script may set and the browser
// does not add by itself (pageHeaders()).
QString pageJavaScript(const Session &session, const SessionExchange &exchange);

// The headers in a fetch() request that the page's script set: the request's headers without the
// forbidden names (Fetch §2.2.2: Origin, Cookie, Sec-*, Accept-Encoding…), without the ones the
// browser always adds (User-Agent, Accept-Language) and without fetch's default `Accept: */*`.
HttpHeaders pageHeaders(const RequestHead &request);

} // namespace CopyAs

} // namespace SseScope
