#include "timelinewidget.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>

namespace SseScope::Gui {

namespace {

const QColor kConnecting(0xf9, 0xa8, 0x25);
const QColor kOpen(0x38, 0x8e, 0x3c);
const QColor kClosed(0xd3, 0x2f, 0x2f);
const QColor kBurst(0xef, 0x6c, 0x00);

QColor stateColor(ReadyState state)
{
    switch (state) {
    case ReadyState::Connecting:
        return kConnecting;
    case ReadyState::Open:
        return kOpen;
    case ReadyState::Closed:
        return kClosed;
    }
    return kConnecting;
}

QString requestLabel(const TimelineMark &mark)
{
    if (mark.kind == TimelineMark::Kind::Reconnect) {
        return TimelineWidget::tr("reconnect %1").arg(mark.attempt - 1);
    }
    switch (mark.exchange) {
    case ExchangeKind::Preflight:
        return TimelineWidget::tr("preflight");
    case ExchangeKind::Login:
        return TimelineWidget::tr("login");
    case ExchangeKind::Redirect:
        return TimelineWidget::tr("redirect");
    case ExchangeKind::Stream:
        return TimelineWidget::tr("stream");
    }
    return {};
}

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setMinimumHeight(160);
}

void TimelineWidget::growSlice()
{
    // Merge pairs: the same history in half the slices.
    QList<quint32> merged;
    merged.reserve(m_slices.size() / 2 + 1);
    for (qsizetype i = 0; i < m_slices.size(); i += 2) {
        merged.append(m_slices.at(i) + (i + 1 < m_slices.size() ? m_slices.at(i + 1) : 0));
    }
    m_slices = merged;
    m_sliceMs *= 2;
}

void TimelineWidget::addArrivals(const QList<qint64> &receivedMs)
{
    for (const qint64 ms : receivedMs) {
        qint64 slice = std::max<qint64>(0, ms) / m_sliceMs;
        while (slice >= maxSlices) {
            growSlice();
            slice = std::max<qint64>(0, ms) / m_sliceMs;
        }
        if (slice >= m_slices.size()) {
            m_slices.resize(slice + 1);
        }
        ++m_slices[slice];
        m_nowMs = std::max(m_nowMs, ms);
    }
    m_total += receivedMs.size();
    update();
}

void TimelineWidget::setTimeline(const SessionTimeline &timeline)
{
    m_timeline = timeline;
    setNow(timeline.endMs);
}

void TimelineWidget::setNow(qint64 ms)
{
    while (ms / m_sliceMs >= maxSlices) {
        growSlice();
    }
    m_nowMs = std::max(m_nowMs, ms);
    update();
}

void TimelineWidget::clear()
{
    m_slices.clear();
    m_sliceMs = 10;
    m_total = 0;
    m_nowMs = 0;
    m_timeline = SessionTimeline();
    update();
}

qint64 TimelineWidget::spanMs() const
{
    // At least ten seconds, so the first events of a stream do not fill the whole width; a session
    // that ended without any event is over in milliseconds: show those, with a margin.
    if (m_timeline.empty == SessionTimeline::Empty::ClosedWithoutEvents && m_total == 0) {
        return std::max<qint64>(100, (m_nowMs + 1) * 11 / 10);
    }
    return std::max<qint64>(10000, m_nowMs + m_sliceMs);
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const int line = metrics.height();
    int leftMargin = metrics.horizontalAdvance(QStringLiteral("00000"));
    for (const QString &lane : {tr("state"), tr("requests"), tr("written"), tr("arrived")}) {
        leftMargin = std::max(leftMargin, metrics.horizontalAdvance(lane));
    }
    leftMargin += 10;
    const bool hasWrites = !m_timeline.writes.isEmpty();
    // Lanes, top to bottom: state strip, requests, the bars, written/arrived, the axis.
    const int stateTop = 4;
    const int requestsTop = stateTop + line + 4;
    const int plotTop = requestsTop + line + 6;
    const int axisHeight = line + 6;
    const int writesHeight = hasWrites ? 3 * line : 0;
    const QRect plot(leftMargin, plotTop, width() - leftMargin - 12, height() - plotTop - axisHeight - writesHeight);
    if (plot.width() < 20 || plot.height() < 20) {
        return;
    }
    const qint64 span = spanMs();
    const int columns = plot.width();
    const auto xOf = [&](qint64 ms) { return plot.left() + int(std::clamp<qint64>(ms, 0, span) * columns / span); };

    // The connection's state over time.
    const QRect strip(plot.left(), stateTop, plot.width(), line);
    painter.fillRect(strip, pal.color(QPalette::AlternateBase));
    QList<const TimelineMark *> states;
    for (const TimelineMark &mark : m_timeline.marks) {
        if (mark.kind == TimelineMark::Kind::State) {
            states.append(&mark);
        }
    }
    for (qsizetype i = 0; i < states.size(); ++i) {
        const int x0 = xOf(states.at(i)->atMs);
        // The last state lasts until now; CLOSED (the end) to the right edge.
        const int x1 = i + 1 < states.size()                 ? xOf(states.at(i + 1)->atMs)
            : states.at(i)->state == ReadyState::Closed ? plot.right()
                                                        : xOf(m_nowMs);
        const QRect segment(x0, strip.top(), std::max(2, x1 - x0), strip.height());
        painter.fillRect(segment, stateColor(states.at(i)->state));
        const QString name = readyStateName(states.at(i)->state);
        if (metrics.horizontalAdvance(name) + 6 < segment.width()) {
            painter.setPen(Qt::white);
            painter.drawText(segment.adjusted(3, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, name);
        }
    }
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(0, stateTop, leftMargin - 6, line), Qt::AlignRight | Qt::AlignVCenter, tr("state"));

    // Bars: events per column; the columns that hold a burst in orange.
    QList<quint32> perColumn(columns, 0);
    for (qsizetype i = 0; i < m_slices.size(); ++i) {
        const int column = int(std::min<qint64>(columns - 1, (i * m_sliceMs) * columns / span));
        perColumn[column] += m_slices.at(i);
    }
    QList<bool> burstColumn(columns, false);
    const TimelineBurst *largest = nullptr;
    for (const TimelineBurst &burst : m_timeline.bursts) {
        // The column of the slice that holds it, as the bars are counted.
        burstColumn[int(std::min<qint64>(columns - 1, (burst.atMs / m_sliceMs * m_sliceMs) * columns / span))] = true;
        if (!largest || burst.events > largest->events) {
            largest = &burst;
        }
    }
    const quint32 peak = std::max<quint32>(1, *std::max_element(perColumn.cbegin(), perColumn.cend()));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(plot.adjusted(0, 0, -1, -1));
    painter.setPen(pal.color(QPalette::Text));
    if (m_total > 0) {
        painter.drawText(QRect(0, plot.top() - 2, leftMargin - 6, line), Qt::AlignRight, QString::number(peak));
        painter.drawText(QRect(0, plot.bottom() - line, leftMargin - 6, line), Qt::AlignRight, QStringLiteral("0"));
    } else {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("no events"));
    }
    const QColor bar = pal.color(QPalette::Highlight);
    for (int x = 0; x < columns; ++x) {
        if (perColumn.at(x) == 0) {
            continue;
        }
        const int h = std::max(1, int(qint64(plot.height() - 2) * perColumn.at(x) / peak));
        // At least 3 px wide, so a single event is visible at a glance; bursts 5 px.
        const int w = burstColumn.at(x) ? 5 : 3;
        painter.fillRect(plot.left() + std::max(0, x - w / 2), plot.bottom() - h, w, h, burstColumn.at(x) ? kBurst : bar);
    }
    if (largest) {
        painter.setPen(kBurst);
        const QString text = tr("%n event(s) in one delivery", nullptr, largest->events);
        const int x = xOf(largest->atMs);
        const int textX = std::min(x + 5, plot.right() - metrics.horizontalAdvance(text) - 2);
        painter.drawText(std::max(plot.left() + 2, textX), plot.top() + metrics.ascent() + 2, text);
    }

