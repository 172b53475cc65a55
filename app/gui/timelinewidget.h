#pragma once

#include <QList>
#include <QWidget>

namespace SseScope::Gui {

// Event arrivals over time as a bar chart (events per time slice), with the connection's state
// changes as markers: a buffering proxy shows as tall bars separated by silence, a drip as a
// flat low band, reconnects as red lines. Bounded: arrivals are counted in slices that double
// in width when the session outgrows maxSlices.
class TimelineWidget final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxSlices = 4096;

    explicit TimelineWidget(QWidget *parent = nullptr);

    void addArrivals(const QList<qint64> &receivedMs);
    void addMarker(qint64 atMs, const QString &label, bool bad);
    void setNow(qint64 ms); // the session's current time (the right edge)
    void clear();

    qint64 totalEvents() const { return m_total; }

    QSize sizeHint() const override { return {600, 200}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void growSlice();

    QList<quint32> m_slices; // events per slice, from time 0
    qint64 m_sliceMs = 10;
    qint64 m_total = 0;
    qint64 m_nowMs = 0;
    struct Marker
    {
        qint64 atMs;
        QString label;
        bool bad;
    };
    QList<Marker> m_markers;
};

} // namespace SseScope::Gui
