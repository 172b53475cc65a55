#include "bannerpane.h"

#include "../markdowntext.h"
#include "../presentationmodels.h"
#include "panewidgets.h"

#include <browser/profile.h>
#include <browser/verdict.h>

#include <QLabel>
#include <QVBoxLayout>

#include <climits>

namespace SseScope::Gui {

namespace {
int countOf(const QList<RecordedFinding> &findings, Severity severity)
{
    return int(std::count_if(findings.cbegin(), findings.cend(),
                             [severity](const RecordedFinding &recorded) { return recorded.finding.severity == severity; }));
}
} // namespace

BannerPane::BannerPane(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("verdictBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("verdictLabel"));
    QFont font = m_headline->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_headline->setFont(font);
    m_engines = new QLabel(this);
    m_engines->setObjectName(QStringLiteral("enginesLine"));
    m_engines->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_engines->hide();
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("verdictDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText); // the fix's code spans (markdowntext.h)
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_headline);
    layout->addWidget(m_engines);
    layout->addWidget(m_detail);
}

BannerPane::Headline BannerPane::headline(const EngineOutcome &outcome)
{
    if (!outcome.running && !outcome.recorded) {
        return {tr("Not connected"), Tone::Neutral};
    }
    // The text is the outcome's own (lib/browser/verdict.h), the same words `ssescope check`
    // prints; the banner adds only its colour.
    HeadlineContext context;
    context.browser = outcome.browser;
    context.observing = outcome.running;
    context.errors = countOf(outcome.findings, Severity::Error);
    context.warnings = countOf(outcome.findings, Severity::Warning);
    const QString text = outcomeHeadline(outcome.verdict, context);
    switch (outcomeOf(outcome.verdict)) {
    case Outcome::Opens:
        return {text, context.errors + context.warnings > 0 ? Tone::Warning : Tone::Good};
    case Outcome::Reconnecting:
        return {text, Tone::Warning};
    case Outcome::Ended:
        return {text, Tone::Neutral};
    case Outcome::Blocked:
    case Outcome::Failed:
        return {text, Tone::Bad};
    case Outcome::Pending:
        break;
    }
    return {text, context.errors > 0 ? Tone::Bad : Tone::Neutral};
}

QList<BannerPane::DetailLine> BannerPane::detail(const EngineOutcome &outcome)
{
    if (!outcome.running && !outcome.recorded) {
        return {{tr("Pick a preset or enter a URL, then Connect (F5)."), false}};
    }
    const Verdict &verdict = outcome.verdict;
    const int errors = countOf(outcome.findings, Severity::Error);
    const int warnings = countOf(outcome.findings, Severity::Warning);
    QList<DetailLine> parts;
    if (!verdict.console.isEmpty()) {
        // The first line is the browser's reason; later ones repeat the failed request.
        parts.append({verdict.console.constFirst(), false});
    }
    // The most severe finding in one line: its fix for an error, its title for a warning.
    for (const RecordedFinding &recorded : outcome.findings) {
        const Finding &finding = recorded.finding;
        if (finding.severity == Severity::Error) {
            parts.append({tr("Fix: %1").arg(translatedFindingText(finding.fix)), true});
            break;
        }
        if (finding.severity == Severity::Warning && errors == 0) {
            parts.append({tr("Warning: %1").arg(translatedFindingText(finding.title)), true});
            break;
        }
    }
    parts.append({tr("%n event(s) · %1 error(s) · %2 warning(s) · readyState %3", nullptr,
                     int(std::min<quint64>(verdict.events, INT_MAX)))
                      .arg(errors)
                      .arg(warnings)
                      .arg(readyStateName(verdict.readyState)),
                  false});
    return parts;
}

void BannerPane::showOutcomes(const QList<EngineOutcome> &outcomes)
{
    if (outcomes.isEmpty()) {
        m_headline->clear();
        m_detail->clear();
        m_detailPlain.clear();
        applyTone(Tone::Neutral);
        return;
    }
    // One engine today: the chosen profile's (issue 15 adds a line per engine).
    const EngineOutcome &outcome = outcomes.constFirst();
    const Headline head = headline(outcome);
    m_headline->setText(head.text);
    QStringList html;
    QStringList plain;
    for (const DetailLine &line : detail(outcome)) {
        html.append(line.markdown ? inlineMarkdownToHtml(line.text) : htmlEscaped(line.text));
        plain.append(line.markdown ? inlineMarkdownToPlain(line.text) : line.text);
    }
    m_detail->setText(html.join(QStringLiteral("<br>")));
    m_detailPlain = plain.join(u'\n');
    applyTone(head.tone);
}

void BannerPane::showEngines(const QList<EngineResult> &engines)
{
    if (engines.isEmpty()) {
        m_engines->clear();
        m_engines->setToolTip(QString());
        m_engines->hide();
        return;
    }
    m_engines->setText(enginesHeadline(engines));
    const QStringList differences = engineDifferences(engines);
    m_engines->setToolTip(differences.isEmpty() ? tr("The engines agree so far.") : differences.join(u'\n'));
    m_engines->show();
}

QString BannerPane::enginesText() const
{
    return m_engines->isHidden() ? QString() : m_engines->text();
}

QString BannerPane::headlineText() const
{
    return m_headline->text();
}

QString BannerPane::detailText() const
{
    return m_detailPlain;
}

void BannerPane::applyTone(Tone tone)
{
    m_tone = tone;
    const ToneColors colors = toneColors(tone == Tone::Bad       ? int(Severity::Error)
                                         : tone == Tone::Warning ? int(Severity::Warning)
                                         : tone == Tone::Good    ? int(Severity::Info)
                                                                 : -1,
                                         palette());
    setStyleSheet(QStringLiteral("#verdictBanner { background: %1; border: 1px solid %2; border-left: 6px solid %2; "
                                 "border-radius: 3px; }")
                      .arg(colors.background, colors.border));
}

} // namespace SseScope::Gui
