#include "copyas.h"

#include "session.h"

#include <browser/preflight.h>

namespace SseScope::CopyAs {

namespace {

// POSIX shell: inside single quotes everything is literal except the quote itself.
QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// A JavaScript string literal (ECMA-262 §12.9.4); U+2028/2029 are escaped for older engines.
QString jsString(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"': out += QLatin1String("\\\""); break;
        case '\\': out += QLatin1String("\\\\"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        case '\t': out += QLatin1String("\\t"); break;
        case 0x2028: out += QLatin1String("\\u2028"); break;
        case 0x2029: out += QLatin1String("\\u2029"); break;
        default:
            if (c.unicode() < 0x20) {
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            } else {
                out += c;
            }
        }
    }
    out += u'"';
    return out;
}

const RequestHead &sentRequest(const SessionExchange &exchange)
{
    return exchange.request.headers.isEmpty() ? exchange.plannedRequest : exchange.request;
}

QString urlText(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

QString eventSourceScript(const QUrl &url, bool withCredentials)
{
    QString script = QStringLiteral("const source = new EventSource(%1%2);\n")
                         .arg(jsString(urlText(url)),
                              withCredentials ? QStringLiteral(", { withCredentials: true }") : QString());
    script += QStringLiteral("source.onopen = () => console.log(\"open\");\n"
                             "source.onmessage = (event) => console.log(event.lastEventId, event.data);\n"
                             "source.onerror = () => console.log(\"error, readyState\", source.readyState);\n");
    return script;
}

// The page's fetch body, when the session holds all of it (a --data-file past the 64 KiB the
// session keeps is left out, with a comment that says so).
struct PageBody
{
    bool present = false;
    bool whole = false;
    QByteArray bytes;
    qint64 size = 0;
};

PageBody pageBody(const SessionExchange &exchange)
{
    PageBody body;
    body.present = sentRequest(exchange).hasBody; // not after a 303 that turned the POST into a GET
    body.bytes = exchange.requestBody;
    body.size = exchange.requestBodySize;
    body.whole = body.present && body.size == body.bytes.size();
    return body;
}

QString fetchScript(const RequestHead &request, CredentialsMode credentials, const PageBody &body)
{
    QString script = QStringLiteral("const controller = new AbortController(); // controller.abort() stops the stream\n"
                                    "const response = await fetch(%1, {\n")
                         .arg(jsString(urlText(request.url)));
    if (request.method != "GET") {
        script += QStringLiteral("  method: %1,\n").arg(jsString(QString::fromLatin1(request.method)));
    }
    const HttpHeaders headers = pageHeaders(request);
    if (!headers.isEmpty()) {
        script += QStringLiteral("  headers: {\n");
        for (const HttpHeader &header : headers.lines()) {
            script += QStringLiteral("    %1: %2,\n")
                          .arg(jsString(QString::fromLatin1(header.name)), jsString(QString::fromUtf8(header.value)));
        }
        script += QStringLiteral("  },\n");
    }
    if (body.whole) {
        script += QStringLiteral("  body: %1,\n").arg(jsString(QString::fromUtf8(body.bytes)));
    } else if (body.present) {
        script += QStringLiteral("  // body: %1 bytes; the session kept only the first %2\n").arg(body.size).arg(body.bytes.size());
    }
    if (credentials != CredentialsMode::SameOrigin) { // fetch's default
        script += QStringLiteral("  credentials: %1,\n").arg(jsString(credentialsModeName(credentials)));
    }
    script += QStringLiteral("  signal: controller.signal,\n"
                             "});\n"
                             "console.log(response.status, response.headers.get(\"Content-Type\"));\n"
                             "const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();\n"
                             "for (;;) {\n"
                             "  const { value, done } = await reader.read();\n"
                             "  if (done) break;\n"
                             "  console.log(value);\n"
                             "}\n");
    return script;
}

} // namespace

