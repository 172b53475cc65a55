#pragma once

#include <scenario/scenario.h>

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTreeWidget;
class QTreeWidgetItem;

namespace SseScope::Gui {

// Every knob of a scenario, grouped (CORS, auth and cookies, response, stream, faults, client),
// with its JSON beside it. Both sides edit the same scenario: a change on either side is checked
// by the strict JSON reader and, when valid, shown on the other side and announced at once.
// The tree is built from the scenario's JSON form and the schema (enums become lists, integers
// spin boxes), so a new knob appears here without code. Side by side when the editor is wide;
// in a narrow dock (a 1366-pixel screen) the JSON goes below the tree, so both keep full lines.
class ScenarioEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioEditor(QWidget *parent = nullptr);

    void setScenario(const Scenario &scenario); // does not emit scenarioEdited
    const Scenario &scenario() const { return m_scenario; }

    // Below this width the tree and the JSON are stacked instead of side by side.
    static constexpr int sideBySideMinWidth = 720;

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void scenarioEdited(const SseScope::Scenario &scenario);

private:
    void rebuildTree();
    void addLeaves(QTreeWidgetItem *parent, const QJsonObject &object, const QJsonObject &schema, const QString &path);
    void onItemChanged(QTreeWidgetItem *item, int column);
    void onJsonEdited();
    void applyJson(const QByteArray &json, bool fromText);
    void showError(const QString &message);

    Scenario m_scenario;
    QJsonObject m_schema;
    QTreeWidget *m_tree = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QLabel *m_error = nullptr;
    QSplitter *m_splitter = nullptr;
    QTimer m_jsonTimer;
    bool m_updating = false;
};

} // namespace SseScope::Gui
