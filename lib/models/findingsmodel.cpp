#include "findingsmodel.h"

namespace SseScope {

namespace {
bool sameFinding(const RecordedFinding &a, const RecordedFinding &b)
{
    return a.finding == b.finding && a.exchangeId == b.exchangeId;
}

QString catalogueText(const Finding &finding, const char *FindingDefinition::*field)
{
    const FindingDefinition *definition = findFindingDefinition(finding.id);
    if (!definition || !(definition->*field)) {
        return {};
    }
    return QString::fromUtf8(definition->*field);
}
} // namespace

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FindingsModel::setFindings(const QList<RecordedFinding> &findings)
{
    bool isPrefix = findings.size() >= m_rows.size();
    for (qsizetype i = 0; isPrefix && i < m_rows.size(); ++i) {
        isPrefix = sameFinding(m_rows.at(i), findings.at(i));
    }
    if (!isPrefix) {
        beginResetModel();
        m_rows = findings;
        endResetModel();
        return;
    }
    if (findings.size() == m_rows.size()) {
        return;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, int(findings.size()) - 1);
    m_rows.append(findings.mid(first));
    endInsertRows();
}

void FindingsModel::clear()
{
    if (m_rows.isEmpty()) {
        return;
    }
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

Severity FindingsModel::worstSeverity() const
{
    Severity worst = Severity::Info;
    for (const RecordedFinding &recorded : m_rows) {
        if (int(recorded.finding.severity) > int(worst)) {
            worst = recorded.finding.severity;
        }
    }
    return worst;
}

int FindingsModel::countOf(Severity severity) const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [severity](const RecordedFinding &recorded) {
        return recorded.finding.severity == severity;
    }));
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FindingColumn::Count;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const RecordedFinding &recorded = m_rows.at(index.row());
    const Finding &finding = recorded.finding;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FindingColumn::Severity:
            return int(finding.severity);
        case FindingColumn::Title:
            return finding.title;
        case FindingColumn::Detail:
            return finding.detail;
        case FindingColumn::Id:
            return finding.id;
        default:
            return {};
        }
    case FindingIdRole:
        return finding.id;
    case FindingSeverityRole:
        return int(finding.severity);
    case FindingTitleRole:
        return finding.title;
    case FindingDetailRole:
        return finding.detail;
    case FindingFixRole:
        return finding.fix;
    case FindingExplanationRole:
        return catalogueText(finding, &FindingDefinition::explanation);
    case FindingSnippetExpressRole:
        return catalogueText(finding, &FindingDefinition::snippetExpress);
    case FindingSnippetNginxRole:
        return catalogueText(finding, &FindingDefinition::snippetNginx);
    case FindingSnippetOtherRole:
        return catalogueText(finding, &FindingDefinition::snippetOther);
    case FindingReferenceRole:
        return catalogueText(finding, &FindingDefinition::reference);
    case FindingRaisedMsRole:
        return recorded.raisedMs;
    case FindingExchangeIdRole:
        return recorded.exchangeId;
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case FindingColumn::Severity:
        return QStringLiteral("severity");
    case FindingColumn::Title:
        return QStringLiteral("title");
    case FindingColumn::Detail:
        return QStringLiteral("detail");
    case FindingColumn::Id:
        return QStringLiteral("id");
    default:
        return {};
    }
}

} // namespace SseScope
