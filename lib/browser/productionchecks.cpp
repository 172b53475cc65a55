#include "productionchecks.h"

#include "corscheck.h"

#include <QUrlQuery>

#include <algorithm>

namespace SseScope {

namespace {

bool listContainsToken(const QByteArray &value, const QByteArray &token)
{
    const QList<QByteArray> parts = value.split(',');
    return std::any_of(parts.cbegin(), parts.cend(),
        [&](const QByteArray &part) { return trimmedHeaderValue(part).compare(token, Qt::CaseInsensitive) == 0; });
}

bool looksLikeJwt(const QString &value)
{
    // header.payload.signature, base64url, the header starting with {" → "ey".
    const QStringList parts = value.split(QLatin1Char('.'));
    return parts.size() == 3 && value.startsWith(QLatin1String("ey")) && parts.at(1).size() >= 4;
}

} // namespace

QString credentialQueryParameter(const QUrl &url)
{
    static const QStringList names = {QStringLiteral("token"), QStringLiteral("access_token"),
        QStringLiteral("accesstoken"), QStringLiteral("auth"), QStringLiteral("authorization"), QStringLiteral("jwt"),
        QStringLiteral("api_key"), QStringLiteral("apikey"), QStringLiteral("key"), QStringLiteral("session"),
        QStringLiteral("sessionid"), QStringLiteral("sid"), QStringLiteral("password"), QStringLiteral("secret"),
        QStringLiteral("sig"), QStringLiteral("signature"), QStringLiteral("id_token"), QStringLiteral("bearer")};
    const QUrlQuery query(url);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        const QString name = item.first.toLower();
        if (names.contains(name) || name.endsWith(QLatin1String("_token")) || name.endsWith(QLatin1String("-token"))
            || looksLikeJwt(item.second)) {
            return item.first;
        }
    }
    return QString();
}

QList<Finding> checkRequestUrl(const QUrl &url)
{
    QList<Finding> findings;
    const QString name = credentialQueryParameter(url);
    if (!name.isEmpty()) {
        findings.append(makeFinding("request.token-in-query", name));
    }
    return findings;
}

QList<Finding> checkStreamResponse(const RequestHead &sent, const ResponseHead &response)
{
    QList<Finding> findings;
    const HttpHeaders &h = response.headers;
    // Without no-transform, a proxy or CDN may compress or re-chunk the stream (RFC 9111 §5.2.2.6).
    const QByteArray cacheControl = h.combinedValue(QByteArrayLiteral("Cache-Control"));
    if (!listContainsToken(cacheControl, QByteArrayLiteral("no-transform"))) {
        findings.append(makeFinding("response.no-transform-missing",
            cacheControl.isNull() ? QStringLiteral("no Cache-Control header")
                                  : QStringLiteral("Cache-Control: ") + QString::fromLatin1(cacheControl)));
    }
    const QByteArray encoding = trimmedHeaderValue(h.combinedValue(QByteArrayLiteral("Content-Encoding")));
    if (!encoding.isEmpty() && encoding.compare("identity", Qt::CaseInsensitive) != 0) {
        findings.append(makeFinding("response.content-encoding", QString::fromLatin1(encoding)));
    }
    const QByteArray allowOrigin
        = trimmedHeaderValue(h.combinedValue(QByteArrayLiteral("Access-Control-Allow-Origin")));
    if (!allowOrigin.isEmpty() && allowOrigin != "*") {
        const QByteArray vary = h.combinedValue(QByteArrayLiteral("Vary"));
        if (!listContainsToken(vary, QByteArrayLiteral("Origin")) && !listContainsToken(vary, QByteArrayLiteral("*"))) {
            findings.append(makeFinding("cors.vary-origin-missing",
                QStringLiteral("Access-Control-Allow-Origin: ") + QString::fromLatin1(allowOrigin)));
        }
    }
    if (allowOrigin == "*") {
        QString why;
        if (sent.headers.contains(QByteArrayLiteral("Authorization"))) {
            why = QStringLiteral("the request carries Authorization");
        } else if (sent.headers.contains(QByteArrayLiteral("Cookie"))) {
            why = QStringLiteral("the request carries cookies");
        } else if (!credentialQueryParameter(sent.url).isEmpty()) {
            why = QStringLiteral("the URL carries a token (%1)").arg(credentialQueryParameter(sent.url));
        } else if (response.status == 401 || response.status == 403) {
            why = QStringLiteral("the server answered %1").arg(response.status);
        }
        if (!why.isEmpty()) {
            findings.append(makeFinding("cors.wildcard-on-authenticated-stream", why));
        }
    }
    return findings;
}

