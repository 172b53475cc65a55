#pragma once

#include <browser/enginecomparison.h>
#include <session/session.h>

#include <QFrame>
#include <QList>

class QLabel;

namespace SseScope::Gui {

// What one engine does with the shown session: the input of the verdict banner. The banner takes
// a list so that it can show one line per engine (Chromium, Firefox, Safari); today the window
// passes one, the chosen profile's.
struct EngineOutcome
{
    QString browser; // display name: "Chromium"
    Verdict verdict;
    QList<RecordedFinding> findings; // the session's, in order
    bool running = false; // the client is still watching the stream
    bool recorded = false; // the session has at least one exchange (live or imported)
};

// The verdict banner above every pane: a headline in the tone of the outcome (green opens, amber
// warnings or reconnecting, red blocks), then the console's first line, the fix of the most
// severe finding and the counters.
class BannerPane final : public QFrame
{
    Q_OBJECT

public:
    enum class Tone
    {
        Neutral,
        Good,
        Warning,
        Bad,
    };
    struct Headline
    {
        QString text;
        Tone tone = Tone::Neutral;
    };

    explicit BannerPane(QWidget *parent = nullptr);

    // The headline is the outcome's own text (browser/verdict.h, the words `ssescope check`
    // prints); the banner chooses only its tone.
    static Headline headline(const EngineOutcome &outcome);

    void showOutcomes(const QList<EngineOutcome> &outcomes);
    // One verdict per engine under the headline ("Chromium blocks · Firefox opens · Safari
    // opens"), the differences in its tooltip; hidden when `engines` is empty.
    void showEngines(const QList<EngineResult> &engines);
    QString headlineText() const;
    QString enginesText() const; // empty while hidden
    QString detailText() const; // as shown, without the markup
    Tone tone() const { return m_tone; }

private:
    // A line of the detail: the console's text is shown as it is; finding texts are Markdown.
    struct DetailLine
    {
        QString text;
        bool markdown = false;
    };
    static QList<DetailLine> detail(const EngineOutcome &outcome);
    void applyTone(Tone tone);

    QLabel *m_headline = nullptr;
    QLabel *m_engines = nullptr;
    QLabel *m_detail = nullptr;
    QString m_detailPlain;
    Tone m_tone = Tone::Neutral;
};

} // namespace SseScope::Gui
