#pragma once

#include <browser/enginecomparison.h>
#include <server/realbrowserreport.h>

#include <QMap>
#include <QStringList>
#include <QUrl>
#include <QWidget>

class QGridLayout;
class QPushButton;
class QLabel;
class QTableWidget;
class QTextBrowser;

namespace SseScope::Gui {

// A browser installed on this machine that can open the test page in a fresh profile of its own.
struct InstalledBrowser
{
    QString engine; // the profile it is compared with: "chromium", "firefox", "safari" (WebKit)
    QString displayName; // "Chromium", "Firefox ESR", "WebKit (MiniBrowser)"
    QString program;
    QStringList arguments; // before the profile arguments and the URL

    // The command that opens `url` with a fresh profile in `profileDir` (an empty directory).
    QStringList launchArguments(const QUrl &url, const QString &profileDir) const;
    // Starts the browser on `url` with a new profile directory of its own, so no cookie or
    // permission of an earlier run leaks in; false when the program does not start.
    bool launch(const QUrl &url) const;
};

// The browsers found under `roots` (default: the system's): Chromium / Chrome, Firefox ESR /
// Firefox, and a WebKit browser (Epiphany, or WebKitGTK's MiniBrowser) — one per engine, in that
// order.
QList<InstalledBrowser> detectInstalledBrowsers(const QStringList &roots = {});

// Real browsers beside the predictions (issue 15): the test page opens in each installed browser
// (or the desktop's default one), runs the scenario's client side and reports. Each report is
// filed under its engine (told from its User-Agent) and set beside the prediction for that engine —
// the three predictions of the Engines tab — with whether they agree.
class RealBrowserPane final : public QWidget
{
    Q_OBJECT

public:
    explicit RealBrowserPane(const QIcon &openIcon, QWidget *parent = nullptr);

    // One button per installed browser (the default browser's button is always there).
    void setInstalledBrowsers(const QList<InstalledBrowser> &browsers);
    // The predictions: the three engines when the window compares them, else the shown one.
    void showPredictions(const QList<EngineResult> &engines);
    void showReport(const RealBrowserReport &report);
    void showRefusedReport(const QString &reason);
    void clearReports(); // a new page was opened: its reports are awaited

    // Per engine row of the comparison: "Chromium: predicted blocks · reported blocks · agrees".
    QStringList comparisonTexts() const;

Q_SIGNALS:
    void openRequested(); // in the desktop's default browser
    void openInBrowserRequested(const SseScope::Gui::InstalledBrowser &browser);

private:
    void refresh();

    void placeButtons();

    static constexpr int kButtonColumns = 2;
    QGridLayout *m_buttons = nullptr;
    QPushButton *m_openDefault = nullptr;
    QList<QWidget *> m_browserButtons;
    QLabel *m_agreementLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QTextBrowser *m_reportView = nullptr;
    QList<EngineResult> m_predictions;
    QMap<QString, RealBrowserReport> m_reports; // by engine ("" : a browser we cannot name)
    QStringList m_texts;
};

} // namespace SseScope::Gui

Q_DECLARE_METATYPE(SseScope::Gui::InstalledBrowser)
