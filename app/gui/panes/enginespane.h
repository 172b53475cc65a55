#pragma once

#include <browser/enginecomparison.h>

#include <QWidget>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace SseScope::Gui {

// The three engines side by side (issue 15): one row per engine — its outcome, readyState, events
// and the first console line — and below, every difference with the rule behind it (the finding's
// explanation and fix). The window's client runs the chosen engine; two companion clients run the
// others on the same options (SessionCoordinator, lib/client/engineclients.h).
class EnginesPane final : public QWidget
{
    Q_OBJECT

public:
    explicit EnginesPane(QWidget *parent = nullptr);

    // Empty: nothing to compare (not connected, an imported session, comparison off).
    void showEngines(const QList<EngineResult> &engines);
    QStringList differenceTexts() const { return m_differences; }
    // Where a profile's shipped browser has a policy the conformance suite cannot observe
    // (BrowserProfile::policyNotObservedInSuite: Safari's Intelligent Tracking Prevention), one
    // line per such engine shown; empty when none of the shown engines has one.
    QStringList policyNotes() const { return m_policyNotes; }

private:
    QLabel *m_summary = nullptr;
    QLabel *m_notes = nullptr;
    QTableWidget *m_table = nullptr;
    QTextBrowser *m_rules = nullptr;
    QStringList m_differences;
    QStringList m_policyNotes;
};

} // namespace SseScope::Gui
