#include "sessiontabs.h"

#include "panes/diagnosispane.h"
#include "panes/enginespane.h"
#include "panes/eventspane.h"
#include "panes/exchangespane.h"
#include "panes/realbrowserpane.h"
#include "panes/timelinepane.h"
#include "presentationmodels.h"
#include "sessioncoordinator.h"

#include <client/browserclientcontroller.h>
#include <models/eventsmodel.h>
#include <session/sessiontimeline.h>

#include <QDateTime>

namespace SseScope::Gui {

SessionTabs::SessionTabs(SessionCoordinator *coordinator, Settings &settings, const QIcon &openPageIcon, QWidget *parent)
    : QTabWidget(parent)
    , m_coordinator(coordinator)
    , m_events(new EventsPane(settings, coordinator->events(), this))
    , m_exchanges(new ExchangesPane(
          coordinator->exchanges(), coordinator->cookies(),
          [coordinator]() -> const Session & { return coordinator->shownSession(); }, this))
    , m_diagnosis(new DiagnosisPane(coordinator->findings(), this))
    , m_timeline(new TimelinePane(this))
    , m_realBrowser(new RealBrowserPane(openPageIcon, this))
    , m_engines(new EnginesPane(this))
{
    setObjectName(QStringLiteral("sessionTabs"));
    setDocumentMode(true);
    const QList<QWidget *> panes{m_events, m_exchanges, m_diagnosis, m_timeline, m_realBrowser, m_engines};
    for (int tab = 0; tab < panes.size(); ++tab) {
        addTab(panes.at(tab), titles().at(tab)); // in the order of Tab
    }
    connectCoordinator();
}

QStringList SessionTabs::titles()
{
    return {tr("&Events"), tr("E&xchanges"), tr("&Diagnosis"), tr("&Timeline"), tr("&Real browser"), tr("E&ngines")};
}

void SessionTabs::show(Tab tab)
{
    setCurrentIndex(int(tab));
}

SessionTabs::Tab SessionTabs::current() const
{
    return Tab(currentIndex());
}

QList<QSplitter *> SessionTabs::splitters() const
{
    return {m_events->splitter(), m_exchanges->splitter(), m_diagnosis->splitter()};
}

void SessionTabs::connectCoordinator()
{
    SessionCoordinator *c = m_coordinator;
    connect(c, &SessionCoordinator::sessionCleared, this, [this] {
        m_timeline->clear();
        m_events->clear();
        m_exchanges->clear();
        m_diagnosis->clear();
    });
    connect(c, &SessionCoordinator::arrivalsAdded, m_timeline, &TimelinePane::addArrivals);
    connect(c, &SessionCoordinator::chunksAdded, this,
            [this](qsizetype count) { m_events->appendChunks(m_coordinator->shownSession(), count); });
    connect(c, &SessionCoordinator::sessionShown, m_events, &EventsPane::flushRaw);
    connect(c, &SessionCoordinator::exchangeRecorded, m_exchanges, &ExchangesPane::selectNewestIfNone);
    connect(c, &SessionCoordinator::outcomeChanged, this, [this] {
        const Session &session = m_coordinator->shownSession();
        m_diagnosis->setConsole(session.verdict().console);
        m_diagnosis->setSnippetContext(snippetContextOf(session));
    });
    // The timeline's marks: when a request goes out or the state changes, and once a second (not
    // per delivery: a fast stream publishes hundreds of verdicts a second).
    connect(c, &SessionCoordinator::exchangeRecorded, this, &SessionTabs::updateTimeline);
    connect(c, &SessionCoordinator::stateChangesAdded, this, &SessionTabs::updateTimeline);
    connect(c, &SessionCoordinator::sessionShown, this, &SessionTabs::updateTimeline);
    connect(c, &SessionCoordinator::ticked, this, &SessionTabs::updateTimeline);
    connect(c, &SessionCoordinator::reportReceived, this, [this](const RealBrowserReport &report) {
        m_realBrowser->showReport(report);
        show(Tab::RealBrowser);
    });
    connect(c, &SessionCoordinator::reportRefused, this, [this](const QString &reason) {
        m_realBrowser->showRefusedReport(reason);
        show(Tab::RealBrowser);
    });
    connect(m_diagnosis, &DiagnosisPane::copied, this,
            [this] { Q_EMIT statusMessage(tr("Copied to the clipboard."), 3000); });
}

void SessionTabs::clearEvents()
{
    m_coordinator->events()->clear();
    m_timeline->clear();
    m_events->clear();
}

void SessionTabs::updateTimeline()
{
    const Session &session = m_coordinator->shownSession();
    qint64 nowMs = -1;
    const QDateTime startedAt = session.info().startedAt;
    if (!m_coordinator->isShowingImport() && m_coordinator->client()->isRunning() && startedAt.isValid()) {
        // Session time runs on while nothing arrives: the timeline's right edge follows it.
        nowMs = startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    }
    m_timeline->showTimeline(sessionTimeline(session, nowMs));
}

} // namespace SseScope::Gui
