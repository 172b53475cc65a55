#pragma once

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;

namespace SseScope {
struct Scenario;
}

namespace SseScope::Gui {

class ScenarioEditor;
class SessionCoordinator;
class Settings;

// The scenario as a document: the preset list with the chosen one's summary above the knob tree
// and its JSON; presets, files and restored edits are loaded here, saved here, and every valid
// edit is applied live through the coordinator (which keeps the crash-recovery copy).
class ScenarioPane final : public QWidget
{
    Q_OBJECT

public:
    using Question = std::function<bool(const QString &title, const QString &text)>;

    ScenarioPane(SessionCoordinator *coordinator, Settings &settings, QWidget *parent = nullptr);

    const Scenario &scenario() const;
    void showInitial(const Scenario &scenario); // at start: shown, not applied (the server starts with it)
    void selectPreset(const QString &name);
    // An edit made for the user (Apply to scenario): shown in the editor and applied live, as if
    // typed; `what` says what changed, instead of the summary.
    void applyEdit(const Scenario &scenario, const QString &what);
    bool openFile(const QString &path);
    bool saveFile(const QString &path);
    void openDialog();
    void saveDialog();
    // At start: offers the newest unsaved edits a crash left behind; `ask` says yes or no.
    void offerRecovery(const Question &ask);

Q_SIGNALS:
    void scenarioApplied(const SseScope::Scenario &scenario); // the server runs it now
    void fileUsed(const QString &path); // opened or saved: a recent file
    void statusMessage(const QString &text, int timeoutMs);

private:
    void addPresetsGrouped();
    void apply(const Scenario &scenario, bool edited);
    void load(const Scenario &scenario, const QString &presetName, const QString &summary);

    SessionCoordinator *m_coordinator = nullptr;
    Settings &m_settings;
    QComboBox *m_presetCombo = nullptr;
    QLabel *m_presetSummary = nullptr;
    ScenarioEditor *m_editor = nullptr;
};

} // namespace SseScope::Gui
