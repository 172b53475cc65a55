#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace SseScope {

// Filters an EventsModel by event type and by a search text found in the data or the id
// (case-insensitive). Setters store the value and re-filter (STYLE.md §6).
class EventFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterProxyModel(QObject *parent = nullptr);

    // Only events of this type; empty: every type.
    void setTypeFilter(const QString &type);
    QString typeFilter() const { return m_type; }
    // Only events whose data or id contains this text; empty: no search.
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_type;
    QString m_search;
};

} // namespace SseScope
