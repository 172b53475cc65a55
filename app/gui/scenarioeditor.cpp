#include "scenarioeditor.h"

#include "presentationmodels.h"

#include <browser/findings.h>
#include <scenario/scenariojson.h>

#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
constexpr int pathRole = Qt::UserRole + 1; // "cors.preflight.maxAge"
constexpr int schemaRole = Qt::UserRole + 2; // the property's schema object
constexpr int kindRole = Qt::UserRole + 3;

enum class LeafKind
{
    Bool,
    Integer,
    Enum,
    Text, // string, nullable string or integer (empty: absent)
    StringList, // comma-separated
    ReadOnly, // arrays of objects, header maps: edit in the JSON
};

bool schemaAllows(const QJsonObject &schema, const QString &type)
{
    const QJsonValue types = schema.value(QStringLiteral("type"));
    if (types.isArray()) {
        return types.toArray().contains(type);
    }
    return types.toString() == type;
}

LeafKind leafKind(const QJsonValue &value, const QJsonObject &schema)
{
    if (schema.contains(QStringLiteral("enum"))) {
        return LeafKind::Enum;
    }
    if (value.isBool() || schemaAllows(schema, QStringLiteral("boolean"))) {
        return LeafKind::Bool;
    }
    if (schemaAllows(schema, QStringLiteral("integer")) && !schemaAllows(schema, QStringLiteral("null"))) {
        return LeafKind::Integer;
    }
    if (value.isArray()) {
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        return items.value(QStringLiteral("type")).toString() == QLatin1String("string") ? LeafKind::StringList
                                                                                        : LeafKind::ReadOnly;
    }
    if (value.isObject()) {
        return LeafKind::ReadOnly;
    }
    return LeafKind::Text;
}

QString displayValue(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined()) {
        return {};
    }
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toInteger());
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        QStringList parts;
        bool strings = true;
        for (const QJsonValue &entry : array) {
            strings = strings && entry.isString();
            parts.append(entry.toString());
        }
        if (strings) {
            return parts.join(QStringLiteral(", "));
        }
        return ScenarioEditor::tr("%n entries (edit in the JSON)", nullptr, int(array.size()));
    }
    if (value.isObject()) {
        return ScenarioEditor::tr("%n entries (edit in the JSON)", nullptr, int(value.toObject().size()));
    }
    return {};
}

// Lists for enums, spin boxes for integers, a line edit (empty = absent) for the rest.
class KnobDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const auto kind = LeafKind(index.data(kindRole).toInt());
        const QJsonObject schema = index.data(schemaRole).toJsonObject();
        if (kind == LeafKind::Enum) {
            auto *combo = new QComboBox(parent);
            for (const QJsonValue &value : schema.value(QStringLiteral("enum")).toArray()) {
                combo->addItem(value.toString());
            }
            return combo;
        }
        if (kind == LeafKind::Integer) {
            auto *spin = new QSpinBox(parent);
            spin->setRange(schema.value(QStringLiteral("minimum")).toInt(0),
                           schema.value(QStringLiteral("maximum")).toInt(100000000));
            return spin;
        }
        return QStyledItemDelegate::createEditor(parent, option, index);
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            combo->setCurrentText(index.data(Qt::EditRole).toString());
            return;
        }
        if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
            spin->setValue(index.data(Qt::EditRole).toString().toInt());
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            model->setData(index, combo->currentText(), Qt::EditRole);
            return;
        }
        if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
            model->setData(index, QString::number(spin->value()), Qt::EditRole);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }
};

QJsonValue valueFromText(const QString &text, LeafKind kind, const QJsonObject &schema)
{
    if (kind == LeafKind::StringList) {
        QJsonArray array;
        for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
            array.append(part.trimmed());
        }
        return array;
    }
    if (kind == LeafKind::Integer) {
        return text.toInt();
    }
    if (text.isEmpty() && schemaAllows(schema, QStringLiteral("null"))) {
        return QJsonValue::Null;
    }
    if (schemaAllows(schema, QStringLiteral("integer"))) {
        bool ok = false;
        const int number = text.toInt(&ok);
        if (ok) {
            return number;
        }
    }
    return text;
}

QJsonObject setAtPath(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        object.insert(path.first(), value);
        return object;
    }
    const QString head = path.first();
    object.insert(head, setAtPath(object.value(head).toObject(), path.mid(1), value));
    return object;
}
} // namespace

ScenarioEditor::ScenarioEditor(QWidget *parent)
    : QWidget(parent)
{
    QFile schemaFile(QStringLiteral(":/ssescope/scenario.schema.json"));
    if (schemaFile.open(QIODevice::ReadOnly)) {
        m_schema = QJsonDocument::fromJson(schemaFile.readAll()).object();
    }

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("scenarioTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Setting"), tr("Value")});
    m_tree->setItemDelegateForColumn(1, new KnobDelegate(m_tree));
    m_tree->setEditTriggers(QAbstractItemView::AllEditTriggers);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->resizeSection(0, 170);
    connect(m_tree, &QTreeWidget::itemChanged, this, &ScenarioEditor::onItemChanged);

    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("scenarioJson"));
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setTabChangesFocus(true);
    m_jsonTimer.setSingleShot(true);
    m_jsonTimer.setInterval(400);
    connect(m_json, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_updating) {
            m_jsonTimer.start();
        }
    });
    connect(&m_jsonTimer, &QTimer::timeout, this, &ScenarioEditor::onJsonEdited);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("scenarioError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(severityColor(int(Severity::Error)).name()));
    m_error->hide();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("scenarioSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_json);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_error);
}

void ScenarioEditor::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_updating = true;
    m_json->setPlainText(QString::fromUtf8(ScenarioJson::toJson(m_scenario)));
    m_updating = false;
    m_error->hide();
    rebuildTree();
}

