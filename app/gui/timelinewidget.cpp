#include "timelinewidget.h"

#include <QLocale>
#include <QPainter>
#include <QPalette>

#include <algorithm>

namespace SseScope::Gui {

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setMinimumHeight(120);
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

void TimelineWidget::addMarker(qint64 atMs, const QString &label, bool bad)
{
    if (m_markers.size() >= 1000) {
        m_markers.removeFirst();
    }
    m_markers.append({atMs, label, bad});
    m_nowMs = std::max(m_nowMs, atMs);
    update();
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
    m_markers.clear();
    update();
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const int axisHeight = metrics.height() + 6;
    const int leftMargin = metrics.horizontalAdvance(QStringLiteral("00000")) + 8;
    const QRect plot = rect().adjusted(leftMargin, metrics.height() + 8, -12, -axisHeight);
    if (plot.width() < 20 || plot.height() < 20) {
        return;
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(plot.adjusted(0, 0, -1, -1));

    // Show at least ten seconds, so the first events do not fill the whole width.
    const qint64 spanMs = std::max<qint64>(10000, m_nowMs + m_sliceMs);
    const int columns = plot.width();
    QList<quint32> perColumn(columns, 0);
    for (qsizetype i = 0; i < m_slices.size(); ++i) {
        const int column = int(std::min<qint64>(columns - 1, (i * m_sliceMs) * columns / spanMs));
        perColumn[column] += m_slices.at(i);
    }
    const quint32 peak = std::max<quint32>(1, *std::max_element(perColumn.cbegin(), perColumn.cend()));

    painter.setPen(pal.color(QPalette::Text));
    const qint64 columnMs = std::max<qint64>(1, spanMs / columns);
    painter.drawText(QRect(0, 2, width() - 12, metrics.height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("%n event(s) · peak %1 per %2 ms", nullptr, int(std::min<qint64>(m_total, INT_MAX)))
                         .arg(peak)
                         .arg(columnMs));
    painter.drawText(QRect(0, plot.top() - 2, leftMargin - 4, metrics.height()), Qt::AlignRight, QString::number(peak));
    painter.drawText(QRect(0, plot.bottom() - metrics.height(), leftMargin - 4, metrics.height()), Qt::AlignRight,
                     QStringLiteral("0"));

    const QColor bar = pal.color(QPalette::Highlight);
    for (int x = 0; x < columns; ++x) {
        if (perColumn.at(x) == 0) {
            continue;
        }
        const int h = std::max(1, int(qint64(plot.height() - 2) * perColumn.at(x) / peak));
        // At least 3 px wide, so a single burst is visible at a glance.
        painter.fillRect(plot.left() + std::max(0, x - 1), plot.bottom() - h, 3, h, bar);
    }

    // Time axis: about one label per 100 px, on round seconds.
    const qint64 targetStep = spanMs * 100 / columns;
    const qint64 steps[] = {100, 250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 120000, 300000, 600000, 1800000};
    qint64 step = steps[std::size(steps) - 1];
    for (const qint64 candidate : steps) {
        if (candidate >= targetStep) {
            step = candidate;
            break;
        }
    }
    painter.setPen(pal.color(QPalette::Text));
    for (qint64 t = 0; t <= spanMs; t += step) {
        const int x = plot.left() + int(t * columns / spanMs);
        painter.drawLine(x, plot.bottom(), x, plot.bottom() + 3);
        painter.drawText(QRect(x - 40, plot.bottom() + 3, 80, metrics.height()), Qt::AlignHCenter,
                         tr("%1 s").arg(QLocale().toString(double(t) / 1000.0, 'g', 4)));
    }

    int lastLabelRight = -1;
    int labelRow = 0;
    for (const Marker &marker : std::as_const(m_markers)) {
        const int x = plot.left() + int(marker.atMs * columns / spanMs);
        // Labels of close markers go on the next line instead of overprinting each other.
        labelRow = x <= lastLabelRight ? (labelRow + 1) % 4 : 0;
        lastLabelRight = x + 3 + metrics.horizontalAdvance(marker.label);
        const QColor color = marker.bad ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x38, 0x8e, 0x3c);
        painter.setPen(QPen(color, 1, Qt::DashLine));
        painter.drawLine(x, plot.top(), x, plot.bottom());
        painter.setPen(color);
        painter.drawText(x + 3, plot.top() + metrics.ascent() + 2 + labelRow * metrics.height(), marker.label);
    }
}

} // namespace SseScope::Gui