QList<Finding> checkConnection(const QByteArray &httpVersion, int openStreamsToHost, const BrowserProfile &profile)
{
    QList<Finding> findings;
    if (!httpVersion.startsWith('1')) {
        return findings; // h2 / h3 multiplex streams on one connection
    }
    if (openStreamsToHost > profile.maxConnectionsPerHost) {
        findings.append(makeFinding("http.connection-limit",
            QStringLiteral("stream %1 to this host; %2 allows %3 connections per host over "
                           "HTTP/%4")
                .arg(openStreamsToHost)
                .arg(profile.displayName)
                .arg(profile.maxConnectionsPerHost)
                .arg(QString::fromLatin1(httpVersion))));
    } else {
        findings.append(makeFinding("http.http1-stream",
            QStringLiteral("HTTP/%1: %2 of %3 connections to this host")
                .arg(QString::fromLatin1(httpVersion))
                .arg(openStreamsToHost)
                .arg(profile.maxConnectionsPerHost)));
    }
    return findings;
}

qint64 longestSilenceMs(const StreamSummary &summary)
{
    qint64 longest = 0;
    qint64 previous = 0;
    for (const ChunkArrival &chunk : summary.chunks) {
        longest = std::max(longest, chunk.receivedMs - previous);
        previous = std::max(previous, chunk.receivedMs);
    }
    if (!summary.endedByServer) {
        longest = std::max(longest, summary.observedMs - previous);
    }
    return longest;
}

bool looksBuffered(const StreamSummary &summary)
{
    // Group the chunks that arrived within 50 ms of each other. Events written over time by a
    // server that flushes reach the client one or two per group; behind a buffering proxy they come
    // in a few large groups separated by long pauses.
    struct Burst
    {
        qint64 startMs;
        qint64 endMs;
        int events;
    };
    QList<Burst> bursts;
    for (const ChunkArrival &chunk : summary.chunks) {
        if (chunk.events <= 0) {
            continue;
        }
        if (!bursts.isEmpty() && chunk.receivedMs - bursts.last().endMs <= 50) {
            bursts.last().endMs = chunk.receivedMs;
            bursts.last().events += chunk.events;
        } else {
            bursts.append(Burst {chunk.receivedMs, chunk.receivedMs, chunk.events});
        }
    }
    int events = 0;
    int largest = 0;
    for (const Burst &burst : bursts) {
        events += burst.events;
        largest = std::max(largest, burst.events);
    }
    if (events < 6 || largest < 4) {
        return false;
    }
    // Most events arrived in bursts of four or more.
    int inBigBursts = 0;
    for (const Burst &burst : bursts) {
        if (burst.events >= 4) {
            inBigBursts += burst.events;
        }
    }
    return inBigBursts * 4 >= events * 3;
}

QList<Finding> checkStream(const StreamSummary &summary)
{
    QList<Finding> findings;
    const qint64 silence = longestSilenceMs(summary);
    // Any silence counts, comments or not: what the proxy sees is bytes.
    if (silence >= kHeartbeatThresholdMs) {
        findings.append(makeFinding("stream.no-heartbeat", QStringLiteral("%1 s without a byte").arg(silence / 1000)));
    }
    if (summary.events > 0 && summary.eventsWithId == 0) {
        findings.append(makeFinding("stream.no-ids", QStringLiteral("%1 events, none with an id").arg(summary.events)));
    }
    if (looksBuffered(summary)) {
        findings.append(makeFinding("transport.buffered",
            QStringLiteral("%1 events in %2 chunks").arg(summary.events).arg(summary.chunks.size())));
    }
    // A stall: bytes came regularly, then nothing while the connection stays open.
    if (!summary.endedByServer && summary.chunks.size() >= 3) {
        qint64 previous = 0;
        qint64 longestBefore = 0;
        for (const ChunkArrival &chunk : summary.chunks) {
            longestBefore = std::max(longestBefore, chunk.receivedMs - previous);
            previous = chunk.receivedMs;
        }
        const qint64 silentAtEnd = summary.observedMs - previous;
        if (silentAtEnd >= kStallThresholdMs && silentAtEnd >= 4 * std::max<qint64>(longestBefore, 1)) {
            findings.append(makeFinding("transport.stall",
                QStringLiteral("silent for the last %1 s, after chunks "
                               "at most %2 ms apart")
                    .arg(silentAtEnd / 1000)
                    .arg(longestBefore)));
        }
    }
    if (summary.linesTooLong > 0) {
        findings.append(makeFinding("stream.line-too-long", QString::number(summary.linesTooLong)));
    }
    if (summary.eventsTooLarge > 0) {
        findings.append(makeFinding("stream.event-too-large", QString::number(summary.eventsTooLarge)));
    }
    if (summary.invalidUtf8Sequences > 0) {
        findings.append(makeFinding("stream.invalid-utf8", QString::number(summary.invalidUtf8Sequences)));
    }
    return findings;
}

} // namespace SseScope
