// HarSanitizer for request bodies (issue 18): a chat UI's or an MCP client's fetch POST carries
// JSON, and API keys travel in it as often as in headers ({"api_key": "sk-…"}). A sanitized HAR
// masks those members' values as it masks the secret headers, byte for byte in place, so the
// body stays the JSON the page sent (and a second export of an imported file is identical).
#include "harsanitizer.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <functional>

namespace SseScope {

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The end (one past the closing quote) of the JSON string starting at `begin` (a '"').
qsizetype stringEnd(const QByteArray &text, qsizetype begin)
{
    qsizetype i = begin + 1;
    while (i < text.size()) {
        if (text.at(i) == '\\') {
            i += 2;
            continue;
        }
        if (text.at(i) == '"') {
            return i + 1;
        }
        ++i;
    }
    return text.size();
}

// Walks a JSON text and calls `onSecret(valueBegin, valueEnd, isString)` for the value of every
// member whose name is secret: a string (quotes included) or a number / true / false. `null`,
// objects and arrays are walked into, not reported.
void forEachSecretValue(const QByteArray &text, const std::function<void(qsizetype, qsizetype, bool)> &onSecret)
{
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != '"') {
            ++i;
            continue;
        }
        const qsizetype end = stringEnd(text, i);
        qsizetype after = end;
        while (after < text.size() && isJsonSpace(text.at(after))) {
            ++after;
        }
        const bool isName = after < text.size() && text.at(after) == ':';
        if (!isName || !HarSanitizer::isSecretFieldName(QByteArrayView(text).sliced(i + 1, end - i - 2))) {
            i = end;
            continue;
        }
        qsizetype value = after + 1;
        while (value < text.size() && isJsonSpace(text.at(value))) {
            ++value;
        }
        if (value >= text.size()) {
            return;
        }
        if (text.at(value) == '"') {
            const qsizetype valueEnd = stringEnd(text, value);
            onSecret(value, valueEnd, true);
            i = valueEnd;
            continue;
        }
        qsizetype valueEnd = value;
        while (valueEnd < text.size() && text.at(valueEnd) != ',' && text.at(valueEnd) != '}'
            && text.at(valueEnd) != ']' && !isJsonSpace(text.at(valueEnd))) {
            ++valueEnd;
        }
        const QByteArray scalar = text.mid(value, valueEnd - value);
        if (!scalar.isEmpty() && scalar != "null" && text.at(value) != '{' && text.at(value) != '[') {
            onSecret(value, valueEnd, false);
            i = valueEnd;
        } else {
            i = value; // objects and arrays: their members are walked next
        }
    }
}

bool isJsonDocument(const QByteArray &body)
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError;
}

} // namespace

bool HarSanitizer::isSecretFieldName(QByteArrayView name)
{
    QByteArray n;
    n.reserve(name.size());
    for (const char c : name) {
        if (c != '-' && c != '_') {
            n.append(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
        }
    }
    static const QList<QByteArray> exact = {"token", "key", "apikey", "secret", "password", "passwd", "pwd",
        "authorization", "auth", "jwt", "credential", "credentials", "session", "sessionid", "sid", "privatekey",
        "clientsecret", "signature", "cookie"};
    if (exact.contains(n)) {
        return true;
    }
    for (const char *suffix : {"token", "secret", "password", "apikey", "privatekey", "signature"}) {
        if (n.endsWith(suffix)) {
            return true;
        }
    }
    return false;
}

QByteArray HarSanitizer::cleanBody(const QByteArray &body) const
{
    if (!isJsonDocument(body)) {
        return cleanText(body);
    }
    QByteArray out;
    out.reserve(body.size());
    qsizetype copied = 0;
    forEachSecretValue(body, [&](qsizetype begin, qsizetype end, bool) {
        // A string keeps its quotes; a number or boolean becomes the string too.
        out.append(body.constData() + copied, begin - copied);
        out.append('"' + mask() + '"');
        copied = end;
    });
    out.append(body.constData() + copied, body.size() - copied);
    return cleanText(out);
}

void HarSanitizer::collectFromBody(const QByteArray &body)
{
    if (body.isEmpty() || !isJsonDocument(body)) {
        return;
    }
    forEachSecretValue(body, [&](qsizetype begin, qsizetype end, bool isString) {
        addSecret(isString ? body.mid(begin + 1, end - begin - 2) : body.mid(begin, end - begin));
    });
}

} // namespace SseScope
