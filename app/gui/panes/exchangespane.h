#pragma once

#include <QWidget>

#include <functional>

class QModelIndex;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTreeWidget;

namespace SseScope {
class CookiesModel;
class ExchangesModel;
class Session;
} // namespace SseScope

namespace SseScope::Gui {

// Every request the browser would make and its answer; the selected one's headers (those the
// transport added greyed), timing and transport notes, and each cookie's fate in it. The selected
// exchange copies as a curl command or as the page's JavaScript (lib/session/copyas.h).
class ExchangesPane final : public QWidget
{
    Q_OBJECT

public:
    using SessionSource = std::function<const Session &()>; // the session the pane shows
    ExchangesPane(ExchangesModel *exchanges, CookiesModel *cookies, SessionSource shownSession,
                  QWidget *parent = nullptr);

    QSplitter *splitter() const { return m_splitter; }
    void clear();
    void selectNewestIfNone(); // a new exchange: select it unless the user picked one

private:
    void showExchange(const QModelIndex &index);
    void copySelected(bool asJavaScript);

    ExchangesModel *m_exchanges = nullptr;
    SessionSource m_shownSession;
    QSortFilterProxyModel *m_cookieFilter = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QTreeWidget *m_detail = nullptr;
    QTableView *m_cookiesView = nullptr;
};

} // namespace SseScope::Gui
