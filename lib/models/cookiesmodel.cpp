#include "cookiesmodel.h"

namespace SseScope {

CookiesModel::CookiesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CookiesModel::append(const QList<RecordedCookie> &cookies)
{
    if (cookies.isEmpty()) {
        return;
    }
    const QList<RecordedCookie> incoming = cookies.size() > defaultCapacity ? cookies.last(defaultCapacity) : cookies;
    const qsizetype overflow = m_rows.size() + incoming.size() - defaultCapacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming.size()) - 1);
    m_rows.append(incoming);
    endInsertRows();
}

void CookiesModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int CookiesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CookiesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : CookieColumn::Count;
}

QVariant CookiesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const RecordedCookie &cookie = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CookieColumn::Exchange:
            return cookie.exchangeId;
        case CookieColumn::Direction:
            return int(cookie.direction);
        case CookieColumn::Name:
            return cookie.outcome.name;
        case CookieColumn::Outcome:
            return cookie.outcome.included;
        case CookieColumn::Reasons:
            return cookie.outcome.reasons.join(QStringLiteral(", "));
        default:
            return {};
        }
    case CookieExchangeIdRole:
        return cookie.exchangeId;
    case CookieDirectionRole:
        return int(cookie.direction);
    case CookieIncludedRole:
        return cookie.outcome.included;
    case CookieReasonsRole:
        return cookie.outcome.reasons;
    default:
        return {};
    }
}

QVariant CookiesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    static const char *const keys[] = {"exchange", "direction", "name", "outcome", "reasons"};
    if (section < 0 || section >= CookieColumn::Count) {
        return {};
    }
    return QString::fromLatin1(keys[section]);
}

} // namespace SseScope
