#pragma once

#include <intercept/interceptcontroller.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace SseScope::Gui {

class Settings;

// Intercept mode's controls and its list: the proxy's port, the browser to launch through it
// (Chromium, Firefox, or none: the proxy address and the CA file are shown for the user's own
// client), the browser the streams are judged for, a local rewrite-rules file; then every
// exchange that passed through, the event streams with their outcome, the other requests listed
// as they are. The pane asks; InterceptDialog does.
class InterceptPane final : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        MethodColumn,
        UrlColumn,
        StatusColumn,
        KindColumn,
        OutcomeColumn,
        ColumnCount,
    };

    struct Choice
    {
        quint16 port = 0; // 0: chosen by the system
        InterceptController::Launch launch = InterceptController::Launch::Chromium;
        QString browser = QStringLiteral("chromium"); // judged for
        QString rulesPath; // empty: no rewrite rules
    };

    explicit InterceptPane(Settings &settings, QWidget *parent = nullptr);

    Choice choice() const;
    void setChoice(const Choice &choice);
    // Running: the address and the CA file, shown selectable (for --launch none's client).
    void showRunning(bool running, const QUrl &proxy, const QString &caPath, InterceptController::Launch launch);
    void showMessage(const QString &text); // the last error or state change, under the controls

    // One row per exchange, added or brought up to date; `outcome` is the stream's headline
    // (empty for other requests, which are listed, not diagnosed).
    void setExchange(const InterceptedExchange &exchange, bool open, const QString &outcome);
    void keepOnly(const QList<quint64> &ids); // the recording dropped the others
    // A rewritten exchange's notes and the server's own response head (its row's tooltip).
    static QString rewriteText(const InterceptedExchange &exchange);
    void clearExchanges();
    int exchangeCount() const;
    quint64 selectedId() const; // 0: none
    void select(quint64 id);
    QTreeWidget *exchangeList() const { return m_list; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *exportButton() const { return m_export; }

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void exportRequested();
    void exchangeSelected(quint64 id); // 0: none

private:
    void browseRules();
    void updateHint();

    Settings &m_settings;
    QSpinBox *m_port = nullptr;
    QComboBox *m_launch = nullptr;
    QComboBox *m_browser = nullptr;
    QLineEdit *m_rules = nullptr;
    QPushButton *m_browseRules = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_hint = nullptr;
    QLabel *m_message = nullptr;
    QTreeWidget *m_list = nullptr;
    QHash<quint64, QTreeWidgetItem *> m_rows;
};

} // namespace SseScope::Gui
