#include "diagnosispane.h"

#include "../markdowntext.h"
#include "../presentationmodels.h"
#include "panewidgets.h"

#include <models/findingsmodel.h>
#include <models/modelroles.h>
#include <scenario/scenariofixes.h>

#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace SseScope::Gui {

DiagnosisPane::DiagnosisPane(FindingsModel *findings, QWidget *parent)
    : QWidget(parent)
    , m_findings(findings)
{
    setObjectName(QStringLiteral("diagnosisPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("diagnosisSplitter"));
    layout->addWidget(m_splitter);

    auto *consoleBox = new QGroupBox(tr("Console (what the browser prints)"), m_splitter);
    auto *consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->setContentsMargins(2, 2, 2, 2);
    m_consoleView = makeTextView(consoleBox, QStringLiteral("consoleView"));
    m_consoleView->setPlaceholderText(tr("No console messages."));
    consoleLayout->addWidget(m_consoleView);

    m_findingsView = makeTable(m_splitter, QStringLiteral("findingsView"));
    auto *presentation = new FindingsPresentationModel(this);
    presentation->setSourceModel(m_findings);
    m_findingsView->setModel(presentation);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Severity, 100);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Title, 340);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Detail, 200);

    auto *lower = new QSplitter(Qt::Horizontal, m_splitter);
    m_findingDetail = new QTextBrowser(lower);
    m_findingDetail->setObjectName(QStringLiteral("findingDetail"));
    m_findingDetail->setOpenExternalLinks(true);
    m_findingDetail->setPlaceholderText(tr("Select a finding for its explanation and fix."));

    auto *fixBox = new QWidget(lower);
    auto *fixLayout = new QVBoxLayout(fixBox);
    fixLayout->setContentsMargins(0, 0, 0, 0);
    m_snippetTabs = new QTabWidget(fixBox);
    m_snippetTabs->setDocumentMode(true);
    m_fixHeaders = makeTextView(fixBox, QStringLiteral("fixHeaders"));
    m_snippetExpress = makeTextView(fixBox, QStringLiteral("snippetExpress"));
    m_snippetNginx = makeTextView(fixBox, QStringLiteral("snippetNginx"));
    m_snippetGo = makeTextView(fixBox, QStringLiteral("snippetGo"));
    m_snippetTabs->addTab(m_fixHeaders, tr("Fix"));
    m_snippetTabs->addTab(m_snippetExpress, tr("Express"));
    m_snippetTabs->addTab(m_snippetNginx, tr("nginx"));
    m_snippetTabs->addTab(m_snippetGo, tr("Go net/http"));
    auto *copy = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("&Copy"), fixBox);
    copy->setObjectName(QStringLiteral("copyFixButton"));
    connect(copy, &QPushButton::clicked, this, [this] {
        if (auto *view = qobject_cast<QPlainTextEdit *>(m_snippetTabs->currentWidget())) {
            QApplication::clipboard()->setText(view->toPlainText());
            Q_EMIT copied();
        }
    });
    // Mock scenarios: the fix's knobs set on the scenario, the stream reconnects, the banner follows.
    m_applyFix = new QPushButton(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("&Apply to Scenario"), fixBox);
    m_applyFix->setObjectName(QStringLiteral("applyFixButton"));
    m_applyFix->setVisible(false);
    connect(m_applyFix, &QPushButton::clicked, this, [this] {
        const QModelIndex index = m_findingsView->currentIndex();
        if (!m_mockScenario || !index.isValid()) {
            return;
        }
        const std::optional<ScenarioFix> fix
            = ScenarioFixes::forFinding(index.data(FindingIdRole).toString(), *m_mockScenario);
        if (!fix) {
            return;
        }
        if (const std::optional<Scenario> fixed = ScenarioFixes::apply(*m_mockScenario, *fix)) {
            Q_EMIT applyToScenario(*fixed, ScenarioFixes::describe(*fix));
        }
    });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_applyFix);
    buttons->addWidget(copy);
    fixLayout->addWidget(m_snippetTabs, 1);
    fixLayout->addLayout(buttons);
    lower->addWidget(m_findingDetail);
    lower->addWidget(fixBox);

    m_splitter->addWidget(consoleBox);
    m_splitter->addWidget(m_findingsView);
    m_splitter->addWidget(lower);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setStretchFactor(2, 2);

    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showFinding(current); });
    connect(m_findings, &QAbstractItemModel::rowsInserted, this, &DiagnosisPane::selectMostSevereIfNone);
}

