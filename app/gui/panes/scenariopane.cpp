#include "scenariopane.h"

#include "../scenarioeditor.h"
#include "../sessioncoordinator.h"
#include "../settings.h"

#include <scenario/presetlibrary.h>
#include <scenario/scenariojson.h>

#include <QAbstractItemView>
#include <QComboBox>
#include <QStyle>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace SseScope::Gui {

ScenarioPane::ScenarioPane(SessionCoordinator *coordinator, Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_coordinator(coordinator)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("scenarioPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *presetRow = new QHBoxLayout;
    auto *presetLabel = new QLabel(tr("&Preset:"), this);
    m_presetCombo = new QComboBox(this);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    // The longest preset title would set the whole left column's minimum width; the list itself
    // opens as wide as its titles.
    m_presetCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presetCombo->setMinimumContentsLength(24);
    presetLabel->setBuddy(m_presetCombo);
    addPresetsGrouped();
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_presetCombo, 1);
    layout->addLayout(presetRow);
    m_presetSummary = new QLabel(this);
    m_presetSummary->setObjectName(QStringLiteral("presetSummary"));
    m_presetSummary->setWordWrap(true);
    m_presetSummary->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_presetSummary);
    m_editor = new ScenarioEditor(this);
    m_editor->setObjectName(QStringLiteral("scenarioEditor"));
    layout->addWidget(m_editor, 1);

    connect(m_presetCombo, &QComboBox::activated, this,
            [this](int index) { selectPreset(m_presetCombo->itemData(index).toString()); });
    connect(m_editor, &ScenarioEditor::scenarioEdited, this, [this](const Scenario &scenario) {
        m_coordinator->noteEdited();
        apply(scenario, true);
    });
}

void ScenarioPane::addPresetsGrouped()
{
    // Grouped by what the browser does, so a user sees at a glance which presets work, which
    // break and which hang. Group headers carry no data (findData() never matches them) and cannot
    // be chosen.
    auto *model = qobject_cast<QStandardItemModel *>(m_presetCombo->model());
    Q_ASSERT(model); // QComboBox's own model
    const QList<Scenario> presets = PresetLibrary::all();
    const struct
    {
        PresetLibrary::Behaviour behaviour;
        QString header;
    } groups[] = {
        {PresetLibrary::Behaviour::Works, tr("Works: events reach the page")},
        {PresetLibrary::Behaviour::Breaks, tr("Breaks: the browser refuses the stream")},
        {PresetLibrary::Behaviour::Hangs, tr("Hangs: no event ever arrives")},
    };
    for (const auto &group : groups) {
        auto *header = new QStandardItem(group.header);
        header->setFlags(Qt::NoItemFlags);
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        header->setAccessibleDescription(QStringLiteral("group"));
        model->appendRow(header);
        for (const Scenario &preset : presets) {
            if (PresetLibrary::behaviourOf(preset) != group.behaviour) {
                continue;
            }
            m_presetCombo->addItem(preset.title.isEmpty() ? preset.name : preset.title, preset.name);
            m_presetCombo->setItemData(m_presetCombo->count() - 1, preset.summary, Qt::ToolTipRole);
        }
    }
    // The list opens wide enough for every title even when the combo is narrower.
    m_presetCombo->view()->setMinimumWidth(m_presetCombo->view()->sizeHintForColumn(0)
                                           + m_presetCombo->view()->style()->pixelMetric(QStyle::PM_ScrollBarExtent));
}

const Scenario &ScenarioPane::scenario() const
{
    return m_editor->scenario();
}

void ScenarioPane::showInitial(const Scenario &scenario)
{
    m_presetCombo->setCurrentIndex(std::max(0, m_presetCombo->findData(scenario.name)));
    m_presetSummary->setText(scenario.summary);
    m_editor->setScenario(scenario);
}

void ScenarioPane::load(const Scenario &scenario, const QString &presetName, const QString &summary)
{
    if (presetName.isEmpty()) {
        m_presetCombo->setCurrentIndex(-1);
    } else if (const int index = m_presetCombo->findData(presetName); index >= 0) {
        m_presetCombo->setCurrentIndex(index);
    }
    if (!summary.isEmpty()) {
        m_presetSummary->setText(summary);
    }
    m_editor->setScenario(scenario);
}

