#pragma once

#include <QList>
#include <QTabWidget>

class QIcon;
class QSplitter;

namespace SseScope::Gui {

class DiagnosisPane;
class EnginesPane;
class EventsPane;
class ExchangesPane;
class RealBrowserPane;
class SessionCoordinator;
class Settings;
class TimelinePane;

// The session's tabs under the verdict banner: events, exchanges, diagnosis, timeline, the real
// browser's report and the engines side by side. It fills them from the SessionCoordinator's
// signals; what needs the rest of the window (the banner, the scenario, the status bar) stays
// with MainWindow.
class SessionTabs final : public QTabWidget
{
    Q_OBJECT

public:
    // In the order of the tabs (View menu: Ctrl+1 …).
    enum class Tab
    {
        Events,
        Exchanges,
        Diagnosis,
        Timeline,
        RealBrowser,
        Engines,
    };

    SessionTabs(SessionCoordinator *coordinator, Settings &settings, const QIcon &openPageIcon, QWidget *parent);

    static QStringList titles(); // in the order of Tab

    void show(Tab tab);
    Tab current() const;

    EventsPane *events() const { return m_events; }
    DiagnosisPane *diagnosis() const { return m_diagnosis; }
    RealBrowserPane *realBrowser() const { return m_realBrowser; }
    EnginesPane *engines() const { return m_engines; }
    QList<QSplitter *> splitters() const; // their sizes are saved with the window

    void clearEvents(); // the events and their arrivals; the exchanges and the diagnosis stay
    void updateTimeline();

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);

private:
    void connectCoordinator();

    SessionCoordinator *m_coordinator;
    EventsPane *m_events;
    ExchangesPane *m_exchanges;
    DiagnosisPane *m_diagnosis;
    TimelinePane *m_timeline;
    RealBrowserPane *m_realBrowser;
    EnginesPane *m_engines;
};

} // namespace SseScope::Gui