void ScenarioEditor::rebuildTree()
{
    m_updating = true;
    const QStringList expanded = [this] {
        QStringList names;
        for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
            if (m_tree->topLevelItem(i)->isExpanded()) {
                names.append(m_tree->topLevelItem(i)->data(0, pathRole).toString());
            }
        }
        return names;
    }();
    const bool first = m_tree->topLevelItemCount() == 0;
    m_tree->clear();
    const QJsonObject json = ScenarioJson::toJsonObject(m_scenario);
    const QJsonObject properties = m_schema.value(QStringLiteral("properties")).toObject();
    const std::pair<const char *, QString> groups[] = {
        {"cors", tr("CORS")},           {"auth", tr("Auth and cookies")}, {"response", tr("Response")},
        {"stream", tr("Stream")},       {"transport", tr("Faults")},     {"client", tr("Client side")},
    };
    for (const auto &[key, label] : groups) {
        const QString name = QString::fromLatin1(key);
        auto *group = new QTreeWidgetItem(m_tree, {label});
        group->setData(0, pathRole, name);
        group->setFirstColumnSpanned(true);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        addLeaves(group, json.value(name).toObject(), properties.value(name).toObject(), name);
        group->setExpanded(first ? (name == QLatin1String("cors") || name == QLatin1String("auth"))
                                 : expanded.contains(name));
    }
    m_updating = false;
}

void ScenarioEditor::addLeaves(QTreeWidgetItem *parent, const QJsonObject &object, const QJsonObject &schema,
                               const QString &path)
{
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    // Keys in the schema's order where it has one, so related knobs stay together.
    QStringList keys = properties.keys();
    for (const QString &key : object.keys()) {
        if (!keys.contains(key)) {
            keys.append(key);
        }
    }
    for (const QString &key : std::as_const(keys)) {
        if (!object.contains(key)) {
            continue;
        }
        const QJsonValue value = object.value(key);
        const QJsonObject propertySchema = properties.value(key).toObject();
        const QString childPath = path + u'.' + key;
        if (value.isObject() && propertySchema.contains(QStringLiteral("properties"))) {
            auto *group = new QTreeWidgetItem(parent, {key});
            group->setData(0, pathRole, childPath);
            addLeaves(group, value.toObject(), propertySchema, childPath);
            group->setExpanded(true);
            continue;
        }
        const LeafKind kind = leafKind(value, propertySchema);
        auto *item = new QTreeWidgetItem(parent, {key});
        item->setData(0, pathRole, childPath);
        item->setData(1, pathRole, childPath);
        item->setData(1, schemaRole, propertySchema);
        item->setData(1, kindRole, int(kind));
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
        if (kind == LeafKind::Bool) {
            item->setCheckState(1, value.toBool() ? Qt::Checked : Qt::Unchecked);
            flags |= Qt::ItemIsUserCheckable;
        } else {
            item->setText(1, displayValue(value));
            if (kind != LeafKind::ReadOnly) {
                flags |= Qt::ItemIsEditable;
            }
            if (value.isNull()) {
                item->setToolTip(1, tr("Absent: leave empty to omit, type a value to set it."));
            }
        }
        item->setFlags(flags);
    }
}

void ScenarioEditor::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_updating || column != 1) {
        return;
    }
    const auto kind = LeafKind(item->data(1, kindRole).toInt());
    const QString path = item->data(1, pathRole).toString();
    QJsonValue value;
    if (kind == LeafKind::Bool) {
        value = item->checkState(1) == Qt::Checked;
    } else {
        value = valueFromText(item->text(1), kind, item->data(1, schemaRole).toJsonObject());
    }
    const QJsonObject json = setAtPath(ScenarioJson::toJsonObject(m_scenario), path.split(u'.'), value);
    applyJson(QJsonDocument(json).toJson(), false);
}

void ScenarioEditor::onJsonEdited()
{
    applyJson(m_json->toPlainText().toUtf8(), true);
}

void ScenarioEditor::applyJson(const QByteArray &json, bool fromText)
{
    ScenarioError error;
    const std::optional<Scenario> parsed = ScenarioJson::parse(json, tr("scenario"), &error);
    if (!parsed) {
        showError(error.toString());
        if (!fromText) {
            // Put the refused value back, after the tree has finished emitting itemChanged.
            QTimer::singleShot(0, this, &ScenarioEditor::rebuildTree);
        }
        return;
    }
    m_error->hide();
    m_scenario = *parsed;
    if (fromText) {
        rebuildTree();
    } else {
        m_updating = true;
        m_json->setPlainText(QString::fromUtf8(ScenarioJson::toJson(m_scenario)));
        m_updating = false;
    }
    Q_EMIT scenarioEdited(m_scenario);
}

void ScenarioEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ScenarioEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const Qt::Orientation wanted = width() >= sideBySideMinWidth ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != wanted) {
        m_splitter->setOrientation(wanted);
        m_splitter->setSizes({3, 2}); // the stretch factors' proportions again, in the new direction
    }
}

} // namespace SseScope::Gui
