#pragma once

#include <session/session.h>

#include <QWidget>

namespace SseScope::Gui {

class TimelineWidget;

// The session over time: event arrivals as bars, readyState changes as markers.
class TimelinePane final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePane(QWidget *parent = nullptr);

    TimelineWidget *timeline() const { return m_timeline; }
    void addArrivals(const QList<qint64> &receivedMs);
    void addStateChanges(const QList<StateChange> &changes);
    void setNow(qint64 ms); // the session's clock runs on while nothing arrives
    void clear();

private:
    TimelineWidget *m_timeline = nullptr;
};

} // namespace SseScope::Gui
