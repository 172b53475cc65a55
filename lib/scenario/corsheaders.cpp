#include "corsheaders.h"

namespace SseScope {

HttpHeaders scenarioCorsHeaders(const CorsPolicy &cors, const QByteArray &requestOrigin, bool preflight,
    const std::function<QString(const QString &)> &expand)
{
    HttpHeaders headers;
    switch (cors.allowOrigin) {
    case CorsPolicy::AllowOrigin::Absent:
        break;
    case CorsPolicy::AllowOrigin::Wildcard:
        headers.append("Access-Control-Allow-Origin", "*");
        break;
    case CorsPolicy::AllowOrigin::Echo:
        for (const QString &allowed : cors.allowlist) {
            if (!requestOrigin.isEmpty() && expand(allowed).toUtf8() == requestOrigin) {
                headers.append("Access-Control-Allow-Origin", requestOrigin);
                break;
            }
        }
        break;
    case CorsPolicy::AllowOrigin::Fixed:
        headers.append("Access-Control-Allow-Origin", expand(cors.values.value(0)).toUtf8());
        break;
    case CorsPolicy::AllowOrigin::Multiple:
        if (cors.multipleAsLines) {
            for (const QString &value : cors.values) {
                headers.append("Access-Control-Allow-Origin", expand(value).toUtf8());
            }
        } else {
            QStringList expanded;
            for (const QString &value : cors.values) {
                expanded.append(expand(value));
            }
            headers.append("Access-Control-Allow-Origin", expanded.join(QStringLiteral(", ")).toUtf8());
        }
        break;
    case CorsPolicy::AllowOrigin::Null:
        headers.append("Access-Control-Allow-Origin", "null");
        break;
    }
    if (cors.allowCredentials) {
        headers.append("Access-Control-Allow-Credentials", cors.allowCredentials->toUtf8());
    }
    if (cors.varyOrigin) {
        headers.append("Vary", "Origin");
    }
    if (preflight) {
        if (cors.preflight.allowMethods) {
            headers.append("Access-Control-Allow-Methods", cors.preflight.allowMethods->toUtf8());
        }
        if (cors.preflight.allowHeaders) {
            headers.append("Access-Control-Allow-Headers", cors.preflight.allowHeaders->toUtf8());
        }
        if (cors.preflight.maxAge) {
            headers.append("Access-Control-Max-Age", QByteArray::number(*cors.preflight.maxAge));
        }
    } else if (!cors.exposeHeaders.isEmpty()) {
        headers.append("Access-Control-Expose-Headers", cors.exposeHeaders.join(QStringLiteral(", ")).toUtf8());
    }
    return headers;
}

} // namespace SseScope
