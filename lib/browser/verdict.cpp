#include "verdict.h"

#include <QCoreApplication>

namespace SseScope {

Outcome outcomeOf(const Verdict &verdict)
{
    if (verdict.failed) {
        return verdict.opened ? Outcome::Failed : Outcome::Blocked;
    }
    if (!verdict.opened) {
        return Outcome::Pending;
    }
    switch (verdict.readyState) {
    case ReadyState::Open:
        return Outcome::Opens;
    case ReadyState::Connecting:
        return Outcome::Reconnecting;
    case ReadyState::Closed:
        return Outcome::Ended;
    }
    return Outcome::Pending;
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Opens:
        return QStringLiteral("opens");
    case Outcome::Reconnecting:
        return QStringLiteral("reconnecting");
    case Outcome::Ended:
        return QStringLiteral("ended");
    case Outcome::Blocked:
        return QStringLiteral("blocked");
    case Outcome::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

QString outcomeTag(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("NOT OPEN");
    case Outcome::Opens:
        return QStringLiteral("OPENS");
    case Outcome::Reconnecting:
        return QStringLiteral("RECONNECTING");
    case Outcome::Ended:
        return QStringLiteral("ENDED");
    case Outcome::Blocked:
        return QStringLiteral("BLOCKED");
    case Outcome::Failed:
        return QStringLiteral("FAILED");
    }
    return QString();
}

bool outcomeOpensTheStream(Outcome outcome)
{
    // A stream that opened and then reconnects, or ended as the server meant it to, worked; one
    // the browser failed — before or after `open` — or that never opened did not (CLI.md: "1 it
    // would not (blocked, failed, or not open within the window)").
    switch (outcome) {
    case Outcome::Opens:
    case Outcome::Reconnecting:
    case Outcome::Ended:
        return true;
    case Outcome::Pending:
    case Outcome::Blocked:
    case Outcome::Failed:
        return false;
    }
    return false;
}

int outcomeExitCode(Outcome outcome)
{
    return outcomeOpensTheStream(outcome) ? 0 : 1;
}

QString outcomeHeadline(const Verdict &verdict, const HeadlineContext &context)
{
    const QString &browser = context.browser;
    switch (outcomeOf(verdict)) {
    case Outcome::Opens: {
        const int noted = context.errors + context.warnings;
        if (noted > 0) {
            return QCoreApplication::translate("Verdict", "%1 opens this stream, with %n warning(s)", nullptr, noted)
                .arg(browser);
        }
        return QCoreApplication::translate("Verdict", "%1 opens this stream").arg(browser);
    }
    case Outcome::Reconnecting:
        return QCoreApplication::translate(
            "Verdict", "%1 is reconnecting (%n reconnect(s) so far)", nullptr, verdict.reconnects)
            .arg(browser);
    case Outcome::Ended:
        return QCoreApplication::translate("Verdict", "%1 opened this stream; the server ended it").arg(browser);
    case Outcome::Blocked:
        return QCoreApplication::translate("Verdict", "%1 blocks this stream").arg(browser);
    case Outcome::Failed:
        return QCoreApplication::translate("Verdict", "%1 opened this stream, then failed it").arg(browser);
    case Outcome::Pending:
        break;
    }
    if (context.observing) {
        return context.errors > 0
            ? QCoreApplication::translate("Verdict", "%1 is not getting this stream").arg(browser)
            : QCoreApplication::translate("Verdict", "Connecting…");
    }
    return QCoreApplication::translate("Verdict", "%1 has not opened this stream").arg(browser);
}

std::optional<QByteArray> readHeaderValue(const Verdict &verdict, const QByteArray &name)
{
    for (const ReadHeader &read : verdict.readHeaders) {
        if (headerNameEquals(read.name, name)) {
            return read.value;
        }
    }
    return std::nullopt;
}

void VerdictBuilder::addPlan(const RequestPlan &plan)
{
    m_verdict.console += plan.console;
    if (!plan.sent) {
        // Nothing went out (HTML §9.2.2 step 4, mixed content, a scheme fetch cannot load): the
        // connection is failed before it starts.
        m_verdict.failed = true;
        m_verdict.readyState = ReadyState::Closed;
        return;
    }
    m_verdict.readyState = plan.readyState;
}

void VerdictBuilder::addDecision(const Decision &decision)
{
    m_verdict.console += decision.console;
    m_verdict.opened = m_verdict.opened || decision.openFired;
    m_verdict.readyState = decision.readyState;
    if (!decision.readHeaders.isEmpty()) {
        m_verdict.readHeaders = decision.readHeaders; // each attempt's response replaces the last
    }
    if (decision.action == NextAction::FailConnection) {
        // A fetch stream that simply ended is CLOSED but not failed: the page's reader got `done`
        // (the test page reports it the same way); everything else the model closes is a failure.
        if (!decision.endedNormally) {
            m_verdict.failed = true;
        }
        m_verdict.readyState = ReadyState::Closed;
    }
}

void VerdictBuilder::addConsole(const QStringList &lines)
{
    m_verdict.console += lines;
}

} // namespace SseScope
