#include "mimetype.h"

#include "corscheck.h"

namespace SseScope {

ParsedContentType parseContentType(const HttpHeaders &headers)
{
    return parseContentTypeValue(headers.combinedValue(QByteArrayLiteral("Content-Type")));
}

ParsedContentType parseContentTypeValue(const QByteArray &value)
{
    ParsedContentType result;
    if (value.isNull()) {
        return result;
    }
    result.present = true;
    const QList<QByteArray> candidates = value.split(',');
    for (auto it = candidates.crbegin(); it != candidates.crend(); ++it) {
        const QList<QByteArray> parts = it->split(';');
        const QByteArray essence = trimmedHeaderValue(parts.constFirst());
        if (!essence.contains('/')) {
            continue;
        }
        result.essence = essence;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = trimmedHeaderValue(parts.at(i));
            const qsizetype eq = param.indexOf('=');
            if (eq > 0 && param.left(eq).trimmed().toLower() == "charset") {
                QByteArray v = trimmedHeaderValue(param.mid(eq + 1));
                if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"')) {
                    v = v.mid(1, v.size() - 2);
                }
                result.charset = v;
            }
        }
        break;
    }
    return result;
}

QByteArray mimeEssence(const QByteArray &value)
{
    const qsizetype semicolon = value.indexOf(';');
    return trimmedHeaderValue(semicolon < 0 ? value : value.left(semicolon)).toLower();
}

} // namespace SseScope
