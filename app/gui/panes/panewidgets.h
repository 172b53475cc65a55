#pragma once

#include <QString>

class QPlainTextEdit;
class QTableView;
class QWidget;

namespace SseScope::Gui {

// The panes' common furniture, alike everywhere.
QTableView *makeTable(QWidget *parent, const QString &objectName); // rows, fixed height, one selection
QPlainTextEdit *makeTextView(QWidget *parent, const QString &objectName); // read-only, fixed font
QString htmlEscaped(const QString &text); // and line breaks as <br>

} // namespace SseScope::Gui
