#include "realbrowserpane.h"

#include "../presentationmodels.h"
#include "panewidgets.h"

#include <browser/findings.h>
#include <browser/profile.h>
#include <browser/verdict.h>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace SseScope::Gui {

bool InstalledBrowser::launch(const QUrl &url) const
{
    const QString profileDir = QDir::tempPath() + QStringLiteral("/ssescope-realbrowser-") + engine + QLatin1Char('-')
        + QString::number(QDateTime::currentMSecsSinceEpoch());
    QDir().mkpath(profileDir);
    return QProcess::startDetached(program, launchArguments(url, profileDir));
}

QStringList InstalledBrowser::launchArguments(const QUrl &url, const QString &profileDir) const
{
    QStringList args = arguments;
    if (engine == QLatin1String("chromium")) {
        args << QStringLiteral("--user-data-dir=") + profileDir << QStringLiteral("--no-first-run")
             << QStringLiteral("--no-default-browser-check") << QStringLiteral("--new-window");
    } else if (engine == QLatin1String("firefox")) {
        args << QStringLiteral("--new-instance") << QStringLiteral("--profile") << profileDir;
    } else if (program.endsWith(QLatin1String("epiphany")) || program.endsWith(QLatin1String("epiphany-browser"))) {
        args << QStringLiteral("--private-instance") << QStringLiteral("--profile=") + profileDir;
    }
    // MiniBrowser keeps no profile worth isolating: its data lives in memory per process.
    return args << url.toString(QUrl::FullyEncoded);
}

