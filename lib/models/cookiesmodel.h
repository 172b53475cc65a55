#pragma once

#include "modelroles.h"

#include <session/session.h>

#include <QAbstractTableModel>
#include <QList>

namespace SseScope {

// Each cookie's fate in each exchange: sent with the request or blocked (and why), stored from
// Set-Cookie or refused. Appended in batches as the session records them; bounded.
class CookiesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr qsizetype defaultCapacity = 10000;

    explicit CookiesModel(QObject *parent = nullptr);

    void append(const QList<RecordedCookie> &cookies);
    void clear();
    const RecordedCookie &cookieAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<RecordedCookie> m_rows;
};

} // namespace SseScope
