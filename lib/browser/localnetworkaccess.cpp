#include "localnetworkaccess.h"

#include <QStringList>

// Local Network Access: the address spaces (WICG LNA §2, Chromium
// services/network/public/cpp/ip_address_space_util.cc), the check a connection meets
// (LNA §5.4 "local network access check", Chromium's URLLoader / PrivateNetworkAccessChecker) and
// Chromium's console reasons (cors_error_string.cc), each observed in Chromium 156 (cases lna.*).

namespace SseScope {

QString ipAddressSpaceName(IpAddressSpace space)
{
    switch (space) {
    case IpAddressSpace::Unknown:
        return QStringLiteral("unknown");
    case IpAddressSpace::Public:
        return QStringLiteral("public");
    case IpAddressSpace::Local:
        return QStringLiteral("local");
    case IpAddressSpace::Loopback:
        return QStringLiteral("loopback");
    }
    return QString();
}

std::optional<IpAddressSpace> ipAddressSpaceFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("public")) {
        return IpAddressSpace::Public;
    }
    if (n == QLatin1String("local") || n == QLatin1String("private")) {
        return IpAddressSpace::Local;
    }
    if (n == QLatin1String("loopback")) {
        return IpAddressSpace::Loopback;
    }
    if (n == QLatin1String("unknown")) {
        return IpAddressSpace::Unknown;
    }
    return std::nullopt;
}

IpAddressSpace addressSpaceOfAddress(const QHostAddress &input)
{
    if (input.isNull()) {
        return IpAddressSpace::Unknown;
    }
    QHostAddress address = input;
    bool mapped = false;
    const quint32 v4 = input.toIPv4Address(&mapped); // ::ffff:a.b.c.d counts as a.b.c.d
    if (mapped) {
        address = QHostAddress(v4);
    }
    if (address.isLoopback()) {
        return IpAddressSpace::Loopback;
    }
    // 0.0.0.0 and :: reach the machine itself (Chromium treats them as loopback since it blocks
    // "0.0.0.0 day").
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6) {
        return IpAddressSpace::Loopback;
    }
    static const QList<QPair<QHostAddress, int>> localRanges = {
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("169.254.0.0/16")), // link-local
        QHostAddress::parseSubnet(QStringLiteral("100.64.0.0/10")), // carrier-grade NAT (RFC 6598)
        QHostAddress::parseSubnet(QStringLiteral("fc00::/7")), // unique local
        QHostAddress::parseSubnet(QStringLiteral("fe80::/10")), // link-local
    };
    for (const auto &range : localRanges) {
        if (address.isInSubnet(range)) {
            return IpAddressSpace::Local;
        }
    }
    return IpAddressSpace::Public;
}

namespace {

QString bareHost(const QString &host)
{
    QString h = host.toLower();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']'))) {
        h = h.mid(1, h.size() - 2);
    }
    return h;
}

int rank(IpAddressSpace space)
{
    switch (space) {
    case IpAddressSpace::Public:
        return 1;
    case IpAddressSpace::Local:
        return 2;
    case IpAddressSpace::Loopback:
        return 3;
    case IpAddressSpace::Unknown:
        break;
    }
    return 0;
}

} // namespace

IpAddressSpace addressSpaceOfHost(const QString &host)
{
    const QString h = bareHost(host);
    if (h.isEmpty()) {
        return IpAddressSpace::Unknown;
    }
    if (h == QLatin1String("localhost") || h.endsWith(QLatin1String(".localhost"))) {
        return IpAddressSpace::Loopback;
    }
    const QHostAddress address(h);
    if (address.isNull()) {
        return IpAddressSpace::Unknown;
    }
    return addressSpaceOfAddress(address);
}

bool isMorePrivate(IpAddressSpace target, IpAddressSpace initiator)
{
    if (target == IpAddressSpace::Unknown || initiator == IpAddressSpace::Unknown) {
        return false;
    }
    return rank(target) > rank(initiator);
}

QList<AddressSpaceOverride> parseAddressSpaceOverrides(const QString &value, bool *ok)
{
    QList<AddressSpaceOverride> result;
    if (ok) {
        *ok = true;
    }
    const QStringList entries = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        const qsizetype equals = entry.lastIndexOf(QLatin1Char('='));
        const qsizetype colon = equals < 0 ? -1 : entry.lastIndexOf(QLatin1Char(':'), equals);
        const std::optional<IpAddressSpace> space
            = equals < 0 ? std::nullopt : ipAddressSpaceFromName(entry.mid(equals + 1));
        bool portOk = false;
        const int port = colon < 0 ? 0 : entry.mid(colon + 1, equals - colon - 1).toInt(&portOk);
        const QString host = colon < 0 ? QString() : bareHost(entry.left(colon));
        if (!space || *space == IpAddressSpace::Unknown || !portOk || port <= 0 || port > 65535
            || QHostAddress(host).isNull()) {
            if (ok) {
                *ok = false;
            }
            return {};
        }
        result.append({host, port, *space});
    }
    return result;
}

QString addressSpaceOverridesText(const QList<AddressSpaceOverride> &overrides)
{
    QStringList parts;
    for (const AddressSpaceOverride &o : overrides) {
        const QString host = o.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + o.host + QLatin1Char(']') : o.host;
        parts.append(host + QLatin1Char(':') + QString::number(o.port) + QLatin1Char('=') + ipAddressSpaceName(o.space));
    }
    return parts.join(QLatin1Char(','));
}

bool LocalNetworkCheck::blocked() const
{
    return outcome == LocalNetworkOutcome::BlockedInsecureContext || outcome == LocalNetworkOutcome::BlockedTargetMismatch
        || outcome == LocalNetworkOutcome::BlockedPermissionDenied;
}

