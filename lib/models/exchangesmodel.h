#pragma once

#include "modelroles.h"

#include <session/session.h>

#include <QAbstractTableModel>
#include <QList>

namespace SseScope {

// Every request and response of a session (preflight, login, redirects, stream attempts), one
// row each in the order they were sent. upsert() adds an exchange or updates the row with the
// same id (the head arrives, then the end). Bounded: past capacity() the oldest row goes.
class ExchangesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr qsizetype defaultCapacity = 10000;

    explicit ExchangesModel(QObject *parent = nullptr);

    void setCapacity(qsizetype capacity);
    qsizetype capacity() const { return m_capacity; }

    void upsert(const SessionExchange &exchange);
    void clear();

    int rowOf(quint64 id) const; // -1 when not (or no longer) present
    const SessionExchange &exchangeAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SessionExchange> m_rows;
    qsizetype m_capacity = defaultCapacity;
};

} // namespace SseScope
