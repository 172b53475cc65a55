#include "commandline.h"
#include "commands.h"

#include <common/logging.h>
#include <intercept/interceptcontroller.h>
#include <session/harwriter.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTimer>

namespace SseScope::Cli {

namespace {

void printJsonLine(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

} // namespace

// `ssescope intercept` (CLI.md): a loopback forward proxy that records and diagnoses every event
// stream passing through it. One JSON line when ready, one per stream when it ends; the HAR at exit.
int runIntercept(const QStringList &arguments)
{
    const QString command = QStringLiteral("intercept");
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Run a loopback proxy that records and diagnoses the event streams passing "
                                        "through it, optionally with a browser launched through it."));
    const QCommandLineOption portOption(QStringLiteral("port"), tr("Proxy port (default: chosen by the system)."),
        QStringLiteral("N"));
    const QCommandLineOption launchOption(QStringLiteral("launch"),
        tr("Start this browser with a fresh profile through the proxy: chromium, firefox or none (default)."),
        QStringLiteral("BROWSER"), QStringLiteral("none"));
    const QCommandLineOption rewriteOption(QStringLiteral("rewrite"),
        tr("Apply this scenario's CORS and transport knobs to the answers (a local file)."), QStringLiteral("FILE"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        tr("Stop after this many seconds (default: run until interrupted)."), QStringLiteral("SECONDS"));
    const QCommandLineOption harOption(QStringLiteral("har"), tr("Write every exchange to this HAR file at exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption keepSecretsOption(QStringLiteral("har-keep-secrets"),
        tr("Keep cookies, credentials and tokens in the HAR (it is sanitized by default)."));
    const QCommandLineOption browserOption(QStringLiteral("browser"),
        tr("Diagnose for this browser: chromium or firefox (default: the launched one, else chromium)."),
        QStringLiteral("BROWSER"));
    const QCommandLineOption openOption(QStringLiteral("open"), tr("The page the launched browser opens first."),
        QStringLiteral("URL"));
    const QCommandLineOption headlessOption(QStringLiteral("headless"), tr("Launch the browser headless."));
    const QCommandLineOption upstreamCaOption(QStringLiteral("upstream-ca"),
        tr("Also trust the CA certificates in FILE (PEM) for the servers the proxy connects to."), QStringLiteral("FILE"));
    parser.addOptions({portOption, launchOption, rewriteOption, durationOption, harOption, keepSecretsOption,
        browserOption, openOption, headlessOption, upstreamCaOption});
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(command, tr("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
    }

    InterceptProxy::Options options;
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535) {
            return usageError(command, tr("--port needs a port number (0-65535)"));
        }
        options.port = quint16(port);
    }
    const QString launch = parser.value(launchOption);
    if (launch != QLatin1String("chromium") && launch != QLatin1String("firefox") && launch != QLatin1String("none")) {
        return usageError(command, tr("--launch takes chromium, firefox or none, not '%1'").arg(launch));
    }
    const QString browser = parser.isSet(browserOption) ? parser.value(browserOption)
        : launch == QLatin1String("firefox")            ? QStringLiteral("firefox")
                                                        : QStringLiteral("chromium");
    if (browser == QLatin1String("safari")) {
        // The replay (HarReader) knows the Chromium and Firefox profiles only.
        return usageError(command, tr("--browser safari is not supported by intercept yet: use chromium or firefox"));
    }
    if (browser != QLatin1String("chromium") && browser != QLatin1String("firefox")) {
        return usageError(command, tr("--browser takes chromium or firefox, not '%1'").arg(browser));
    }
    int durationMs = 0;
    if (parser.isSet(durationOption)) {
        bool ok = false;
        const double seconds = parser.value(durationOption).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 7 * 24 * 3600) {
            return usageError(command, tr("--duration needs a number of seconds"));
        }
        durationMs = int(seconds * 1000);
    }
    if (parser.isSet(keepSecretsOption) && !parser.isSet(harOption)) {
        return usageError(command, tr("--har-keep-secrets needs --har FILE"));
    }
    if (parser.isSet(upstreamCaOption)) {
        options.upstreamCaCertificates = QSslCertificate::fromPath(parser.value(upstreamCaOption));
        if (options.upstreamCaCertificates.isEmpty()) {
            return usageError(command, tr("no certificate in %1").arg(parser.value(upstreamCaOption)));
        }
    }
    RewriteRules rules;
    if (parser.isSet(rewriteOption)) {
        QString error;
        const std::optional<RewriteRules> loaded = RewriteRules::load(parser.value(rewriteOption), &error);
        if (!loaded) {
            return usageError(command, error);
        }
        rules = *loaded;
    }