    // Requests under the state strip; reconnects also as red dashed lines through the chart.
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(0, requestsTop, leftMargin - 6, line), Qt::AlignRight | Qt::AlignVCenter, tr("requests"));
    int lastLabelRight = -1;
    for (const TimelineMark &mark : m_timeline.marks) {
        if (mark.kind == TimelineMark::Kind::State) {
            continue;
        }
        const int x = xOf(mark.atMs);
        const bool failed = mark.kind == TimelineMark::Kind::Reconnect
            || (!mark.detail.isEmpty() && !mark.detail.front().isDigit()) || mark.detail.startsWith(u'4')
            || mark.detail.startsWith(u'5');
        const QColor color = failed ? kClosed : pal.color(QPalette::Text);
        QPainterPath tick;
        tick.moveTo(x, requestsTop + line - 1);
        tick.lineTo(x - 4, requestsTop + 3);
        tick.lineTo(x + 4, requestsTop + 3);
        tick.closeSubpath();
        painter.fillPath(tick, color);
        if (mark.kind == TimelineMark::Kind::Reconnect) {
            painter.setPen(QPen(kClosed, 1, Qt::DashLine));
            painter.drawLine(x, plot.top(), x, plot.bottom());
        }
        QString label = requestLabel(mark);
        if (!mark.detail.isEmpty()) {
            label += u' ' + mark.detail;
        }
        if (x + 6 > lastLabelRight) { // close requests share the first one's label
            painter.setPen(color);
            painter.drawText(x + 6, requestsTop + metrics.ascent() + 1, label);
            lastLabelRight = x + 6 + metrics.horizontalAdvance(label) + 6;
        }
    }

    // Written → arrived, one line per event the mock server wrote.
    if (hasWrites) {
        const int writtenY = plot.bottom() + line;
        const int arrivedY = plot.bottom() + 2 * line + line / 2;
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(0, writtenY - line / 2, leftMargin - 6, line), Qt::AlignRight | Qt::AlignVCenter, tr("written"));
        painter.drawText(QRect(0, arrivedY - line / 2, leftMargin - 6, line), Qt::AlignRight | Qt::AlignVCenter, tr("arrived"));
        for (const ServerWrite &write : m_timeline.writes) {
            const int x0 = xOf(write.writtenMs);
            const bool arrived = write.arrivedMs >= 0;
            const qint64 delay = (arrived ? write.arrivedMs : m_nowMs) - write.writtenMs;
            const QColor color = delay >= kLateWriteMs ? kBurst : bar;
            painter.setPen(QPen(color, 1, arrived ? Qt::SolidLine : Qt::DotLine));
            painter.drawLine(x0, writtenY - 3, x0, writtenY + 3);
            const int x1 = xOf(arrived ? write.arrivedMs : m_nowMs);
            painter.drawLine(x0, writtenY + 3, x1, arrivedY - 3);
            if (arrived) {
                painter.drawLine(x1, arrivedY - 3, x1, arrivedY + 3);
            }
        }
    }

    // Time axis: about one label per 100 px, on round seconds.
    const int axisTop = height() - axisHeight;
    const qint64 targetStep = span * 100 / columns;
    const qint64 steps[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 120000, 300000, 600000, 1800000};
    qint64 step = steps[std::size(steps) - 1];
    for (const qint64 candidate : steps) {
        if (candidate >= targetStep) {
            step = candidate;
            break;
        }
    }
    painter.setPen(pal.color(QPalette::Text));
    for (qint64 t = 0; t <= span; t += step) {
        const int x = xOf(t);
        painter.drawLine(x, axisTop, x, axisTop + 3);
        // The last label stays inside the widget.
        const QRect label = x + 40 > width() ? QRect(width() - 82, axisTop + 3, 80, line) : QRect(x - 40, axisTop + 3, 80, line);
        painter.drawText(label, x + 40 > width() ? Qt::AlignRight : Qt::AlignHCenter,
                         step < 100 ? tr("%1 ms").arg(t) : tr("%1 s").arg(QLocale().toString(double(t) / 1000.0, 'g', 4)));
    }
}

} // namespace SseScope::Gui
