#pragma once

#include "modelroles.h"

#include <session/session.h>

#include <QAbstractTableModel>
#include <QList>

namespace SseScope {

// The findings of a session, in the order they were raised, with their catalogue entry
// (explanation, fix, snippets) through roles. Findings only ever grow within a session, so
// setFindings() appends what is new with one beginInsertRows, and resets only when the list
// was replaced (a new session).
class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(const QList<RecordedFinding> &findings);
    void clear();

    const RecordedFinding &findingAt(int row) const { return m_rows.at(row); }
    // The most severe finding present, or Info when there is none.
    Severity worstSeverity() const;
    int countOf(Severity severity) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<RecordedFinding> m_rows;
};

} // namespace SseScope