    const std::unique_ptr<QObject> quitOnSignal = quitOnTerminationSignals();
    if (!quitOnSignal) {
        return usageError(command, tr("cannot install the signal handlers"));
    }

    // The proxy forwards on a thread of its own; this thread records, diagnoses and prints each
    // stream as it ends, so a burst of streams ending together never holds back a byte in flight.
    InterceptController controller;
    InterceptController::Options controllerOptions;
    controllerOptions.proxy = options;
    controllerOptions.rules = rules;
    controllerOptions.browser = browser;
    controllerOptions.liveBodies = false; // a stream's body arrives with its end
    controllerOptions.launch = launch == QLatin1String("chromium") ? InterceptController::Launch::Chromium
        : launch == QLatin1String("firefox")                        ? InterceptController::Launch::Firefox
                                                                     : InterceptController::Launch::None;
    controllerOptions.startUrl = parser.isSet(openOption) ? QUrl::fromUserInput(parser.value(openOption)) : QUrl();
    controllerOptions.headless = parser.isSet(headlessOption);
    QObject::connect(&controller, &InterceptController::exchangeFinished, &controller, [&controller](quint64 id) {
        const InterceptedExchange *exchange = controller.exchange(id);
        if (!exchange) {
            return;
        }
        const SessionExchange &e = exchange->exchange;
        qCInfo(lcIntercept).noquote() << e.request.method << urlForLog(e.request.url)
                                      << (e.response ? e.response->status : 0) << e.netError
                                      << (exchange->rewritten ? "rewritten" : "");
        if (exchange->isEventStream()) {
            printJsonLine({{QStringLiteral("stream"), controller.recording().report(*exchange)}});
        }
    });
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("ssescope.intercept.info=true"));
    }
    QString error;
    if (!controller.start(controllerOptions, &error)) {
        printErr(QStringLiteral("ssescope intercept: %1\n").arg(error));
        return ExitUsage;
    }
    printJsonLine({{QStringLiteral("proxy"), controller.proxyUrl().toString()},
        {QStringLiteral("caCertificate"), controller.caCertificatePath()}});
    if (controllerOptions.launch == InterceptController::Launch::None) {
        printErr(tr("ssescope intercept: point a client at %1 and have it trust %2. Ctrl+C stops.\n")
                     .arg(controller.proxyUrl().toString(), controller.caCertificatePath()));
    }
    if (durationMs > 0) {
        QTimer::singleShot(durationMs, QCoreApplication::instance(), &QCoreApplication::quit);
    }

    QCoreApplication::exec();
    // The browser first, so that its streams end from its side; then what is still open (each
    // reported before stop() returns).
    controller.stop();
    const InterceptRecording &recording = controller.recording();
    if (parser.isSet(harOption)) {
        const bool keepSecrets = parser.isSet(keepSecretsOption);
        if (keepSecrets) {
            printErr(HarWriter::keepSecretsWarning(parser.value(harOption)) + QLatin1Char('\n'));
        }
        if (!recording.writeHar(parser.value(harOption), keepSecrets, &error)) {
            printErr(QStringLiteral("ssescope intercept: %1\n").arg(error));
            return ExitUsage;
        }
    }
    return ExitSuccess;
}

} // namespace SseScope::Cli