QString curlCommand(const SessionExchange &exchange)
{
    const RequestHead &request = sentRequest(exchange);
    // One option per line, as DevTools writes it: the first line is the command itself.
    QString command = QStringLiteral("curl -N");
    if (request.method == "HEAD") {
        command += QStringLiteral(" -I");
    } else if (request.method != "GET") {
        command += QStringLiteral(" -X ") + shellQuoted(QString::fromLatin1(request.method));
    }
    if (exchange.httpVersion == "1.1" && request.url.scheme() == QLatin1String("https")) {
        command += QStringLiteral(" --http1.1"); // the browser did not get HTTP/2 here either
    }
    QStringList lines {command};
    bool acceptsEncoding = false;
    for (const HttpHeader &header : request.headers.lines()) {
        // curl needs a value-less header written "Name;" (with "Name:" it would drop the header).
        QString line = QString::fromLatin1(header.name);
        line += header.value.isEmpty() ? QStringLiteral(";") : QStringLiteral(": ") + QString::fromUtf8(header.value);
        lines.append(QStringLiteral("-H ") + shellQuoted(line));
        acceptsEncoding = acceptsEncoding || headerNameEquals(header.name, QByteArrayLiteral("Accept-Encoding"));
    }
    if (acceptsEncoding) {
        lines.append(QStringLiteral("--compressed")); // decode what that Accept-Encoding brings
    }
    // The fetch body as sent, byte for byte (--data-binary keeps newlines; -d would strip them).
    if (const PageBody body = pageBody(exchange); body.whole) {
        lines.append(QStringLiteral("--data-binary ") + shellQuoted(QString::fromUtf8(body.bytes)));
    }
    lines.append(shellQuoted(urlText(request.url)));
    return lines.join(QStringLiteral(" \\\n  "));
}

QString pageJavaScript(const Session &session, const SessionExchange &exchange)
{
    const SessionInfo &info = session.info();
    if (exchange.kind == ExchangeKind::Login) {
        return QStringLiteral("await fetch(%1, { credentials: \"include\" }); // stores the login's cookies\n")
            .arg(jsString(urlText(sentRequest(exchange).url)));
    }
    // The page asked for the session's URL; a later hop's URL is the redirect's doing.
    const QUrl pageUrl = info.url.isValid() ? info.url : sentRequest(exchange).url;
    if (info.mode == RequestMode::EventSource) {
        return eventSourceScript(pageUrl, info.credentials == CredentialsMode::Include);
    }
    // A preflight's own request is OPTIONS with the browser's Access-Control-Request-* headers: the
    // page's request is the next hop the browser sent.
    const SessionExchange *pageRequest = &exchange;
    if (exchange.kind == ExchangeKind::Preflight) {
        for (const SessionExchange &later : session.exchanges()) {
            if (later.id > exchange.id
                && (later.kind == ExchangeKind::Stream || later.kind == ExchangeKind::Redirect)) {
                pageRequest = &later;
                break;
            }
        }
    }
    RequestHead request = sentRequest(*pageRequest);
    if (pageRequest->kind == ExchangeKind::Preflight) {
        request.method = QByteArrayLiteral("GET"); // the preflight's request never went out
        request.headers = {};
    }
    request.url = pageUrl;
    return fetchScript(request, info.credentials,
        pageRequest->kind == ExchangeKind::Preflight ? PageBody() : pageBody(*pageRequest));
}

HttpHeaders pageHeaders(const RequestHead &request)
{
    HttpHeaders headers;
    for (const HttpHeader &header : request.headers.lines()) {
        if (isForbiddenRequestHeaderName(header.name)
            || headerNameEquals(header.name, QByteArrayLiteral("User-Agent"))
            || headerNameEquals(header.name, QByteArrayLiteral("Accept-Language"))
            || (headerNameEquals(header.name, QByteArrayLiteral("Accept")) && header.value == "*/*")) {
            continue;
        }
        headers.append(header.name, header.value);
    }
    return headers;
}

} // namespace SseScope::CopyAs