void DiagnosisPane::setConsole(const QStringList &lines)
{
    const QString console = lines.join(u'\n');
    if (m_consoleView->toPlainText() != console) {
        m_consoleView->setPlainText(console);
    }
}

void DiagnosisPane::setSnippetContext(const SnippetContext &context)
{
    if (context == m_snippetContext) {
        return;
    }
    m_snippetContext = context;
    showFinding(m_findingsView->currentIndex());
}

void DiagnosisPane::setMockScenario(const std::optional<Scenario> &scenario)
{
    if (scenario == m_mockScenario) {
        return;
    }
    m_mockScenario = scenario;
    offerFix(m_findingsView->currentIndex());
}

void DiagnosisPane::offerFix(const QModelIndex &index)
{
    const std::optional<ScenarioFix> fix = m_mockScenario && index.isValid()
        ? ScenarioFixes::forFinding(index.data(FindingIdRole).toString(), *m_mockScenario)
        : std::nullopt;
    m_applyFix->setVisible(fix.has_value());
    if (fix) {
        m_applyFix->setToolTip(tr("Set %1 in the mock server's scenario; the stream reconnects with it.")
                                   .arg(ScenarioFixes::describe(*fix).join(QStringLiteral(", "))));
    }
}

void DiagnosisPane::clear()
{
    m_applyFix->setVisible(false);
    m_consoleView->clear();
    m_findingDetail->clear();
    for (QPlainTextEdit *view : {m_fixHeaders, m_snippetExpress, m_snippetNginx, m_snippetGo}) {
        view->clear();
    }
}

void DiagnosisPane::selectMostSevereIfNone()
{
    if (m_findingsView->currentIndex().isValid() || m_findings->rowCount() == 0) {
        return;
    }
    // Show the most severe finding without a click.
    int best = 0;
    for (int row = 1; row < m_findings->rowCount(); ++row) {
        if (m_findings->findingAt(row).finding.severity > m_findings->findingAt(best).finding.severity) {
            best = row;
        }
    }
    m_findingsView->setCurrentIndex(m_findingsView->model()->index(best, 0));
}

void DiagnosisPane::showFinding(const QModelIndex &index)
{
    offerFix(index);
    if (!index.isValid()) {
        m_findingDetail->clear();
        return;
    }
    const int severity = index.data(FindingSeverityRole).toInt();
    QString html = QStringLiteral("<h3 style='color:%1'>%2</h3>")
                       .arg(severityColor(severity).name(),
                            inlineMarkdownToHtml(translatedFindingText(index.data(FindingTitleRole).toString())));
    html += QStringLiteral("<p><code>%1</code> · %2</p>")
                .arg(index.data(FindingIdRole).toString().toHtmlEscaped(), severityText(severity));
    const QString fix = personalizeSnippet(translatedFindingText(index.data(FindingFixRole).toString()), m_snippetContext);
    const QString detail = index.data(FindingDetailRole).toString();
    if (!detail.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b> <code>%2</code></p>").arg(tr("Seen:"), detail.toHtmlEscaped());
    }
    html += QStringLiteral("<p>%1</p>").arg(
        inlineMarkdownToHtml(translatedFindingText(index.data(FindingExplanationRole).toString())));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Fix:"), inlineMarkdownToHtml(fix));
    const QString reference = index.data(FindingReferenceRole).toString();
    if (!reference.isEmpty()) {
        html += QStringLiteral("<p><i>%1 %2</i></p>").arg(tr("Reference:"), reference.toHtmlEscaped());
    }
    m_findingDetail->setHtml(html);
    m_fixHeaders->setPlainText(inlineMarkdownToPlain(fix));
    const auto snippet = [this](const QVariant &value) {
        const QString text = value.toString();
        return text.isEmpty() ? DiagnosisPane::tr("(no server-side change: the fix is on the page)")
                              : personalizeSnippet(text, m_snippetContext);
    };
    m_snippetExpress->setPlainText(snippet(index.data(FindingSnippetExpressRole)));
    m_snippetNginx->setPlainText(snippet(index.data(FindingSnippetNginxRole)));
    m_snippetGo->setPlainText(snippet(index.data(FindingSnippetOtherRole)));
}

} // namespace SseScope::Gui
