#include "commandline.h"
#include "commands.h"

#include <common/logging.h>
#include <scenario/presetlibrary.h>
#include <server/mockservercontroller.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <memory>

namespace SseScope::Cli {

namespace {

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString(QUrl::FullyEncoded);
}

} // namespace

// `ssescope serve` (CLI.md): one JSON line when ready, then one JSON line per test-page report;
// logs go to stderr only. SIGINT/SIGTERM: clean shutdown, exit 0.
int runServe(const QStringList &arguments)
{
    const QString command = QStringLiteral("serve");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("serve", "Run the mock SSE server until interrupted."));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QCoreApplication::translate("serve", "Serve the preset NAME (see 'ssescope presets')."),
        QStringLiteral("NAME"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
        QCoreApplication::translate("serve", "Serve the scenario in FILE (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption portOption(QStringLiteral("port"),
        QCoreApplication::translate("serve", "API port (default: chosen by the system)."), QStringLiteral("N"));
    const QCommandLineOption pagePortOption(QStringLiteral("page-port"),
        QCoreApplication::translate("serve", "Test-page port (default: chosen by the system)."), QStringLiteral("N"));
    const QCommandLineOption bindOption(QStringLiteral("bind"),
        QCoreApplication::translate("serve", "Address to listen on (default 127.0.0.1)."), QStringLiteral("ADDR"),
        QStringLiteral("127.0.0.1"));
    parser.addOptions({presetOption, scenarioOption, portOption, pagePortOption, bindOption});
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(command,
            QCoreApplication::translate("serve", "unexpected argument '%1'")
                .arg(parser.positionalArguments().constFirst()));
    }
    if (parser.isSet(presetOption) && parser.isSet(scenarioOption)) {
        return usageError(command, QCoreApplication::translate("serve", "--preset and --scenario exclude each other"));
    }

    Scenario scenario;
    ScenarioError error;
    if (parser.isSet(presetOption)) {
        const std::optional<Scenario> loaded = PresetLibrary::preset(parser.value(presetOption), &error);
        if (!loaded) {
            return usageError(command, error.toString());
        }
        scenario = *loaded;
    } else if (parser.isSet(scenarioOption)) {
        const std::optional<Scenario> loaded = ScenarioJson::load(parser.value(scenarioOption), &error);
        if (!loaded) {
            return usageError(command, error.toString());
        }
        scenario = *loaded;
    } else {
        scenario = PresetLibrary::defaultScenario();
    }

    ServerOptions options;
    // serve prints one line per exchange and never the events: recording each one (a signal
    // to the main thread per batch) would only cost a fast broadcast its rate.
    options.recordEvents = false;
    const auto port = [&](const QCommandLineOption &option, quint16 *out) {
        if (!parser.isSet(option)) {
            return true;
        }
        bool ok = false;
        const uint value = parser.value(option).toUInt(&ok);
        if (!ok || value > 65535) {
            return false;
        }
        *out = quint16(value);
        return true;
    };
    if (!port(portOption, &options.apiPort)) {
        return usageError(command, QCoreApplication::translate("serve", "--port needs a port number (0-65535)"));
    }
    if (!port(pagePortOption, &options.pagePort)) {
        return usageError(command, QCoreApplication::translate("serve", "--page-port needs a port number (0-65535)"));
    }
    if (!options.bindAddress.setAddress(parser.value(bindOption))) {
        return usageError(command,
            QCoreApplication::translate("serve", "--bind needs an IP address, not '%1'").arg(parser.value(bindOption)));
    }
    if (!options.bindAddress.isLoopback()) {
        printErr(QCoreApplication::translate("serve",
            "ssescope serve: WARNING: listening on %1, not loopback: other machines "
            "can reach this mock server and its test page.\n")
                     .arg(options.bindAddress.toString()));
    }

    // One stderr line per exchange unless the user chose their own logging rules.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("ssescope.server.info=true"));
    }
    const std::unique_ptr<QObject> quitOnSignal = quitOnTerminationSignals();
    if (!quitOnSignal) {
        return usageError(command, QCoreApplication::translate("serve", "cannot install the signal handlers"));
    }

    MockServerController controller;
    QObject::connect(&controller, &MockServerController::reportReceived, &controller, [](const QJsonObject &report) {
        const QJsonObject line {{QStringLiteral("report"), report}};
        printOut(QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    });
    QObject::connect(&controller, &MockServerController::exchangeFinished, &controller, [](const ServerExchange &e) {
        qCInfo(lcServer).noquote() << exchangeKindName(e.kind) << e.request.method << urlForLog(e.request.url)
                                   << e.response.status << exchangeEndName(e.end) << e.eventCount << "events";
    });
    QString startError;
    if (!controller.start(scenario, options, &startError)) {
        printErr(QStringLiteral("ssescope serve: %1\n").arg(startError));
        return ExitUsage;
    }
    const QJsonObject ready {{QStringLiteral("api"), originOf(controller.apiUrl())},
        {QStringLiteral("page"), originOf(controller.pageUrl())}, {QStringLiteral("scenario"), scenario.name}};
    printOut(QString::fromUtf8(QJsonDocument(ready).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    printErr(QCoreApplication::translate("serve",
        "ssescope serve: serving '%1'; open %2 in a browser to see what it does. "
        "Ctrl+C stops.\n")
                 .arg(scenario.name, controller.pageUrl().toString()));

    const int status = QCoreApplication::exec();
    controller.stop();
    return status;
}

} // namespace SseScope::Cli
