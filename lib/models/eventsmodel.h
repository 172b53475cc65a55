#pragma once

#include "modelroles.h"

#include <session/session.h>

#include <QAbstractTableModel>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTimer>

#include <deque>

namespace SseScope {

// The events a page received, for a table view: bounded and fed in batches (STYLE.md §5).
//
// append() only queues; a timer inserts everything queued since the last batch with one
// beginInsertRows, and drops the oldest rows with one beginRemoveRows when the model is full.
// So a stream of 100,000 events per second costs the view a few model signals per second.
// The store is compact (one allocation per event, event types interned) because the window keeps
// a million of them (DESIGN.md "Budgets").
class EventsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr qsizetype defaultCapacity = 1000000;
    static constexpr int defaultBatchIntervalMs = 100;

    explicit EventsModel(QObject *parent = nullptr);

    void setCapacity(qsizetype capacity); // applies at the next batch
    qsizetype capacity() const { return m_capacity; }
    void setBatchInterval(int milliseconds);
    int batchInterval() const { return m_batchTimer.interval(); }

    // Queues events; they appear at the next batch (or at flush()).
    void append(const QList<RecordedEvent> &events);
    void append(const RecordedEvent &event);
    // Inserts everything queued now.
    void flush();
    void clear();

    qsizetype pendingCount() const { return m_pending.size(); }
    // Events dropped from the front (oldest first) since the last clear().
    quint64 droppedCount() const { return m_dropped; }
    // Every event appended since the last clear(), kept, queued or dropped.
    quint64 totalCount() const { return m_dropped + quint64(m_rows.size()) + quint64(m_pending.size()); }
    // The event types seen so far (for a filter menu), in order of first appearance.
    QStringList eventTypes() const;

    RecordedEvent eventAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After each batch: how many rows came in and how many old ones went.
    void batchInserted(int inserted, int dropped);

private:
    struct Row
    {
        qint64 receivedMs = 0;
        QByteArray type; // shared with m_typeTable when interned
        QByteArray bytes; // lastEventId then data
        quint32 exchangeId = 0;
        quint32 idLength = 0;
        quint32 missedBefore = 0; // RecordedEvent::missedBefore
        RecordedEvent::Replay replay = RecordedEvent::Replay::None;
    };

    Row makeRow(const RecordedEvent &event);
    qint64 deltaAt(int row) const;

    std::deque<Row> m_rows;
    QList<RecordedEvent> m_pending;
    qsizetype m_capacity = defaultCapacity;
    quint64 m_dropped = 0;
    qint64 m_frontDeltaMs = 0; // Δt of the first kept row (its predecessor may be gone)
    QHash<QByteArray, QByteArray> m_typeTable; // interned event types, bounded
    QList<QByteArray> m_typeOrder;
    QTimer m_batchTimer;
};

} // namespace SseScope
