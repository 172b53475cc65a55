#pragma once

#include <session/sessiontimeline.h>

#include <QWidget>

class QLabel;

namespace SseScope::Gui {

class TimelineWidget;

// The session over time: a line that says what happened (or, without events, why there are none)
// above the chart of states, requests, arrivals, bursts and write → arrival times. The data is
// sessionTimeline() of the shown session (lib/session); this pane only draws it.
class TimelinePane final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePane(QWidget *parent = nullptr);

    TimelineWidget *timeline() const { return m_timeline; }
    QString summaryText() const;
    void addArrivals(const QList<qint64> &receivedMs);
    void showTimeline(const SessionTimeline &timeline);
    void setNow(qint64 ms); // the session's clock runs on while nothing arrives
    void clear();

    // The line above the chart, for a timeline.
    static QString summaryOf(const SessionTimeline &timeline);

private:
    QLabel *m_summary = nullptr;
    TimelineWidget *m_timeline = nullptr;
};

} // namespace SseScope::Gui
