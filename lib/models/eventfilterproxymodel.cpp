#include "eventfilterproxymodel.h"

#include "modelroles.h"

namespace SseScope {

EventFilterProxyModel::EventFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void EventFilterProxyModel::setTypeFilter(const QString &type)
{
    if (type == m_type) {
        return;
    }
    m_type = type;
    invalidateRowsFilter();
}

void EventFilterProxyModel::setSearchText(const QString &text)
{
    if (text == m_search) {
        return;
    }
    m_search = text;
    invalidateRowsFilter();
}

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_type.isEmpty() && m_search.isEmpty()) {
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_type.isEmpty() && index.data(EventTypeRole).toString() != m_type) {
        return false;
    }
    if (!m_search.isEmpty()) {
        return index.data(EventDataRole).toString().contains(m_search, Qt::CaseInsensitive)
            || index.data(EventIdRole).toString().contains(m_search, Qt::CaseInsensitive);
    }
    return true;
}

} // namespace SseScope
