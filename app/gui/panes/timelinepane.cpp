#include "timelinepane.h"

#include "../timelinewidget.h"

#include <QVBoxLayout>

namespace SseScope::Gui {

TimelinePane::TimelinePane(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new TimelineWidget(this))
{
    setObjectName(QStringLiteral("timelinePane"));
    m_timeline->setObjectName(QStringLiteral("timeline"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_timeline);
}

void TimelinePane::addArrivals(const QList<qint64> &receivedMs)
{
    m_timeline->addArrivals(receivedMs);
}

void TimelinePane::addStateChanges(const QList<StateChange> &changes)
{
    for (const StateChange &change : changes) {
        m_timeline->addMarker(change.atMs, readyStateName(change.readyState), change.readyState != ReadyState::Open);
    }
}

void TimelinePane::setNow(qint64 ms)
{
    m_timeline->setNow(ms);
}

void TimelinePane::clear()
{
    m_timeline->clear();
}

} // namespace SseScope::Gui
