#include "markdowntext.h"

#include <cctype>

namespace SseScope::Gui {

namespace {

enum class Output { Html, Plain };

// CommonMark 2.4: a backslash escapes ASCII punctuation only (QChar::isPunct() misses ` ^ + < = > | ~ $).
bool isAsciiPunctuation(QChar c)
{
    return c.unicode() < 128 && std::ispunct(c.unicode());
}

int backtickRunAt(const QString &text, qsizetype at)
{
    int length = 0;
    while (at + length < text.size() && text.at(at + length) == u'`') {
        ++length;
    }
    return length;
}

// CommonMark 6.1: the span ends at the next backtick run of exactly the opening run's length.
qsizetype codeSpanEnd(const QString &text, qsizetype contentStart, int runLength)
{
    qsizetype at = contentStart;
    while (at < text.size()) {
        if (text.at(at) != u'`') {
            ++at;
            continue;
        }
        const int length = backtickRunAt(text, at);
        if (length == runLength) {
            return at;
        }
        at += length;
    }
    return -1;
}

QString codeSpanContent(QString content)
{
    content.replace(u'\n', u' ');
    // One leading and one trailing space are stripped when both are there and the span is not all
    // spaces: this lets a span start or end with a backtick (`` `x` ``).
    if (content.size() >= 2 && content.startsWith(u' ') && content.endsWith(u' ')
        && !content.trimmed().isEmpty()) {
        content = content.mid(1, content.size() - 2);
    }
    return content;
}

void appendText(QString &out, QStringView text, Output output)
{
    if (output == Output::Plain) {
        out += text;
        return;
    }
    out += text.toString().toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
}

// A delimiter run opens emphasis when followed by a non-space and closes it when preceded by one
// (CommonMark's flanking rule, simplified: the texts never nest emphasis or use underscores).
qsizetype emphasisEnd(const QString &text, qsizetype contentStart, QStringView delimiter)
{
    if (contentStart >= text.size() || text.at(contentStart).isSpace()) {
        return -1;
    }
    qsizetype at = text.indexOf(delimiter, contentStart);
    while (at > contentStart) {
        if (!text.at(at - 1).isSpace()) {
            return at;
        }
        at = text.indexOf(delimiter, at + delimiter.size());
    }
    return -1;
}

QString render(const QString &markdown, Output output)
{
    QString out;
    out.reserve(markdown.size() + markdown.size() / 4);
    qsizetype at = 0;
    qsizetype textStart = 0;
    const auto flushText = [&](qsizetype end) {
        appendText(out, QStringView(markdown).mid(textStart, end - textStart), output);
    };
    while (at < markdown.size()) {
        const QChar c = markdown.at(at);
        if (c == u'\\' && at + 1 < markdown.size() && isAsciiPunctuation(markdown.at(at + 1))) {
            flushText(at);
            appendText(out, QStringView(markdown).mid(at + 1, 1), output);
            at += 2;
            textStart = at;
            continue;
        }
        if (c == u'`') {
            const int run = backtickRunAt(markdown, at);
            const qsizetype end = codeSpanEnd(markdown, at + run, run);
            if (end < 0) {
                at += run; // an unmatched run is literal text
                continue;
            }
            flushText(at);
            const QString content = codeSpanContent(markdown.mid(at + run, end - at - run));
            if (output == Output::Html) {
                out += QLatin1String("<code>");
                appendText(out, content, output);
                out += QLatin1String("</code>");
            } else {
                out += content;
            }
            at = end + run;
            textStart = at;
            continue;
        }
        if (c == u'*') {
            const bool strong = at + 1 < markdown.size() && markdown.at(at + 1) == u'*';
            const QStringView delimiter = strong ? QStringView(u"**") : QStringView(u"*");
            const qsizetype end = emphasisEnd(markdown, at + delimiter.size(), delimiter);
            if (end < 0) {
                at += delimiter.size();
                continue;
            }
            flushText(at);
            const QString inner = render(markdown.mid(at + delimiter.size(), end - at - delimiter.size()), output);
            if (output == Output::Html) {
                out += strong ? QLatin1String("<b>") : QLatin1String("<i>");
                out += inner;
                out += strong ? QLatin1String("</b>") : QLatin1String("</i>");
            } else {
                out += inner;
            }
            at = end + delimiter.size();
            textStart = at;
            continue;
        }
        ++at;
    }
    flushText(at);
    return out;
}

} // namespace

QString inlineMarkdownToHtml(const QString &markdown)
{
    return render(markdown, Output::Html);
}

QString inlineMarkdownToPlain(const QString &markdown)
{
    return render(markdown, Output::Plain);
}

} // namespace SseScope::Gui
