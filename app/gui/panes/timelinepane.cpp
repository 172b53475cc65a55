#include "timelinepane.h"

#include "../timelinewidget.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace SseScope::Gui {

TimelinePane::TimelinePane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_timeline(new TimelineWidget(this))
{
    setObjectName(QStringLiteral("timelinePane"));
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_summary->setObjectName(QStringLiteral("timelineSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_timeline, 1);
    m_summary->setText(summaryOf(SessionTimeline()));
}

QString TimelinePane::summaryText() const
{
    return m_summary->text();
}

QString TimelinePane::summaryOf(const SessionTimeline &t)
{
    QStringList parts;
    const QString seconds = QLocale().toString(double(t.endMs) / 1000.0, 'f', 1);
    switch (t.empty) {
    case SessionTimeline::Empty::NoSession:
        return tr("No session yet: connect (F5) to see the connection's states, its requests and the events "
                  "over time.");
    case SessionTimeline::Empty::Connecting:
        parts.append(tr("CONNECTING: no event has arrived in %1 s").arg(seconds));
        break;
    case SessionTimeline::Empty::OpenWithoutEvents:
        parts.append(tr("OPEN: no event has arrived in %1 s").arg(seconds));
        break;
    case SessionTimeline::Empty::ClosedWithoutEvents:
        parts.append(t.lastReason.isEmpty()
                         ? tr("CLOSED before any event arrived; Diagnosis says why")
                         : tr("CLOSED before any event arrived (%1); Diagnosis says why").arg(t.lastReason));
        break;
    case SessionTimeline::Empty::No:
        parts.append(tr("%n event(s)", nullptr, int(std::min<quint64>(t.events, INT_MAX))) + u' '
                     + tr("in %1 s").arg(seconds));
        break;
    }
    parts.append(tr("%n request(s)", nullptr, t.requests));
    if (t.reconnects > 0) {
        parts.append(tr("%n reconnect(s)", nullptr, t.reconnects));
    }
    if (!t.bursts.isEmpty()) {
        int largest = 0;
        for (const TimelineBurst &burst : t.bursts) {
            largest = std::max(largest, burst.events);
        }
        parts.append(tr("%n burst(s)", nullptr, int(t.bursts.size())) + u' '
                     + tr("(up to %n events in one delivery)", nullptr, largest));
    }
    if (!t.writes.isEmpty()) {
        if (t.longestDelayMs >= 0) {
            parts.append(tr("server write → arrival: longest %1 ms").arg(t.longestDelayMs));
        }
        if (t.lateWrites > 0) {
            parts.append(tr("%n event(s) held %1 ms or more on the way", nullptr, t.lateWrites).arg(kLateWriteMs));
        }
    }
    return parts.join(QStringLiteral(" · "));
}

void TimelinePane::addArrivals(const QList<qint64> &receivedMs)
{
    m_timeline->addArrivals(receivedMs);
}

void TimelinePane::showTimeline(const SessionTimeline &timeline)
{
    m_timeline->setTimeline(timeline);
    m_summary->setText(summaryOf(timeline));
}

void TimelinePane::setNow(qint64 ms)
{
    m_timeline->setNow(ms);
}

void TimelinePane::clear()
{
    m_timeline->clear();
    m_summary->setText(summaryOf(SessionTimeline()));
}

} // namespace SseScope::Gui
