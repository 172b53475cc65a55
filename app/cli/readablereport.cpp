#include "readablereport.h"
#include "commandline.h"

#include <browser/profile.h>
#include <browser/verdict.h>

#include <QCoreApplication>

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

} // namespace

QString readableReport(const Session &session, const BrowserProfile &profile, qint64 windowMs)
{
    Palette p;
    p.on = ::isatty(::fileno(stdout)) == 1;
    const SessionInfo &info = session.info();
    const Verdict &verdict = session.verdict();
    QString out;
    out += p.bold(info.url.toString()) + QStringLiteral(" from ") + info.origin + QStringLiteral(" (")
        + profile.displayName + QStringLiteral(", ") + requestModeName(info.mode)
        + (info.mode == RequestMode::Fetch ? QLatin1Char(' ') + QString::fromLatin1(info.method) : QString())
        + QStringLiteral(", credentials ")
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
        out += QLatin1Char(' ')
            + (windowMs >= 0 ? tr("within %1 s").arg(double(windowMs) / 1000.0, 0, 'g', 3)
                             : tr("by the end of the recording"))
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

    // What the page's `response.headers.get(NAME)` calls return (`--read-header`).
    if (!info.readHeaders.isEmpty()) {
        out += QLatin1Char('\n') + p.bold(tr("Headers read by the page")) + QLatin1Char('\n');
        for (const QByteArray &name : info.readHeaders) {
            const std::optional<QByteArray> value = readHeaderValue(verdict, name);
            out += QStringLiteral("  response.headers.get('") + QString::fromLatin1(name) + QStringLiteral("') → ")
                + (value ? QLatin1Char('\'') + QString::fromUtf8(*value) + QLatin1Char('\'') : QStringLiteral("null"))
                + QLatin1Char('\n');
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

QString readableEngineComparison(const QList<EngineResult> &engines)
{
    QString text = tr("Engines: %1").arg(enginesHeadline(engines)) + QLatin1Char('\n');
    const QStringList differences = engineDifferences(engines);
    if (differences.isEmpty()) {
        return text + tr("The three engines agree.") + QLatin1Char('\n');
    }
    text += tr("Differences:") + QLatin1Char('\n');
    for (const QString &line : differences) {
        text += QStringLiteral("  - ") + line + QLatin1Char('\n');
    }
    return text;
}

} // namespace SseScope::Cli
