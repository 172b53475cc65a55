#pragma once

#include "interceptedexchange.h"

#include <session/harreader.h>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace SseScope {

// What intercept mode keeps of the exchanges that passed through the proxy, and the diagnosis of
// its event streams.
//
// A stream is diagnosed by the HAR import path (HarReader): the stream exchange, the preflight
// before it and the redirect hops that led to it are written as the entries a browser's
// developer tools would save — heads, the body, and each event with the time its bytes arrived —
// and read back, so the browser model replays them exactly as it replays a DevTools HAR. One
// diagnosis for both; nothing here decides what a browser does.
//
// Bounded: at most maxExchanges and maxKeptBytes of bodies are kept, the oldest going first.
class InterceptRecording final
{
public:
    static constexpr qsizetype maxExchanges = 10000;
    static constexpr qint64 maxKeptBytes = 256LL * 1024 * 1024; // body bytes over all kept exchanges

    // `browser`: "chromium" or "firefox", the profile the streams are judged for.
    InterceptRecording(const QDateTime &startedAt, const QString &browser);

    void add(const InterceptedExchange &exchange);
    const QList<InterceptedExchange> &exchanges() const { return m_exchanges; }
    quint64 dropped() const { return m_dropped; }

    // The stream's session, diagnosed; std::nullopt (and a reason) when the replay refused it.
    std::optional<HarImport> diagnose(const InterceptedExchange &stream, QString *error = nullptr) const;
    // CLI.md's REPORT for the stream (sessionReportJson), with an "intercept" member beside the
    // keys CLI.md lists: the rewrite notes and the server's original head when a rule changed it.
    QJsonObject report(const InterceptedExchange &stream) const;

    // Every kept exchange as a HAR 1.2 file (sanitized unless keepSecrets), readable by
    // `ssescope har` and by other tools.
    QByteArray toHar(bool keepSecrets) const;
    bool writeHar(const QString &path, bool keepSecrets, QString *error = nullptr) const;

private:
    QList<InterceptedExchange> streamContext(const InterceptedExchange &stream) const;
    QByteArray harDocument(const QList<InterceptedExchange> &entries, bool keepSecrets) const;

    QDateTime m_startedAt;
    QString m_browser;
    QList<InterceptedExchange> m_exchanges;
    quint64 m_dropped = 0;
    qint64 m_keptBytes = 0;
};

} // namespace SseScope
