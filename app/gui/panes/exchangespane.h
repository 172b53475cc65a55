#pragma once

#include <QWidget>

class QModelIndex;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTreeWidget;

namespace SseScope {
class CookiesModel;
class ExchangesModel;
} // namespace SseScope

namespace SseScope::Gui {

// Every request the browser would make and its answer; the selected one's headers (those the
// transport added greyed), timing and transport notes, and each cookie's fate in it.
class ExchangesPane final : public QWidget
{
    Q_OBJECT

public:
    ExchangesPane(ExchangesModel *exchanges, CookiesModel *cookies, QWidget *parent = nullptr);

    QSplitter *splitter() const { return m_splitter; }
    void clear();
    void selectNewestIfNone(); // a new exchange: select it unless the user picked one

private:
    void showExchange(const QModelIndex &index);

    ExchangesModel *m_exchanges = nullptr;
    QSortFilterProxyModel *m_cookieFilter = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QTreeWidget *m_detail = nullptr;
    QTableView *m_cookiesView = nullptr;
};

} // namespace SseScope::Gui
