#pragma once

#include <client/browserclientcontroller.h>
#include <scenario/scenario.h>
#include <server/mockservercontroller.h>

#include <QUrl>

namespace SseScope::Test {

// The client options the test page would use for this scenario on this server: the page origin is
// the server's page origin (cross-site to the API), the stream URL the API origin plus the
// scenario's path, login and headers as the scenario's client block says.
inline ClientOptions optionsFor(const Scenario &scenario, const MockServerController &server, qint64 durationMs)
{
    ClientOptions options;
    options.pageOrigin = Origin::fromUrl(server.pageUrl());
    const QString api = server.apiUrl().toString(QUrl::RemovePath | QUrl::StripTrailingSlash);
    options.intent.url = QUrl(api + scenario.client.path);
    options.intent.mode
        = scenario.client.mode == ClientSide::Mode::Fetch ? RequestMode::Fetch : RequestMode::EventSource;
    options.intent.withCredentials = scenario.client.withCredentials;
    options.intent.fetchCredentials
        = scenario.client.withCredentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    options.intent.extraHeaders = scenario.client.headers;
    // The page's fetch: method, body and its Content-Type, the response headers its code reads.
    options.intent.method = scenario.client.method.toLatin1();
    if (scenario.client.contentType) {
        options.intent.extraHeaders.append("Content-Type", scenario.client.contentType->toUtf8());
    }
    if (scenario.client.body) {
        options.intent.hasBody = true;
        options.intent.body = scenario.client.body->toUtf8();
    }
    for (const QString &name : scenario.client.readHeaders) {
        options.intent.readHeaders.append(name.toLatin1());
    }
    if (scenario.client.loginFirst) {
        options.loginUrl = QUrl(api + QStringLiteral("/login"));
    }
    options.durationMs = durationMs;
    return options;
}

// Feeds every stream exchange the server recorded to the client, for the exact buffering measure.
inline void correlate(BrowserClientController &client, const MockServerController &server)
{
    const QList<ServerExchange> exchanges = server.recentExchanges();
    for (const ServerExchange &exchange : exchanges) {
        client.correlateServerExchange(exchange);
    }
}

inline QStringList findingIds(const Session &session)
{
    QStringList ids;
    for (const RecordedFinding &recorded : session.findings()) {
        ids.append(recorded.finding.id);
    }
    return ids;
}

} // namespace SseScope::Test