void ScenarioPane::apply(const Scenario &scenario, bool edited)
{
    if (edited) {
        m_presetSummary->setText(tr("Edited: %1").arg(scenario.summary));
    }
    m_coordinator->setScenario(scenario);
    Q_EMIT scenarioApplied(scenario);
}

void ScenarioPane::applyEdit(const Scenario &scenario, const QString &what)
{
    m_editor->setScenario(scenario);
    m_coordinator->noteEdited();
    m_coordinator->setScenario(scenario);
    m_presetSummary->setText(tr("Edited: %1").arg(what));
    Q_EMIT scenarioApplied(scenario);
}

void ScenarioPane::selectPreset(const QString &name)
{
    ScenarioError error;
    const std::optional<Scenario> preset = PresetLibrary::preset(name, &error);
    if (!preset) {
        Q_EMIT statusMessage(error.toString(), 5000);
        return;
    }
    m_coordinator->discardRecovery();
    m_coordinator->setCurrentFile(QString());
    load(*preset, name, preset->summary);
    apply(*preset, false);
}

bool ScenarioPane::openFile(const QString &path)
{
    ScenarioError error;
    const std::optional<Scenario> scenario = ScenarioJson::load(path, &error);
    if (!scenario) {
        QMessageBox::warning(this, tr("Open Scenario"), tr("Cannot open the scenario:\n%1").arg(error.toString()));
        return false;
    }
    m_coordinator->discardRecovery();
    m_coordinator->setCurrentFile(path);
    Q_EMIT fileUsed(path);
    load(*scenario, QString(), tr("%1 — %2").arg(QFileInfo(path).fileName(), scenario->summary));
    apply(*scenario, false);
    return true;
}

bool ScenarioPane::saveFile(const QString &path)
{
    QSaveFile file(path);
    const QByteArray json = ScenarioJson::toJson(m_editor->scenario());
    // A short write (disk full) must not be committed: compare with the size, not with -1.
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        QMessageBox::warning(this, tr("Save Scenario"), tr("Cannot save %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_coordinator->discardRecovery(); // under the old name (untitled or the file it was opened from)
    m_coordinator->recovery().discard(path);
    m_coordinator->setCurrentFile(path);
    Q_EMIT fileUsed(path);
    Q_EMIT statusMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

void ScenarioPane::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), m_settings.lastDirectory(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openFile(path);
    }
}

void ScenarioPane::saveDialog()
{
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(m_editor->scenario().name + u".json");
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save Scenario"), suggested, tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        saveFile(path);
    }
}

void ScenarioPane::offerRecovery(const Question &ask)
{
    ScenarioRecovery &recovery = m_coordinator->recovery();
    QStringList problems;
    const QList<ScenarioRecovery::Entry> pending = recovery.pending(&problems);
    for (const QString &problem : std::as_const(problems)) {
        Q_EMIT statusMessage(tr("A recovery file cannot be read: %1").arg(problem), 8000);
    }
    if (pending.isEmpty()) {
        return;
    }
    // The newest is offered; older ones belong to documents edited before it.
    const ScenarioRecovery::Entry &entry = pending.constLast();
    const QString document = entry.documentPath.isEmpty() ? tr("an unsaved scenario")
                                                          : QFileInfo(entry.documentPath).fileName();
    const bool restore = ask(tr("Restore Unsaved Edits"),
                             tr("SSE Scope did not close cleanly. Restore the unsaved edits of %1 (\"%2\", from %3)?")
                                 .arg(document, entry.scenario.name,
                                      QLocale().toString(entry.storedAt.toLocalTime(), QLocale::ShortFormat)));
    for (const ScenarioRecovery::Entry &old : pending) {
        if (!restore || old.recoveryFile != entry.recoveryFile) {
            recovery.discardFile(old.recoveryFile);
        }
    }
    if (!restore) {
        return;
    }
    m_coordinator->setCurrentFile(entry.documentPath);
    load(entry.scenario, QString(), QString());
    apply(entry.scenario, true);
    // Still unsaved: the recovery file stays until the user saves or closes cleanly.
    m_coordinator->noteEdited();
    Q_EMIT statusMessage(tr("Restored the unsaved edits of %1").arg(document), 8000);
}

} // namespace SseScope::Gui
