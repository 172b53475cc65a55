#pragma once

#include <QString>

// Finding titles, explanations and fixes are written in a small inline subset of Markdown: code
// spans (`Access-Control-Allow-Origin: *`), **strong** and *emphasis*, and line breaks. The window
// shows them inside sentences of its own (a banner line, a table cell, a tooltip), where
// QTextDocument::setMarkdown() does not fit: it renders whole documents with their own paragraph
// blocks and would need to be taught not to touch the browser's console text beside them. These two
// functions render that subset inline, following CommonMark's code-span rules (a span closes at a
// backtick run of the same length, one space on each side is stripped, everything inside is literal).
namespace SseScope::Gui {

QString inlineMarkdownToHtml(const QString &markdown);  // escaped HTML, <code>/<b>/<i>, <br>
QString inlineMarkdownToPlain(const QString &markdown); // the same text without the markup

} // namespace SseScope::Gui
