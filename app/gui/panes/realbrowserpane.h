#pragma once

#include <server/realbrowserreport.h>
#include <session/session.h>

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace SseScope::Gui {

// The user's own browser beside the prediction: the test page opens in it, runs the scenario's
// client side and reports; the pane shows the report, the prediction, and whether they agree.
class RealBrowserPane final : public QWidget
{
    Q_OBJECT

public:
    explicit RealBrowserPane(const QIcon &openIcon, QWidget *parent = nullptr);

    void showPrediction(const QString &browser, const Verdict &verdict);
    void showReport(const RealBrowserReport &report, const Verdict &prediction);
    void showRefusedReport(const QString &reason);
    void clearReport(); // a new page was opened: its report is awaited

Q_SIGNALS:
    void openRequested();

private:
    QTextBrowser *m_predictionView = nullptr;
    QTextBrowser *m_reportView = nullptr;
    QLabel *m_agreementLabel = nullptr;
};

} // namespace SseScope::Gui
