#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPlainTextEdit;
class QSplitter;
class QTableView;

namespace SseScope {
class EventFilterProxyModel;
class EventsModel;
class Session;
} // namespace SseScope

namespace SseScope::Gui {

class Settings;

// The events: a filtered table (type, search), the selected event in full, and the raw stream
// with its line endings visible, appended at its own pace so a fast stream does not stall it.
class EventsPane final : public QWidget
{
    Q_OBJECT

public:
    EventsPane(Settings &settings, EventsModel *events, QWidget *parent = nullptr);

    QSplitter *splitter() const { return m_splitter; }
    void focusSearch();
    void clear(); // the view's own state: the raw stream, the detail, the type list
    void appendChunks(const Session &session, qsizetype count); // the newest `count` chunks
    void flushRaw(); // what appendChunks() collected, now
    void updateCount();

private:
    void showSelectedEvent(const QModelIndex &proxyIndex);
    void updateTypeFilter();

    Settings &m_settings;
    EventsModel *m_events = nullptr;
    EventFilterProxyModel *m_filter = nullptr;
    QComboBox *m_typeFilter = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QCheckBox *m_autoScroll = nullptr;
    QLabel *m_countLabel = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPlainTextEdit *m_rawView = nullptr;
    QSplitter *m_splitter = nullptr;
    QString m_rawPending;
    qint64 m_rawPendingDropped = 0;
    QTimer m_rawTimer;
};

} // namespace SseScope::Gui
