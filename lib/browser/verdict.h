#pragma once

#include "eventsourcemodel.h"
#include "requestintent.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace SseScope {

// What the page saw (CLI.md "verdict"). Built by VerdictBuilder from the model's plans and
// decisions; read through outcomeOf().
struct Verdict
{
    bool opened = false; // the `open` event fired (at least once)
    bool failed = false; // the browser failed the connection: CLOSED, no reconnect
    ReadyState readyState = ReadyState::Connecting;
    quint64 events = 0; // MessageEvents delivered to the page (dropped-from-memory ones included)
    int reconnects = 0;
    QStringList console; // the browser's console lines, exactly, in order
    // Fetch: what the page's `response.headers.get(name)` calls returned on the last response
    // fetch() resolved with (RequestIntent::readHeaders, in order). Empty when no response reached
    // the page (blocked, failed before an answer): every call would be null — see readHeaderValue().
    QList<ReadHeader> readHeaders;
};

// What `response.headers.get(name)` returned for the page in this verdict: the value, or nullopt
// (null) when the header was not readable or no response reached the page.
std::optional<QByteArray> readHeaderValue(const Verdict &verdict, const QByteArray &name);

// The outcome of a session: the one answer that the window's banner, `ssescope check` (its report
// and its exit status) and the HAR replay all give (DESIGN.md "Layers").
enum class Outcome
{
    Pending, // not open: still connecting, held by the MIME sniffer, or retrying without ever opening
    Opens, // OPEN: the page gets the stream
    Reconnecting, // it opened, lost the connection, and the browser reconnects (CONNECTING)
    Ended, // it opened, then the body simply ended: a fetch reader got `done` (CLOSED, not failed)
    Blocked, // the browser failed the connection before it ever opened (CLOSED, no reconnect)
    Failed, // it opened, then the browser failed the connection (CLOSED, no reconnect)
};

// The rule, in one place: a failure decides (before or after `open`), then the readyState of a
// stream that opened; a stream that never opened and never failed is pending.
Outcome outcomeOf(const Verdict &verdict);
// "pending" | "opens" | "reconnecting" | "ended" | "blocked" | "failed" (stable keys).
QString outcomeName(Outcome outcome);
// The first word of `ssescope check`'s readable report: "NOT OPEN" | "OPENS" | "RECONNECTING" |
// "ENDED" | "BLOCKED" | "FAILED". Stable, never translated: scripts look for it.
QString outcomeTag(Outcome outcome);
// True when the page has the stream, or had it until it ended: `check` exits 0 (CLI.md).
bool outcomeOpensTheStream(Outcome outcome);
// CLI.md "Exit status": 0 when the browser opens the stream, 1 when it does not.
int outcomeExitCode(Outcome outcome);

// What a headline says besides the verdict.
struct HeadlineContext
{
    QString browser; // display name: "Chromium"
    bool observing = false; // the client is still watching: a pending stream reads as connecting
    int errors = 0; // error findings raised so far
    int warnings = 0; // warning findings raised so far
};
// One line for the outcome, in the user's language (context "SseScope::Verdict"): "Chromium
// blocks this stream". The window's banner shows it; `ssescope check` prints it after the tag.
QString outcomeHeadline(const Verdict &verdict, const HeadlineContext &context);

// Folds one session's plans and decisions, in the order they happened, into its Verdict. The live
// client and the HAR replay each keep one, so a recording and its replay reach the same verdict.
class VerdictBuilder final
{
public:
    // An attempt was planned. One the browser does not send (an invalid URL, mixed content) fails
    // the connection; otherwise the readyState is the plan's.
    void addPlan(const RequestPlan &plan);
    // A decision of the stream's model: `open` fired, the readyState moved, the connection failed
    // or — Decision::endedNormally — the stream just ended.
    void addDecision(const Decision &decision);
    // Console lines of other requests (the login) that the page's console shows too.
    void addConsole(const QStringList &lines);
    void addEvents(quint64 count) { m_verdict.events += count; }
    void addReconnect() { ++m_verdict.reconnects; }
    void setReconnects(int reconnects) { m_verdict.reconnects = reconnects; }

    const Verdict &verdict() const { return m_verdict; }
    Outcome outcome() const { return outcomeOf(m_verdict); }

private:
    Verdict m_verdict;
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::Verdict)
