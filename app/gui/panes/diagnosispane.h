#pragma once

#include <browser/snippetcontext.h>
#include <scenario/scenario.h>

#include <optional>

#include <QWidget>

class QModelIndex;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace SseScope {
class FindingsModel;
}

namespace SseScope::Gui {

// The diagnosis: the browser's console, the findings (the most severe one selected by itself),
// the selected finding's explanation and its fix as headers and as server snippets to copy.
class DiagnosisPane final : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosisPane(FindingsModel *findings, QWidget *parent = nullptr);

    QSplitter *splitter() const { return m_splitter; }
    void setConsole(const QStringList &lines);
    // The user's page origin, stream path and cookie name, put into the fix and the snippets.
    void setSnippetContext(const SnippetContext &context);
    // The mock server's scenario when the shown session is against it, else nullopt: a finding
    // with a knob fix (lib/scenario/scenariofixes) then offers "Apply to Scenario".
    void setMockScenario(const std::optional<Scenario> &scenario);
    QPushButton *applyFixButton() const { return m_applyFix; }
    void clear();

Q_SIGNALS:
    void copied(); // a fix went to the clipboard
    // The user applied the selected finding's fix: the scenario with it, and the knobs it set.
    void applyToScenario(const SseScope::Scenario &fixed, const QStringList &knobs);

private:
    void showFinding(const QModelIndex &index);
    void selectMostSevereIfNone();
    void offerFix(const QModelIndex &index);

    FindingsModel *m_findings = nullptr;
    SnippetContext m_snippetContext;
    QSplitter *m_splitter = nullptr;
    QPlainTextEdit *m_consoleView = nullptr;
    QTableView *m_findingsView = nullptr;
    QTextBrowser *m_findingDetail = nullptr;
    QTabWidget *m_snippetTabs = nullptr;
    QPlainTextEdit *m_fixHeaders = nullptr;
    QPlainTextEdit *m_snippetExpress = nullptr;
    QPlainTextEdit *m_snippetNginx = nullptr;
    QPlainTextEdit *m_snippetGo = nullptr;
    QPushButton *m_applyFix = nullptr;
    std::optional<Scenario> m_mockScenario;
};

} // namespace SseScope::Gui
