#include "realbrowserpane.h"

#include "../presentationmodels.h"
#include "panewidgets.h"

#include <browser/findings.h>

#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
// Label and value rows of an HTML table, the values escaped.
class HtmlRows
{
public:
    void add(const QString &label, const QString &value)
    {
        m_html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), htmlEscaped(value));
    }
    QString table() const { return QStringLiteral("<table cellspacing=4>") + m_html + QStringLiteral("</table>"); }

private:
    QString m_html;
};

QString yesNo(bool value)
{
    return value ? RealBrowserPane::tr("yes") : RealBrowserPane::tr("no");
}
} // namespace

RealBrowserPane::RealBrowserPane(const QIcon &openIcon, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("realBrowserPane"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Open the built-in test page in your own browser: it connects to the mock server "
                                "exactly as the scenario's client side says and reports what the browser did. "
                                "The report appears here, beside the prediction."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *open = new QPushButton(openIcon, tr("Open the test page in my browser"), this);
    open->setObjectName(QStringLiteral("openPageButton"));
    connect(open, &QPushButton::clicked, this, &RealBrowserPane::openRequested);
    layout->addWidget(open, 0, Qt::AlignLeft);
    m_agreementLabel = new QLabel(this);
    m_agreementLabel->setObjectName(QStringLiteral("agreementLabel"));
    QFont bold = m_agreementLabel->font();
    bold.setBold(true);
    m_agreementLabel->setFont(bold);
    layout->addWidget(m_agreementLabel);
    auto *columns = new QSplitter(Qt::Horizontal, this);
    auto *predictionBox = new QGroupBox(tr("Prediction"), columns);
    auto *predictionLayout = new QVBoxLayout(predictionBox);
    m_predictionView = new QTextBrowser(predictionBox);
    m_predictionView->setObjectName(QStringLiteral("predictionView"));
    predictionLayout->addWidget(m_predictionView);
    auto *reportBox = new QGroupBox(tr("What your browser reported"), columns);
    auto *reportLayout = new QVBoxLayout(reportBox);
    m_reportView = new QTextBrowser(reportBox);
    m_reportView->setObjectName(QStringLiteral("reportView"));
    m_reportView->setPlaceholderText(tr("No report yet: open the test page."));
    reportLayout->addWidget(m_reportView);
    columns->addWidget(predictionBox);
    columns->addWidget(reportBox);
    layout->addWidget(columns, 1);
}

void RealBrowserPane::showPrediction(const QString &browser, const Verdict &verdict)
{
    HtmlRows rows;
    rows.add(tr("Browser"), browser);
    rows.add(tr("Opened"), yesNo(verdict.opened));
    rows.add(tr("Failed"), yesNo(verdict.failed));
    rows.add(tr("Events"), QLocale().toString(verdict.events));
    rows.add(tr("readyState"), readyStateName(verdict.readyState));
    rows.add(tr("Console"), verdict.console.join(u'\n'));
    m_predictionView->setHtml(rows.table());
}

void RealBrowserPane::showReport(const RealBrowserReport &report, const Verdict &prediction)
{
    HtmlRows rows;
    rows.add(tr("Browser"), report.userAgent);
    rows.add(tr("Scenario"), report.scenario);
    rows.add(tr("Opened"), yesNo(report.opened));
    rows.add(tr("Failed"), yesNo(report.failed));
    rows.add(tr("Events"), QString::number(report.events));
    rows.add(tr("readyState"), report.readyState);
    QStringList messages;
    for (const RealBrowserReport::Message &message : report.messages) {
        messages.append(message.lastEventId.isEmpty()
                            ? tr("%1: %2").arg(message.type, message.data)
                            : tr("%1 #%2: %3").arg(message.type, message.lastEventId, message.data));
    }
    rows.add(tr("Messages"), messages.join(u'\n'));
    m_reportView->setHtml(rows.table() + QStringLiteral("<pre>%1</pre>").arg(report.log.join(u'\n').toHtmlEscaped()));

    const bool agree = report.opened == prediction.opened && report.failed == prediction.failed;
    m_agreementLabel->setText(agree ? tr("Your browser agrees with the prediction.")
                                    : tr("Your browser differs from the prediction (opened/failed)."));
    m_agreementLabel->setStyleSheet(QStringLiteral("color: %1;").arg(
        severityColor(int(agree ? Severity::Info : Severity::Warning)).name()));
}

void RealBrowserPane::showRefusedReport(const QString &reason)
{
    m_reportView->setPlainText(tr("The test page's report could not be read: %1").arg(reason));
    m_agreementLabel->clear();
}

void RealBrowserPane::clearReport()
{
    m_reportView->clear();
    m_agreementLabel->clear();
}

} // namespace SseScope::Gui
