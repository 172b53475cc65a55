#include "enginespane.h"

#include "../markdowntext.h"
#include "../presentationmodels.h"
#include "panewidgets.h"

#include <browser/findings.h>
#include <browser/profile.h>

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
enum Column
{
    EngineColumn,
    OutcomeColumn,
    ReadyStateColumn,
    EventsColumn,
    ConsoleColumn,
    ColumnCount
};
} // namespace

EnginesPane::EnginesPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("enginesPane"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("enginesSummary"));
    m_summary->setWordWrap(true);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    layout->addWidget(m_summary);
    m_notes = new QLabel(this);
    m_notes->setObjectName(QStringLiteral("enginePolicyNotes"));
    m_notes->setWordWrap(true);
    layout->addWidget(m_notes);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(0, ColumnCount, split);
    m_table->setObjectName(QStringLiteral("enginesTable"));
    m_table->setHorizontalHeaderLabels({tr("Engine"), tr("Outcome"), tr("readyState"), tr("Events"), tr("Console")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules = new QTextBrowser(split);
    m_rules->setObjectName(QStringLiteral("engineDifferences"));
    split->addWidget(m_table);
    split->addWidget(m_rules);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    showEngines({});
}

void EnginesPane::showEngines(const QList<EngineResult> &engines)
{
    const QList<EngineDifference> differences = compareEngines(engines);
    m_differences.clear();
    for (const EngineDifference &difference : differences) {
        m_differences.append(difference.text);
    }

    m_table->setRowCount(int(engines.size()));
    for (int row = 0; row < engines.size(); ++row) {
        const EngineResult &engine = engines.at(row);
        const QStringList cells{engine.displayName, engineOutcomeVerb(outcomeOf(engine.verdict)),
            readyStateName(engine.verdict.readyState), QLocale().toString(engine.verdict.events),
            engine.verdict.console.value(0)};
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(cells.at(column));
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();

    // A policy of the shipped browser that the engine the suite runs does not have (Safari's ITP
    // against WebKitGTK): the prediction follows the shipped browser, and the user is told so.
    m_policyNotes.clear();
    for (const EngineResult &engine : engines) {
        const QString note = BrowserProfile::fromName(engine.browser).policyNotObservedInSuite;
        if (!note.isEmpty()) {
            m_policyNotes.append(tr("%1, not observed here: %2").arg(engine.displayName, note));
        }
    }
    m_notes->setText(m_policyNotes.join(QLatin1Char('\n')));
    m_notes->setVisible(!m_policyNotes.isEmpty());

    if (engines.isEmpty()) {
        m_summary->setText(tr("Connect the client to see what Chromium, Firefox and Safari each do with the stream: "
                              "the two engines the client does not show run beside it on their own connections."));
        m_rules->clear();
        return;
    }
    m_summary->setText(enginesHeadline(engines));
    if (differences.isEmpty()) {
        m_rules->setHtml(QStringLiteral("<p>%1</p>").arg(tr("The engines agree so far.").toHtmlEscaped()));
        return;
    }
    // Each difference, and for a finding the rule behind it: why, and the fix.
    QString html = QStringLiteral("<h3>%1</h3><ul>").arg(tr("Where they differ").toHtmlEscaped());
    for (const EngineDifference &difference : differences) {
        html += QStringLiteral("<li><p>%1</p>").arg(htmlEscaped(difference.text));
        if (const FindingDefinition *rule = findFindingDefinition(difference.findingId)) {
            html += QStringLiteral("<p>%1</p><p><b>%2</b> %3</p>")
                        .arg(inlineMarkdownToHtml(translatedFindingText(QString::fromUtf8(rule->explanation))),
                            tr("Fix:").toHtmlEscaped(),
                            inlineMarkdownToHtml(translatedFindingText(QString::fromUtf8(rule->fix))));
        }
        html += QStringLiteral("</li>");
    }
    html += QStringLiteral("</ul>");
    m_rules->setHtml(html);
}

} // namespace SseScope::Gui
