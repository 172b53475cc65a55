#include "commandline.h"
#include "commands.h"
#include "fetchrequestoptions.h"
#include "readablereport.h"

#include <browser/enginecomparison.h>
#include <browser/origin.h>
#include <browser/profile.h>
#include <browser/verdict.h>
#include <client/browserclientcontroller.h>
#include <client/engineclients.h>
#include <session/harwriter.h>
#include <session/sessionreport.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace SseScope::Cli {

namespace {

// `check --browser all` (CLI.md): the three engine profiles on the same URL, side by side, each on
// its own connection (EngineClients), observing in parallel for the same window. Exit 0 only when
// every engine opens the stream.
int checkAllEngines(const ClientOptions &options, bool json)
{
    const QList<BrowserProfile> profiles = BrowserProfile::all();
    EngineClients clients;
    QObject::connect(&clients, &EngineClients::finished, QCoreApplication::instance(), &QCoreApplication::quit,
        Qt::QueuedConnection);
    QString error;
    if (!clients.start(options, profiles, &error)) {
        return usageError(QStringLiteral("check"), error);
    }
    QCoreApplication::exec();
    clients.stop();

    const QList<EngineResult> engines = clients.results();
    QJsonObject browsers;
    QStringList reports;
    bool everyEngineOpens = true;
    for (qsizetype i = 0; i < clients.count(); ++i) {
        const Session &session = clients.session(i);
        everyEngineOpens = everyEngineOpens && outcomeExitCode(outcomeOf(session.verdict())) == ExitSuccess;
        if (json) {
            QJsonObject report = sessionReportJson(session);
            // A policy of the shipped browser the suite cannot observe in the engine it runs
            // (Safari's Intelligent Tracking Prevention, not WebKitGTK's): the text, or null.
            const QString note = clients.profile(i).policyNotObservedInSuite;
            report.insert(QStringLiteral("policyNotObservedInSuite"), note.isEmpty() ? QJsonValue() : QJsonValue(note));
            browsers.insert(clients.profile(i).name, report);
        } else {
            reports.append(readableReport(session, clients.profile(i), options.durationMs));
        }
    }
    const QStringList differences = engineDifferences(engines);
    if (json) {
        const QJsonObject report{{QStringLiteral("browsers"), browsers},
            {QStringLiteral("differences"), QJsonArray::fromStringList(differences)}};
        printOut(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
    } else {
        QString text = reports.join(QLatin1Char('\n'));
        text += QLatin1Char('\n') + readableEngineComparison(engines);
        printOut(text);
    }
    return everyEngineOpens ? ExitSuccess : ExitNegative;
}

} // namespace

// `ssescope check` (CLI.md): connects the way the chosen browser would, observes for the window
// and reports. Exit 0 when the browser opens the stream, 1 when it would not, 2 on bad usage.
int runCheck(const QStringList &arguments)
{
    const QString command = QStringLiteral("check");
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Connect to an SSE URL the way a browser would and say what it does."));
    parser.addPositionalArgument(QStringLiteral("URL"), tr("The stream URL."));
    const QCommandLineOption originOption(QStringLiteral("origin"),
        tr("The origin of the page running the script (scheme://host[:port])."), QStringLiteral("ORIGIN"));
    const QCommandLineOption credentialsOption(
        QStringLiteral("with-credentials"), tr("EventSource withCredentials / fetch credentials 'include'."));
    const QCommandLineOption modeOption(QStringLiteral("mode"), tr("eventsource (default) or fetch."),
        QStringLiteral("MODE"), QStringLiteral("eventsource"));
    const QCommandLineOption headerOption(
        QStringLiteral("header"), tr("A request header 'Name: value' (fetch mode only)."), QStringLiteral("HEADER"));
    const QCommandLineOption loginOption(
        QStringLiteral("login"), tr("fetch(URL, {credentials: 'include'}) before the stream."), QStringLiteral("URL"));
    const QCommandLineOption cookieOption(QStringLiteral("cookie"),
        tr("A cookie already in the jar for the URL's host: 'name=value; attributes'."), QStringLiteral("COOKIE"));
    const QCommandLineOption browserOption(QStringLiteral("browser"), tr("chromium (default), firefox, safari, or all: the three side by side."),
        QStringLiteral("BROWSER"), QStringLiteral("chromium"));
    const QCommandLineOption thirdPartyOption(QStringLiteral("third-party-cookies"),
        tr("allow or block (default: the browser's own policy)."), QStringLiteral("POLICY"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        tr("Observation window in seconds (default 5)."), QStringLiteral("SECONDS"), QStringLiteral("5"));
    const QCommandLineOption maxEventsOption(
        QStringLiteral("max-events"), tr("End the window after N events."), QStringLiteral("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print the JSON report."));
    const QCommandLineOption harOption(
        QStringLiteral("har"), tr("Write the session as a HAR 1.2 file (sanitized unless --har-keep-secrets)."), QStringLiteral("FILE"));
    const QCommandLineOption harSecretsOption(QStringLiteral("har-keep-secrets"), tr("Keep cookies, Authorization and tokens in the HAR file."));
    const QCommandLineOption insecureOption(QStringLiteral("insecure"),
        tr("Accept a TLS certificate that does not verify (reported as a finding: a browser would refuse it)."));
    parser.addOptions({originOption, credentialsOption, modeOption, headerOption, loginOption, cookieOption,
        browserOption, thirdPartyOption, durationOption, maxEventsOption, jsonOption, harOption, harSecretsOption,
        insecureOption});
    const FetchRequestOptions fetchRequest; // --method, --data, --data-file, --read-header
    parser.addOptions(fetchRequest.options());
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(command,
            positional.isEmpty() ? tr("the stream URL is missing")
                                 : tr("one URL only, got '%1'").arg(positional.at(1)));
    }
    if (parser.isSet(harSecretsOption) && !parser.isSet(harOption)) {
        return usageError(command, tr("--har-keep-secrets needs --har FILE"));
    }
    if (!parser.isSet(originOption)) {
        return usageError(command, tr("--origin is required (the page's origin, e.g. https://app.example.com)"));
    }
    QString originError;
    const Origin origin = Origin::fromString(parser.value(originOption), &originError);
    if (origin.isOpaque()) {
        return usageError(command,
            tr("--origin '%1' is not an origin (scheme://host[:port])%2")
                .arg(parser.value(originOption),
                    originError.isEmpty() ? QString() : QStringLiteral(": ") + originError));
    }
    const QUrl url(positional.constFirst(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) {
        return usageError(command, tr("'%1' is not a URL").arg(positional.constFirst()));
    }

    ClientOptions options;
    bool ok = false;
    const bool allEngines = parser.value(browserOption).toLower() == QLatin1String("all");
    options.profile = allEngines ? BrowserProfile::chromium() : BrowserProfile::fromName(parser.value(browserOption), &ok);
    if (!allEngines && !ok) {
        return usageError(command,
            tr("--browser must be chromium, firefox, safari or all, not '%1'").arg(parser.value(browserOption)));
    }
    if (allEngines && parser.isSet(harOption)) {
        return usageError(command, tr("--har records one browser's session: give --browser chromium, firefox or safari"));
    }
    options.pageOrigin = origin;
    options.intent.url = url;
    const QString mode = parser.value(modeOption).toLower();
    if (mode == QLatin1String("eventsource")) {
        options.intent.mode = RequestMode::EventSource;
        if (parser.isSet(headerOption)) {
            return usageError(
                command, tr("--header needs --mode fetch: EventSource cannot set request headers (only fetch() can)"));
        }
    } else if (mode == QLatin1String("fetch")) {
        options.intent.mode = RequestMode::Fetch;
    } else {
        return usageError(command, tr("--mode must be eventsource or fetch, not '%1'").arg(parser.value(modeOption)));
    }
    if (const QString reason = fetchRequest.apply(parser, &options.intent); !reason.isEmpty()) {
        return usageError(command, reason);
    }
    const bool withCredentials = parser.isSet(credentialsOption);
    options.intent.withCredentials = withCredentials;
    options.intent.fetchCredentials = withCredentials ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    for (const QString &header : parser.values(headerOption)) {
        const qsizetype colon = header.indexOf(QLatin1Char(':'));
        const QString name = header.left(colon).trimmed();
        if (colon <= 0 || name.isEmpty() || name.contains(QLatin1Char(' '))) {
            return usageError(command, tr("--header '%1' is not 'Name: value'").arg(header));
        }
        options.intent.extraHeaders.append(name.toLatin1(), header.mid(colon + 1).trimmed().toUtf8());
    }
    if (parser.isSet(loginOption)) {
        options.loginUrl = QUrl(parser.value(loginOption), QUrl::StrictMode);
        if (!options.loginUrl.isValid() || options.loginUrl.host().isEmpty()) {
            return usageError(command, tr("--login '%1' is not a URL").arg(parser.value(loginOption)));
        }
    }
    options.cookies = parser.values(cookieOption);
    if (parser.isSet(thirdPartyOption)) {
        options.thirdPartyCookies = parseThirdPartyCookieOverride(parser.value(thirdPartyOption), &ok);
        if (!ok) {
            return usageError(command,
                tr("--third-party-cookies must be allow or block, not '%1'").arg(parser.value(thirdPartyOption)));
        }
    }
    const double seconds = parser.value(durationOption).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 86400) {
        return usageError(
            command, tr("--duration needs a number of seconds above 0, not '%1'").arg(parser.value(durationOption)));
    }
    options.durationMs = qint64(seconds * 1000.0);
    if (parser.isSet(maxEventsOption)) {
        options.maxEvents = parser.value(maxEventsOption).toLongLong(&ok);
        if (!ok || options.maxEvents <= 0) {
            return usageError(
                command, tr("--max-events needs a positive number, not '%1'").arg(parser.value(maxEventsOption)));
        }
    }
    options.acceptInvalidCertificates = parser.isSet(insecureOption);
    if (allEngines) {
        return checkAllEngines(options, parser.isSet(jsonOption));
    }

    BrowserClientController client;
    QObject::connect(&client, &BrowserClientController::finished, QCoreApplication::instance(), &QCoreApplication::quit,
        Qt::QueuedConnection);
    QString error;
    if (!client.start(options, &error)) {
        return usageError(command, error);
    }
    QCoreApplication::exec();
    client.stop();

    const Session &session = client.session();
    if (parser.isSet(harOption)) {
        const HarOptions harOptions{parser.isSet(harSecretsOption)};
        QString harError;
        if (!HarWriter::write(session, parser.value(harOption), harOptions, &harError)) {
            return usageError(command, harError);
        }
        if (harOptions.keepSecrets) {
            printErr(HarWriter::keepSecretsWarning(parser.value(harOption)) + QLatin1Char('\n'));
        }
    }
    if (parser.isSet(jsonOption)) {
        printOut(QString::fromUtf8(QJsonDocument(sessionReportJson(session)).toJson(QJsonDocument::Indented)));
    } else {
        printOut(readableReport(session, options.profile, options.durationMs));
    }
    return outcomeExitCode(outcomeOf(session.verdict())); // ExitSuccess or ExitNegative
}

} // namespace SseScope::Cli
