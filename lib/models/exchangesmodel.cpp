#include "exchangesmodel.h"

#include <algorithm>

namespace SseScope {

namespace {
bool exchangeFailed(const SessionExchange &exchange)
{
    if (!exchange.netError.isEmpty()) {
        return true;
    }
    return exchange.response && (exchange.response->status < 200 || exchange.response->status >= 400);
}
} // namespace

ExchangesModel::ExchangesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ExchangesModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
}

void ExchangesModel::upsert(const SessionExchange &exchange)
{
    const int row = rowOf(exchange.id);
    if (row >= 0) {
        m_rows[row] = exchange;
        Q_EMIT dataChanged(index(row, 0), index(row, ExchangeColumn::Count - 1));
        return;
    }
    if (m_rows.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_rows.removeFirst();
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first);
    m_rows.append(exchange);
    endInsertRows();
}

void ExchangesModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ExchangesModel::rowOf(quint64 id) const
{
    // Ids grow with the row; the newest exchanges change most, so search from the end.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).id == id) {
            return row;
        }
    }
    return -1;
}

int ExchangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExchangesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ExchangeColumn::Count;
}

QVariant ExchangesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const SessionExchange &exchange = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ExchangeColumn::Number:
            return exchange.id;
        case ExchangeColumn::Kind:
            return int(exchange.kind);
        case ExchangeColumn::Method:
            return QString::fromLatin1(exchange.request.method);
        case ExchangeColumn::Url:
            return exchange.request.url.toDisplayString();
        case ExchangeColumn::Status:
            return exchange.response ? exchange.response->status : 0;
        case ExchangeColumn::Started:
            return exchange.startedMs;
        case ExchangeColumn::Duration:
            return exchange.endedMs < 0 ? qint64(-1) : exchange.endedMs - exchange.startedMs;
        case ExchangeColumn::Bytes:
            return exchange.bodyBytes;
        case ExchangeColumn::Error:
            return exchange.netError;
        default:
            return {};
        }
    case ExchangeIdRole:
        return exchange.id;
    case ExchangeKindRole:
        return int(exchange.kind);
    case ExchangeStatusRole:
        return exchange.response ? exchange.response->status : 0;
    case ExchangeOpenRole:
        return exchange.isOpen();
    case ExchangeFailedRole:
        return exchangeFailed(exchange);
    case ExchangeValueRole:
        return QVariant::fromValue(exchange);
    default:
        return {};
    }
}

QVariant ExchangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char *const keys[] = {"number", "kind", "method", "url", "status",
                                       "started", "duration", "bytes", "error"};
    if (section < 0 || section >= ExchangeColumn::Count) {
        return {};
    }
    return QString::fromLatin1(keys[section]);
}

} // namespace SseScope
