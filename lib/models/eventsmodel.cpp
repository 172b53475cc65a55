#include "eventsmodel.h"

#include <algorithm>

namespace SseScope {

namespace {
// A hostile stream may name every event differently: intern only the first few hundred types.
constexpr qsizetype maxInternedTypes = 256;
}

EventsModel::EventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(defaultBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &EventsModel::flush);
}

void EventsModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
}

void EventsModel::setBatchInterval(int milliseconds)
{
    m_batchTimer.setInterval(std::max(0, milliseconds));
}

void EventsModel::append(const QList<RecordedEvent> &events)
{
    if (events.isEmpty()) {
        return;
    }
    m_pending.append(events);
    // Queued events beyond the capacity could never be shown: drop them before they cost memory.
    if (m_pending.size() > m_capacity) {
        const qsizetype excess = m_pending.size() - m_capacity;
        m_pending.remove(0, excess);
        m_dropped += quint64(excess);
    }
    if (!m_batchTimer.isActive()) {
        m_batchTimer.start();
    }
}

void EventsModel::append(const RecordedEvent &event)
{
    append(QList<RecordedEvent>{event});
}

EventsModel::Row EventsModel::makeRow(const RecordedEvent &event)
{
    Row row;
    row.receivedMs = event.receivedMs;
    row.exchangeId = quint32(event.exchangeId);
    const auto it = m_typeTable.constFind(event.type);
    if (it != m_typeTable.constEnd()) {
        row.type = it.value();
    } else {
        row.type = event.type;
        if (m_typeTable.size() < maxInternedTypes) {
            m_typeTable.insert(event.type, event.type);
            m_typeOrder.append(event.type);
        }
    }
    row.idLength = quint32(event.lastEventId.size());
    row.replay = event.replay;
    row.missedBefore = event.missedBefore;
    row.bytes.reserve(event.lastEventId.size() + event.data.size());
    row.bytes.append(event.lastEventId);
    row.bytes.append(event.data);
    return row;
}

void EventsModel::flush()
{
    m_batchTimer.stop();
    if (m_pending.isEmpty()) {
        return;
    }
    const qsizetype incoming = m_pending.size();
    const qsizetype overflow = qsizetype(m_rows.size()) + incoming - m_capacity;
    int removed = 0;
    if (overflow > 0) {
        const auto toRemove = std::min<qsizetype>(overflow, qsizetype(m_rows.size()));
        if (toRemove > 0) {
            beginRemoveRows({}, 0, int(toRemove - 1));
            const qint64 frontDelta = toRemove < qsizetype(m_rows.size())
                ? m_rows[size_t(toRemove)].receivedMs - m_rows[size_t(toRemove - 1)].receivedMs
                : 0;
            m_rows.erase(m_rows.begin(), m_rows.begin() + toRemove);
            m_frontDeltaMs = frontDelta;
            m_dropped += quint64(toRemove);
            removed = int(toRemove);
            endRemoveRows();
        }
    }
    const int first = int(m_rows.size());
    const qint64 previousMs = m_rows.empty() ? -1 : m_rows.back().receivedMs;
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (const RecordedEvent &event : std::as_const(m_pending)) {
        m_rows.push_back(makeRow(event));
    }
    if (first == 0) {
        m_frontDeltaMs = previousMs < 0 ? 0 : m_rows.front().receivedMs - previousMs;
    }
    m_pending.clear();
    endInsertRows();
    Q_EMIT batchInserted(int(incoming), removed);
}

void EventsModel::clear()
{
    m_batchTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_dropped = 0;
    m_frontDeltaMs = 0;
    m_typeTable.clear();
    m_typeOrder.clear();
    endResetModel();
}

QStringList EventsModel::eventTypes() const
{
    QStringList result;
    result.reserve(m_typeOrder.size());
    for (const QByteArray &type : m_typeOrder) {
        result.append(QString::fromUtf8(type));
    }
    return result;
}

RecordedEvent EventsModel::eventAt(int row) const
{
    RecordedEvent event;
    if (row < 0 || row >= int(m_rows.size())) {
        return event;
    }
    const Row &stored = m_rows[size_t(row)];
    event.exchangeId = stored.exchangeId;
    event.receivedMs = stored.receivedMs;
    event.type = stored.type;
    event.lastEventId = stored.bytes.left(stored.idLength);
    event.data = stored.bytes.mid(stored.idLength);
    event.replay = stored.replay;
    event.missedBefore = stored.missedBefore;
    return event;
}

qint64 EventsModel::deltaAt(int row) const
{
    if (row == 0) {
        return m_frontDeltaMs;
    }
    return m_rows[size_t(row)].receivedMs - m_rows[size_t(row - 1)].receivedMs;
}

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : EventColumn::Count;
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int row = index.row();
    const Row &stored = m_rows[size_t(row)];
    const auto idView = [&stored] { return QString::fromUtf8(QByteArrayView(stored.bytes).first(stored.idLength)); };
    const auto dataView = [&stored] { return QString::fromUtf8(QByteArrayView(stored.bytes).sliced(stored.idLength)); };
    const qint64 dataSize = stored.bytes.size() - qint64(stored.idLength);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case EventColumn::Time:
            return stored.receivedMs;
        case EventColumn::Delta:
            return deltaAt(row);
        case EventColumn::Type:
            return QString::fromUtf8(stored.type);
        case EventColumn::Id:
            return idView();
        case EventColumn::Data:
            return dataView();
        case EventColumn::Size:
            return dataSize;
        default:
            return {};
        }
    case EventSequenceRole:
        return quint64(m_dropped + quint64(row) + 1);
    case EventReceivedMsRole:
        return stored.receivedMs;
    case EventDeltaMsRole:
        return deltaAt(row);
    case EventTypeRole:
        return QString::fromUtf8(stored.type);
    case EventIdRole:
        return idView();
    case EventDataRole:
        return dataView();
    case EventSizeRole:
        return dataSize;
    case EventExchangeIdRole:
        return quint64(stored.exchangeId);
    case EventReplayRole:
        return int(stored.replay);
    case EventMissedBeforeRole:
        return stored.missedBefore;
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Raw keys; the GUI's presentation proxy translates them.
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case EventColumn::Time:
        return QStringLiteral("time");
    case EventColumn::Delta:
        return QStringLiteral("delta");
    case EventColumn::Type:
        return QStringLiteral("type");
    case EventColumn::Id:
        return QStringLiteral("id");
    case EventColumn::Data:
        return QStringLiteral("data");
    case EventColumn::Size:
        return QStringLiteral("size");
    default:
        return {};
    }
}

} // namespace SseScope
