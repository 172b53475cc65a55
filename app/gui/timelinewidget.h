#pragma once

#include <session/sessiontimeline.h>

#include <QList>
#include <QWidget>

namespace SseScope::Gui {

// The session over time, drawn from top to bottom on one time axis:
// - the connection's state as a strip (CONNECTING amber, OPEN green, CLOSED red);
// - every request as a tick under it (reconnects as red dashed lines through the chart);
// - event arrivals as bars (events per time slice), the slices that hold a burst — many events in
//   one network delivery — in orange with the largest one labelled;
// - where the mock server runs in-process, its write time against the arrival time: one line per
//   event from "written" to "arrived", orange when it was held kLateWriteMs or more.
// The data comes from sessionTimeline() (lib/session); arrivals are fed incrementally, counted in
// slices that double in width when the session outgrows maxSlices (bounded).
class TimelineWidget final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxSlices = 4096;

    explicit TimelineWidget(QWidget *parent = nullptr);

    void addArrivals(const QList<qint64> &receivedMs);
    void setTimeline(const SessionTimeline &timeline); // marks, writes, bursts
    void setNow(qint64 ms); // the session's current time (the right edge)
    void clear();

    qint64 totalEvents() const { return m_total; }
    const SessionTimeline &timeline() const { return m_timeline; }
    qint64 spanMs() const; // what the width shows: at least ten seconds

    QSize sizeHint() const override { return {600, 260}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void growSlice();

    QList<quint32> m_slices; // events per slice, from time 0
    qint64 m_sliceMs = 10;
    qint64 m_total = 0;
    qint64 m_nowMs = 0;
    SessionTimeline m_timeline;
};

} // namespace SseScope::Gui
