#pragma once

#include <common/httpheaders.h>

#include <QByteArray>

namespace SseScope {

// A response's Content-Type as the browser model reads it: the MIME type's essence and its charset
// parameter, after Fetch "extract a MIME type" in short: of several comma-separated values (two
// header lines are joined with ", " first) the last one whose type part has a '/' wins.
struct ParsedContentType
{
    bool present = false; // there is a Content-Type line at all
    QByteArray essence; // "type/subtype" as sent, trimmed (case kept; the profile decides how to compare)
    QByteArray charset; // unquoted (one pair of '"'), case kept; empty when there is none

    friend bool operator==(const ParsedContentType &a, const ParsedContentType &b)
    {
        return a.present == b.present && a.essence == b.essence && a.charset == b.charset;
    }
};

ParsedContentType parseContentType(const HttpHeaders &headers);
// The same for one combined header value (a null value: no header).
ParsedContentType parseContentTypeValue(const QByteArray &value);

// The lower-cased essence of a request's Content-Type value (what precedes the first ';', trimmed),
// as Fetch's CORS-safelisted request-header check compares it.
QByteArray mimeEssence(const QByteArray &value);

} // namespace SseScope
