#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QUrl>

namespace SseScope {

// One header line as it was on the wire: the name keeps its case, the value its bytes.
struct HttpHeader
{
    QByteArray name;
    QByteArray value;

    friend bool operator==(const HttpHeader &a, const HttpHeader &b)
    {
        return a.name == b.name && a.value == b.value;
    }
};

// An ordered header block, shared by every layer (browser model, server, client, session, HAR).
// Order and duplicates are kept because the browser's decisions depend on them: two
// Access-Control-Allow-Origin lines are combined with ", " and then fail, exactly as Fetch says.
class HttpHeaders
{
public:
    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<HttpHeader> headers);

    void append(const QByteArray &name, const QByteArray &value);
    // Removes every line with this name, then appends one.
    void set(const QByteArray &name, const QByteArray &value);
    // Removes every line with this name; returns how many were removed.
    int remove(const QByteArray &name);

    bool contains(const QByteArray &name) const;
    // The values of every line with this name, in order (names compare case-insensitively).
    QList<QByteArray> values(const QByteArray &name) const;
    // Fetch's "get": the values joined with ", ", or a null QByteArray when there is no such line.
    QByteArray combinedValue(const QByteArray &name) const;

    const QList<HttpHeader> &lines() const { return m_lines; }
    bool isEmpty() const { return m_lines.isEmpty(); }
    qsizetype size() const { return m_lines.size(); }

    friend bool operator==(const HttpHeaders &a, const HttpHeaders &b) { return a.m_lines == b.m_lines; }

private:
    QList<HttpHeader> m_lines;
};

struct RequestHead
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HttpHeaders headers;
    // The request carries the page's body (RequestIntent::body or bodyFile). False for a preflight,
    // an EventSource, and after a redirect that turned a POST into a GET (Fetch §4.4 step 12).
    bool hasBody = false;
};

struct ResponseHead
{
    int status = 0;
    QByteArray reasonPhrase;
    HttpHeaders headers;
};

// Case-insensitive comparison of ASCII header names (Fetch: "byte-case-insensitive").
bool headerNameEquals(const QByteArray &a, const QByteArray &b);

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::HttpHeaders)
Q_DECLARE_METATYPE(SseScope::RequestHead)
Q_DECLARE_METATYPE(SseScope::ResponseHead)