QList<InstalledBrowser> detectInstalledBrowsers(const QStringList &roots)
{
    struct Candidate
    {
        const char *engine;
        const char *displayName;
        const char *path;
    };
    // One per engine, the first found; Debian's paths first.
    static const Candidate candidates[] = {
        {"chromium", "Chromium", "/usr/bin/chromium"},
        {"chromium", "Chromium", "/usr/bin/chromium-browser"},
        {"chromium", "Google Chrome", "/usr/bin/google-chrome"},
        {"firefox", "Firefox ESR", "/usr/bin/firefox-esr"},
        {"firefox", "Firefox", "/usr/bin/firefox"},
        {"safari", "Epiphany (WebKit)", "/usr/bin/epiphany-browser"},
        {"safari", "Epiphany (WebKit)", "/usr/bin/epiphany"},
        {"safari", "WebKit (MiniBrowser)", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"},
        {"safari", "WebKit (MiniBrowser)", "/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser"},
        {"safari", "WebKit (MiniBrowser)", "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser"},
    };
    const QStringList bases = roots.isEmpty() ? QStringList {QString()} : roots;
    QList<InstalledBrowser> found;
    QStringList engines;
    for (const Candidate &c : candidates) {
        const QString engine = QLatin1String(c.engine);
        if (engines.contains(engine)) {
            continue;
        }
        for (const QString &base : bases) {
            const QString path = base + QLatin1String(c.path);
            if (QFileInfo(path).isExecutable()) {
                found.append({engine, QLatin1String(c.displayName), path, {}});
                engines.append(engine);
                break;
            }
        }
    }
    return found;
}

namespace {

// What the page reported, as one of the verdict's outcomes (the same words as the predictions).
Outcome reportedOutcome(const RealBrowserReport &report)
{
    if (report.failed) {
        return report.opened ? Outcome::Failed : Outcome::Blocked;
    }
    if (!report.opened) {
        return Outcome::Pending;
    }
    if (report.readyState == QLatin1String("CONNECTING")) {
        return Outcome::Reconnecting;
    }
    if (report.readyState == QLatin1String("CLOSED")) {
        return Outcome::Ended;
    }
    return Outcome::Opens;
}

// Whether the report agrees with the prediction: the same `open`, the same failure (event
// counts and reconnect timing differ between any two runs) and, for a fetch whose page reads
// response headers, the same value or null from each `response.headers.get(name)` it reported.
bool agrees(const RealBrowserReport &report, const Verdict &prediction)
{
    if (report.opened != prediction.opened || report.failed != prediction.failed) {
        return false;
    }
    for (const ReadHeader &predicted : prediction.readHeaders) {
        const QString name = QString::fromLatin1(predicted.name);
        for (const auto &[reportedName, reportedValue] : report.readHeaders) {
            if (reportedName.compare(name, Qt::CaseInsensitive) != 0) {
                continue;
            }
            const std::optional<QString> expected = predicted.value
                ? std::optional<QString>(QString::fromUtf8(*predicted.value)) : std::nullopt;
            if (reportedValue != expected) {
                return false;
            }
        }
    }
    return true;
}

// What the page's `response.headers.get(name)` calls returned, one line each.
QString readHeadersText(const RealBrowserReport &report)
{
    QStringList lines;
    for (const auto &[name, value] : report.readHeaders) {
        lines.append(QStringLiteral("%1: %2").arg(name, value ? *value : QStringLiteral("null")));
    }
    return lines.join(u'\n');
}

} // namespace

RealBrowserPane::RealBrowserPane(const QIcon &openIcon, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("realBrowserPane"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Open the built-in test page in real browsers: each connects to the mock server "
                                "exactly as the scenario's client side says and reports what it did. Each report "
                                "appears beside the prediction for its engine."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    // Two buttons a row: four installed browsers in one row made this pane (and so the session
    // tabs) 670 px wide at least, and the Help dock beside them a sliver.
    m_buttons = new QGridLayout;
    m_openDefault = new QPushButton(openIcon, tr("Open in my default browser"), this);
    m_openDefault->setObjectName(QStringLiteral("openPageButton"));
    connect(m_openDefault, &QPushButton::clicked, this, &RealBrowserPane::openRequested);
    m_buttons->setColumnStretch(kButtonColumns, 1);
    layout->addLayout(m_buttons);
    placeButtons();

    m_agreementLabel = new QLabel(this);
    m_agreementLabel->setObjectName(QStringLiteral("agreementLabel"));
    m_agreementLabel->setWordWrap(true);
    QFont bold = m_agreementLabel->font();
    bold.setBold(true);
    m_agreementLabel->setFont(bold);
    layout->addWidget(m_agreementLabel);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(0, 4, split);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Engine"), tr("Prediction"), tr("Real browser"), tr("Agreement")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    auto *reportBox = new QGroupBox(tr("Reports"), split);
    auto *reportLayout = new QVBoxLayout(reportBox);
    m_reportView = new QTextBrowser(reportBox);
    m_reportView->setObjectName(QStringLiteral("reportView"));
    m_reportView->setPlaceholderText(tr("No report yet: open the test page."));
    reportLayout->addWidget(m_reportView);
    split->addWidget(m_table);
    split->addWidget(reportBox);
    layout->addWidget(split, 1);
}

void RealBrowserPane::setInstalledBrowsers(const QList<InstalledBrowser> &browsers)
{
    qDeleteAll(m_browserButtons);
    m_browserButtons.clear();
    for (const InstalledBrowser &browser : browsers) {
        auto *button = new QPushButton(tr("Open in %1").arg(browser.displayName), this);
        button->setObjectName(QStringLiteral("openIn_") + browser.engine);
        button->setToolTip(browser.program);
        connect(button, &QPushButton::clicked, this, [this, browser] { emit openInBrowserRequested(browser); });
        m_browserButtons.append(button);
    }
    placeButtons();
}

void RealBrowserPane::placeButtons()
{
    // The default browser first, then one per installed browser, row by row.
    QList<QWidget *> buttons{m_openDefault};
    buttons.append(m_browserButtons);
    for (int i = 0; i < buttons.size(); ++i) {
        m_buttons->addWidget(buttons.at(i), i / kButtonColumns, i % kButtonColumns);
    }
}

void RealBrowserPane::showPredictions(const QList<EngineResult> &engines)
{
    m_predictions = engines;
    refresh();
}

void RealBrowserPane::showReport(const RealBrowserReport &report)
{
    m_reports.insert(report.engine(), report);
    refresh();
}

void RealBrowserPane::showRefusedReport(const QString &reason)
{
    m_reportView->setPlainText(tr("The test page's report could not be read: %1").arg(reason));
}

void RealBrowserPane::clearReports()
{
    m_reports.clear();
    refresh();
}

QStringList RealBrowserPane::comparisonTexts() const
{
    return m_texts;
}

void RealBrowserPane::refresh()
{
    m_texts.clear();
    m_table->setRowCount(0);
    int compared = 0;
    int agreeing = 0;
    auto addRow = [this](const QStringList &cells, const QColor &colour) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            if (column == 3 && colour.isValid()) {
                item->setForeground(colour);
            }
            m_table->setItem(row, column, item);
        }
    };
    QStringList shownEngines;
    for (const EngineResult &engine : std::as_const(m_predictions)) {
        shownEngines.append(engine.browser);
        const QString predicted = engineOutcomeVerb(outcomeOf(engine.verdict));
        const auto report = m_reports.constFind(engine.browser);
        if (report == m_reports.cend()) {
            addRow({engine.displayName, predicted, tr("no report yet"), QString()}, QColor());
            m_texts.append(tr("%1: predicted %2 · no report yet").arg(engine.displayName, predicted));
            continue;
        }
        const QString reported = engineOutcomeVerb(reportedOutcome(*report));
        const bool same = agrees(*report, engine.verdict);
        ++compared;
        agreeing += same ? 1 : 0;
        const QString verdictText = same ? tr("agrees") : tr("differs");
        addRow({engine.displayName, predicted, reported, verdictText},
            severityColor(int(same ? Severity::Info : Severity::Warning)));
        m_texts.append(tr("%1: predicted %2 · reported %3 · %4").arg(engine.displayName, predicted, reported, verdictText));
    }
    // Reports from engines without a prediction (comparison off, or a browser we cannot name).
    for (auto it = m_reports.cbegin(); it != m_reports.cend(); ++it) {
        if (shownEngines.contains(it.key())) {
            continue;
        }
        const QString name = it.key().isEmpty() ? tr("Unknown engine") : BrowserProfile::fromName(it.key()).displayName;
        const QString reported = engineOutcomeVerb(reportedOutcome(it.value()));
        addRow({name, tr("no prediction"), reported, QString()}, QColor());
        m_texts.append(tr("%1: no prediction · reported %2").arg(name, reported));
    }

    if (compared == 0) {
        m_agreementLabel->setText(m_reports.isEmpty() ? QString() : tr("No report from an engine with a prediction."));
        m_agreementLabel->setStyleSheet(QString());
    } else {
        m_agreementLabel->setText(agreeing == compared
                ? tr("Agrees with the prediction: %1 of %2 real browsers.").arg(agreeing).arg(compared)
                : tr("Differs from the prediction: %1 of %2 real browsers.").arg(compared - agreeing).arg(compared));
        m_agreementLabel->setStyleSheet(QStringLiteral("color: %1;").arg(
            severityColor(int(agreeing == compared ? Severity::Info : Severity::Warning)).name()));
    }
    m_table->resizeColumnsToContents();

    // Every report in full, one block per engine.
    QString html;
    for (auto it = m_reports.cbegin(); it != m_reports.cend(); ++it) {
        const RealBrowserReport &report = it.value();
        QStringList messages;
        for (const RealBrowserReport::Message &message : report.messages) {
            messages.append(message.lastEventId.isEmpty()
                    ? tr("%1: %2").arg(message.type, message.data)
                    : tr("%1 #%2: %3").arg(message.type, message.lastEventId, message.data));
        }
        html += QStringLiteral("<h4>%1</h4><table cellspacing=4>").arg(report.userAgent.toHtmlEscaped());
        QList<QPair<QString, QString>> rows = {{tr("Scenario"), report.scenario},
            {tr("Opened"), report.opened ? tr("yes") : tr("no")}, {tr("Failed"), report.failed ? tr("yes") : tr("no")},
            {tr("Events"), QString::number(report.events)}, {tr("readyState"), report.readyState},
            {tr("Messages"), messages.join(u'\n')}};
        if (!report.method.isEmpty()) {
            rows.append({tr("Method"), report.method});
        }
        if (!report.readHeaders.isEmpty()) {
            rows.append({tr("Headers read"), readHeadersText(report)});
        }
        for (const auto &row : rows) {
            html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(row.first.toHtmlEscaped(), htmlEscaped(row.second));
        }
        html += QStringLiteral("</table><pre>%1</pre>").arg(report.log.join(u'\n').toHtmlEscaped());
    }
    m_reportView->setHtml(html);
}

} // namespace SseScope::Gui