QString LocalNetworkCheck::chromiumReason() const
{
    const QChar tick = QLatin1Char('`');
    switch (outcome) {
    case LocalNetworkOutcome::BlockedInsecureContext:
        return QStringLiteral("The request client is not a secure context and the resource is in more-private address "
                              "space ")
            + tick + ipAddressSpaceName(target) + tick + QLatin1Char('.');
    case LocalNetworkOutcome::BlockedTargetMismatch:
        return QStringLiteral("Request had a target IP address space of ") + tick
            + ipAddressSpaceName(declared.value_or(IpAddressSpace::Unknown)) + tick
            + QStringLiteral(" yet the resource is in address space ") + tick + ipAddressSpaceName(target) + tick
            + QLatin1Char('.');
    case LocalNetworkOutcome::BlockedPermissionDenied:
        return QStringLiteral("Permission was denied for this request to access the ") + tick
            + ipAddressSpaceName(target) + tick + QStringLiteral(" address space.");
    default:
        break;
    }
    return QString();
}

namespace {

// The space an override gives (host, port), if any. Chromium matches the endpoint it connected to:
// `localhost` reaches 127.0.0.1 or ::1, so a loopback name matches a loopback override.
std::optional<IpAddressSpace> overriddenSpace(const QString &host, int port, const LocalNetworkContext &context)
{
    const IpAddressSpace natural = addressSpaceOfHost(host);
    for (const AddressSpaceOverride &o : context.overrides) {
        if (o.port == port
            && (host == o.host || (natural == IpAddressSpace::Loopback && addressSpaceOfHost(o.host) == natural))) {
            return o.space;
        }
    }
    return std::nullopt;
}

} // namespace

IpAddressSpace pageAddressSpace(const Origin &page, const LocalNetworkContext &context)
{
    if (context.pageSpace) {
        return *context.pageSpace;
    }
    if (page.isOpaque()) {
        return IpAddressSpace::Public;
    }
    const QString host = bareHost(page.host());
    if (const std::optional<IpAddressSpace> space = overriddenSpace(host, page.port(), context)) {
        return *space;
    }
    const IpAddressSpace space = addressSpaceOfHost(host);
    // A page served under a name is taken to be deployed: public (what a user of `check --origin
    // https://app.example.com` means).
    return space == IpAddressSpace::Unknown ? IpAddressSpace::Public : space;
}

IpAddressSpace targetAddressSpace(const QUrl &url, const LocalNetworkContext &context)
{
    const QString host = bareHost(url.host());
    const int port = url.port(defaultPortForScheme(url.scheme().toLower()));
    return overriddenSpace(host, port, context).value_or(addressSpaceOfHost(host));
}

LocalNetworkCheck checkLocalNetworkAccess(const BrowserProfile &profile, const Origin &page, const QUrl &url,
    const std::optional<IpAddressSpace> &declaredTarget, const LocalNetworkContext &context)
{
    LocalNetworkCheck check;
    check.initiator = pageAddressSpace(page, context);
    check.target = targetAddressSpace(url, context);
    check.declared = declaredTarget;
    if (!profile.checksLocalNetworkAccess) {
        return check;
    }
    // A declared targetAddressSpace must match what the connection finds (observed Chromium 156,
    // case lna.target-space-mismatch), whatever the page's own space. Firefox ESR 153 does not read
    // the option (the same case: it asks, as without it).
    if (profile.kind == BrowserKind::Chromium && declaredTarget && *declaredTarget != IpAddressSpace::Public && *declaredTarget != IpAddressSpace::Unknown
        && check.target != IpAddressSpace::Unknown && *declaredTarget != check.target) {
        check.outcome = LocalNetworkOutcome::BlockedTargetMismatch;
        return check;
    }
    // Only public → local/loopback asks (observed Chromium 156 and Firefox ESR 153: a local page
    // reaching loopback goes out, case lna.local-to-loopback).
    if (check.initiator != IpAddressSpace::Public || !isMorePrivate(check.target, check.initiator)) {
        return check;
    }
    if (!page.isPotentiallyTrustworthy()) {
        check.outcome = LocalNetworkOutcome::BlockedInsecureContext;
        return check;
    }
    switch (context.permission) {
    case LocalNetworkPermission::Ask:
        check.outcome = LocalNetworkOutcome::AwaitsPermission;
        break;
    case LocalNetworkPermission::Granted:
        check.outcome = LocalNetworkOutcome::Allowed;
        break;
    case LocalNetworkPermission::Denied:
        check.outcome = LocalNetworkOutcome::BlockedPermissionDenied;
        break;
    case LocalNetworkPermission::Unanswered:
        // Observed: headless Chromium 156 denies the prompt at once; headless Firefox ESR 153 keeps
        // the request waiting for an answer (cases lna.*: CONNECTING, nothing reaches the server).
        check.outcome = profile.kind == BrowserKind::Firefox ? LocalNetworkOutcome::WaitsForever
                                                               : LocalNetworkOutcome::BlockedPermissionDenied;
        break;
    }
    return check;
}

bool localNetworkExemptsMixedContent(const QUrl &url, const std::optional<IpAddressSpace> &declaredTarget)
{
    if (!declaredTarget || (*declaredTarget != IpAddressSpace::Local && *declaredTarget != IpAddressSpace::Loopback)) {
        return false;
    }
    const QString host = bareHost(url.host());
    if (host.endsWith(QLatin1String(".local"))) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && addressSpaceOfAddress(address) != IpAddressSpace::Public;
}

} // namespace SseScope
