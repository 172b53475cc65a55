#pragma once

#include "panes/interceptpane.h"

#include <intercept/interceptcontroller.h>
#include <session/session.h>

#include <QDialog>
#include <QTimer>

class QTabWidget;

namespace SseScope {
class CookiesModel;
class EventsModel;
class ExchangesModel;
class FindingsModel;
} // namespace SseScope

namespace SseScope::Gui {

class BannerPane;
class DiagnosisPane;
class EventsPane;
class ExchangesPane;
class Settings;

// Session → Intercept a Browser…: a window beside the main one that runs intercept mode (the
// same proxy, CA, launcher and rewrite rules as `ssescope intercept`, behind InterceptController
// on its own thread). At the left the controls and every exchange that passed through; at the
// right the selected event stream as a session, with the verdict banner and the same Events,
// Exchanges and Diagnosis panes as a `check` session. The stream's diagnosis is the recording's
// (lib/intercept → lib/session → lib/browser), asked for again while the stream grows; this
// class only shows it. Other requests are listed with their heads, not diagnosed.
//
// Closing the window stops the proxy and the browser it launched.
class InterceptDialog final : public QDialog
{
    Q_OBJECT

public:
    InterceptDialog(Settings &settings, QWidget *parent = nullptr);
    ~InterceptDialog() override;

    // The window's one intercept dialog, made on first use, shown and raised.
    static InterceptDialog *showFor(QWidget *window, Settings &settings);

    // For tests and scripting the dialog.
    void setChoice(const InterceptPane::Choice &choice) { m_pane->setChoice(choice); }
    void setCaDirectory(const QString &directory) { m_caDirectory = directory; } // default: the user's
    void setUpstreamCaCertificates(const QList<QSslCertificate> &certificates) { m_upstreamCas = certificates; }
    void setHeadless(bool headless) { m_headless = headless; }
    bool startIntercept(); // with the pane's choice; false and lastError() when it cannot
    void stopIntercept();
    bool exportHar(const QString &path, bool keepSecrets);
    QString lastError() const { return m_lastError; }

    InterceptController *controller() const { return m_controller; }
    InterceptPane *pane() const { return m_pane; }
    void selectExchange(quint64 id) { m_pane->select(id); }
    quint64 shownId() const { return m_shownId; }
    const Session &shownSession() const { return m_session; }
    QString verdictText() const;
    const FindingsModel *findingsModel() const { return m_findings; }
    const EventsModel *eventsModel() const { return m_events; }

Q_SIGNALS:
    void streamShown(quint64 id); // the selected stream's session was (re)filled

private:
    void onStarted(quint64 id);
    void onFinished(quint64 id);
    void updateRow(quint64 id);
    void showExchange(quint64 id);
    void refreshShown();
    void clearShown();
    void exportDialog();

    Settings &m_settings;
    InterceptController *m_controller = nullptr;
    InterceptPane *m_pane = nullptr;
    BannerPane *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    EventsPane *m_eventsPane = nullptr;
    ExchangesPane *m_exchangesPane = nullptr;
    DiagnosisPane *m_diagnosisPane = nullptr;
    EventsModel *m_events = nullptr;
    ExchangesModel *m_exchanges = nullptr;
    FindingsModel *m_findings = nullptr;
    CookiesModel *m_cookies = nullptr;

    QString m_caDirectory;
    QList<QSslCertificate> m_upstreamCas;
    bool m_headless = false;
    QString m_lastError;
    quint64 m_shownId = 0;
    Session m_session; // the shown stream's, as diagnosed
    qsizetype m_eventsShown = 0;
    qsizetype m_chunksShown = 0;
    QTimer m_refreshTimer; // an open stream's session is asked for again at most this often
};

} // namespace SseScope::Gui
