#include "httpheaders.h"

namespace SseScope {

bool headerNameEquals(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

HttpHeaders::HttpHeaders(std::initializer_list<HttpHeader> headers)
    : m_lines(headers)
{
}

void HttpHeaders::append(const QByteArray &name, const QByteArray &value)
{
    m_lines.append(HttpHeader{name, value});
}

void HttpHeaders::set(const QByteArray &name, const QByteArray &value)
{
    remove(name);
    append(name, value);
}

int HttpHeaders::remove(const QByteArray &name)
{
    return int(m_lines.removeIf([&](const HttpHeader &h) { return headerNameEquals(h.name, name); }));
}

bool HttpHeaders::contains(const QByteArray &name) const
{
    return std::any_of(m_lines.cbegin(), m_lines.cend(),
                       [&](const HttpHeader &h) { return headerNameEquals(h.name, name); });
}

QList<QByteArray> HttpHeaders::values(const QByteArray &name) const
{
    QList<QByteArray> result;
    for (const HttpHeader &h : m_lines) {
        if (headerNameEquals(h.name, name)) {
            result.append(h.value);
        }
    }
    return result;
}

QByteArray HttpHeaders::combinedValue(const QByteArray &name) const
{
    const QList<QByteArray> all = values(name);
    if (all.isEmpty()) {
        return QByteArray();
    }
    QByteArray joined = all.join(QByteArrayLiteral(", "));
    if (joined.isNull()) {
        joined = QByteArray(""); // present but empty is not the same as absent
    }
    return joined;
}

} // namespace SseScope
