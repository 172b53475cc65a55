#include "origin.h"

#include <QHostAddress>

namespace SseScope {

int defaultPortForScheme(const QString &scheme)
{
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws")) {
        return 80;
    }
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss")) {
        return 443;
    }
    return -1;
}

Origin Origin::fromUrl(const QUrl &url)
{
    Origin origin;
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || defaultPortForScheme(scheme) < 0) {
        return origin; // opaque: file:, data:, about:, or no host
    }
    origin.m_scheme = scheme;
    origin.m_host = url.host(QUrl::FullyEncoded).toLower();
    origin.m_port = url.port(defaultPortForScheme(scheme));
    return origin;
}

Origin Origin::fromString(const QString &text, QString *errorString)
{
    const QString trimmed = text.trimmed();
    if (trimmed == QLatin1String("null")) {
        return Origin();
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    auto fail = [&](const QString &why) {
        if (errorString) {
            *errorString = why;
        }
        return Origin();
    };
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        return fail(QStringLiteral("'%1' is not an origin (expected scheme://host[:port])").arg(text));
    }
    if (defaultPortForScheme(url.scheme().toLower()) < 0) {
        return fail(QStringLiteral("'%1' does not use http or https").arg(text));
    }
    if ((!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || url.hasFragment()
        || !url.userInfo().isEmpty()) {
        return fail(QStringLiteral("'%1' has more than scheme, host and port").arg(text));
    }
    if (errorString) {
        errorString->clear();
    }
    return fromUrl(url);
}

QString Origin::serialize() const
{
    if (isOpaque()) {
        return QStringLiteral("null");
    }
    QString host = m_host;
    if (host.contains(QLatin1Char(':'))) {
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6 literal
    }
    QString result = m_scheme + QLatin1String("://") + host;
    if (m_port != defaultPortForScheme(m_scheme)) {
        result += QLatin1Char(':') + QString::number(m_port);
    }
    return result;
}

bool Origin::isPotentiallyTrustworthy() const
{
    if (isOpaque()) {
        return false;
    }
    return m_scheme == QLatin1String("https") || m_scheme == QLatin1String("wss") || isLocalhostHost(m_host);
}

bool isLocalhostHost(const QString &host)
{
    const QString h = host.toLower();
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost"))) {
        return true;
    }
    QString bare = h;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']'))) {
        bare = bare.mid(1, bare.size() - 2);
    }
    const QHostAddress address(bare);
    return !address.isNull() && address.isLoopback();
}

} // namespace SseScope
