#include "snippetcontext.h"

#include "origin.h"

#include <QRegularExpression>
#include <QUrl>

namespace SseScope {

namespace {

bool usableOrigin(const QString &origin)
{
    const Origin parsed = Origin::fromUrl(QUrl(origin));
    return !parsed.isOpaque() && parsed.serialize() == origin;
}

// URL path characters (RFC 3986 pchar and '/'), without the quotes and spaces that would end a
// JavaScript string, an nginx location or a Go string.
bool usablePath(const QString &path)
{
    static const QRegularExpression pathChars(QStringLiteral("^/[A-Za-z0-9._~!$&()*+,;=:@%/-]*$"));
    return pathChars.match(path).hasMatch() && path.size() <= 200;
}

// RFC 6265 §4.1.1 cookie-name = token (RFC 2616 §2.2): no separators, no controls.
bool usableCookieName(const QString &name)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(name).hasMatch() && !name.contains(u'\'') && name.size() <= 100;
}

} // namespace

QString personalizeSnippet(const QString &text, const SnippetContext &context)
{
    QString out = text;
    if (usableOrigin(context.pageOrigin)) {
        out.replace(QStringLiteral("https://app.example.com"), context.pageOrigin);
    }
    if (usablePath(context.streamPath) && context.streamPath != QLatin1String("/events")) {
        out.replace(QStringLiteral("app.get('/events'"), QStringLiteral("app.get('%1'").arg(context.streamPath));
        out.replace(QStringLiteral("app.options('/events'"), QStringLiteral("app.options('%1'").arg(context.streamPath));
        out.replace(QStringLiteral("location /events "), QStringLiteral("location %1 ").arg(context.streamPath));
    }
    if (usableCookieName(context.cookieName) && context.cookieName != QLatin1String("sid")) {
        // Every form first becomes a marker, then the marker the name: a name that itself contains
        // "sid" must not be replaced twice.
        const QString marker(QChar(0xFDD0)); // a noncharacter: never in the catalogue's texts
        const QString &name = context.cookieName;
        const bool hostPrefixed = name.startsWith(QLatin1String("__Host-"));
        out.replace(QStringLiteral("__Host-sid="), (hostPrefixed ? marker : QStringLiteral("__Host-") + marker) + u'=');
        out.replace(QStringLiteral("res.cookie('sid'"), QStringLiteral("res.cookie('") + marker + u'\'');
        out.replace(QStringLiteral("Name: \"sid\""), QStringLiteral("Name: \"") + marker + u'"');
        out.replace(QStringLiteral("proxy_cookie_flags sid "), QStringLiteral("proxy_cookie_flags ") + marker + u' ');
        out.replace(QStringLiteral("sid=<session>"), marker + QStringLiteral("=<session>"));
        out.replace(QStringLiteral("sid=$token"), marker + QStringLiteral("=$token"));
        out.replace(marker, name);
    }
    return out;
}

} // namespace SseScope
