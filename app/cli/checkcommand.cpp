#include "commandline.h"
#include "commands.h"

#include <browser/origin.h>
#include <browser/profile.h>
#include <browser/verdict.h>
#include <client/browserclientcontroller.h>
#include <session/harwriter.h>
#include <session/sessionreport.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace SseScope::Cli {

namespace {

// ANSI colours, only when stdout is a terminal (a pipe or a file gets plain text).
struct Palette
{
    bool on = false;
    QString wrap(const char *code, const QString &text) const
    {
        return on ? QStringLiteral("\x1b[") + QLatin1String(code) + QLatin1Char('m') + text + QStringLiteral("\x1b[0m")
                  : text;
    }
    QString red(const QString &t) const { return wrap("1;31", t); }
    QString green(const QString &t) const { return wrap("1;32", t); }
    QString yellow(const QString &t) const { return wrap("1;33", t); }
    QString dim(const QString &t) const { return wrap("2", t); }
    QString bold(const QString &t) const { return wrap("1", t); }
};

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("check", text, disambiguation, n);
}

QString readableReport(const Session &session, const BrowserProfile &profile, qint64 durationMs)
{
    Palette p;
    p.on = ::isatty(::fileno(stdout)) == 1;
    const SessionInfo &info = session.info();
    const Verdict &verdict = session.verdict();
    QString out;
    out += p.bold(info.url.toString()) + QStringLiteral(" from ") + info.origin + QStringLiteral(" (")
        + profile.displayName + QStringLiteral(", ") + requestModeName(info.mode) + QStringLiteral(", credentials ")
        + credentialsModeName(info.credentials) + QStringLiteral(")\n");

    // The verdict line: the outcome's tag, then its headline — the words the window's banner shows.
    const QList<RecordedFinding> &findings = session.findings();
    HeadlineContext context;
    context.browser = profile.displayName;
    for (const RecordedFinding &recorded : findings) {
        context.errors += recorded.finding.severity == Severity::Error ? 1 : 0;
        context.warnings += recorded.finding.severity == Severity::Warning ? 1 : 0;
    }
    const Outcome outcome = outcomeOf(verdict);
    const QString tag = outcome == Outcome::Reconnecting ? p.yellow(outcomeTag(outcome))
        : outcomeOpensTheStream(outcome)                 ? p.green(outcomeTag(outcome))
                                                         : p.red(outcomeTag(outcome));
    const QString counts = tr("%n event(s)", nullptr, int(verdict.events)) + QStringLiteral(", ")
        + tr("%n reconnect(s)", nullptr, verdict.reconnects);
    out += tag + QStringLiteral("  ") + outcomeHeadline(verdict, context);
    switch (outcome) {
    case Outcome::Opens:
    case Outcome::Reconnecting:
    case Outcome::Ended:
        out += QStringLiteral(": ") + counts + QStringLiteral(", readyState ") + readyStateName(verdict.readyState);
        break;
    case Outcome::Blocked:
        out += QStringLiteral(" (readyState CLOSED, no reconnect)");
        break;
    case Outcome::Failed:
        out += QStringLiteral(" (readyState CLOSED, no reconnect): ") + counts;
        break;
    case Outcome::Pending:
        out += QLatin1Char(' ') + tr("within %1 s").arg(double(durationMs) / 1000.0, 0, 'g', 3)
            + QStringLiteral(" (readyState ") + readyStateName(verdict.readyState) + QStringLiteral(", ") + counts
            + QLatin1Char(')');
        break;
    }
    out += QLatin1Char('\n');

    if (!verdict.console.isEmpty()) {
        out += QLatin1Char('\n') + p.bold(tr("Console (%1)").arg(profile.displayName)) + QLatin1Char('\n');
        for (const QString &line : verdict.console) {
            out += QStringLiteral("  ") + line + QLatin1Char('\n');
        }
    }

    if (!findings.isEmpty()) {
        out += QLatin1Char('\n') + p.bold(tr("Findings")) + QLatin1Char('\n');
        for (const RecordedFinding &recorded : findings) {
            const Finding &f = recorded.finding;
            const QString tag = QLatin1Char('[') + severityName(f.severity) + QLatin1Char(']');
            const QString shown = f.severity == Severity::Error ? p.red(tag)
                : f.severity == Severity::Warning               ? p.yellow(tag)
                                                                : p.dim(tag);
            out += QStringLiteral("  ") + shown + QLatin1Char(' ') + f.id + QStringLiteral(": ") + f.title
                + QLatin1Char('\n');
            if (!f.detail.isEmpty()) {
                out += QStringLiteral("      ") + f.detail + QLatin1Char('\n');
            }
            if (!f.fix.isEmpty() && f.severity != Severity::Info) {
                out += QStringLiteral("      ") + p.bold(tr("Fix:")) + QLatin1Char(' ') + f.fix + QLatin1Char('\n');
            }
        }
    }

    if (!session.exchanges().isEmpty()) {
        out += QLatin1Char('\n') + p.bold(tr("Exchanges")) + QLatin1Char('\n');
        for (const SessionExchange &e : session.exchanges()) {
            QString line = QStringLiteral("  ") + exchangeKindName(e.kind).leftJustified(9) + QLatin1Char(' ')
                + QString::fromLatin1(e.request.method) + QLatin1Char(' ') + e.request.url.toString();
            if (e.response) {
                line += QStringLiteral(" -> ") + QString::number(e.response->status);
                if (e.firstByteMs >= 0) {
                    line += p.dim(QStringLiteral(" (head after %1 ms)").arg(e.firstByteMs - e.startedMs));
                }
            } else if (!e.netError.isEmpty()) {
                line += QStringLiteral(" -> net::") + e.netError;
            }
            out += line + QLatin1Char('\n');
        }
    }
    return out;
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
    const QCommandLineOption browserOption(QStringLiteral("browser"), tr("chromium (default), firefox or safari."),
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
    options.profile = BrowserProfile::fromName(parser.value(browserOption), &ok);
    if (!ok) {
        return usageError(
            command, tr("--browser must be chromium, firefox or safari, not '%1'").arg(parser.value(browserOption)));
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
