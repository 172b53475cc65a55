#include "exchangespane.h"

#include "../presentationmodels.h"
#include "panewidgets.h"

#include <models/cookiesmodel.h>
#include <models/exchangesmodel.h>
#include <models/modelroles.h>
#include <session/copyas.h>
#include <session/session.h>

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace SseScope::Gui {

ExchangesPane::ExchangesPane(ExchangesModel *exchanges, CookiesModel *cookies, SessionSource shownSession,
                             QWidget *parent)
    : QWidget(parent)
    , m_exchanges(exchanges)
    , m_shownSession(std::move(shownSession))
    , m_cookieFilter(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("exchangesPane"));
    m_cookieFilter->setSourceModel(cookies);
    m_cookieFilter->setFilterRole(CookieExchangeIdRole);
    m_cookieFilter->setFilterKeyColumn(CookieColumn::Exchange);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *copyRow = new QHBoxLayout;
    copyRow->setContentsMargins(4, 2, 4, 0);
    auto *copyCurl = new QAction(tr("Copy as &curl"), this);
    copyCurl->setObjectName(QStringLiteral("copyAsCurlAction"));
    copyCurl->setToolTip(tr("Copy the selected request as a curl command, with every header the browser sent"));
    auto *copyScript = new QAction(tr("Copy as &JavaScript"), this);
    copyScript->setObjectName(QStringLiteral("copyAsJavaScriptAction"));
    copyScript->setToolTip(tr("Copy the page's code that makes this request (new EventSource / fetch)"));
    connect(copyCurl, &QAction::triggered, this, [this] { copySelected(false); });
    connect(copyScript, &QAction::triggered, this, [this] { copySelected(true); });
    for (QAction *action : {copyCurl, copyScript}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        copyRow->addWidget(button);
        action->setEnabled(false);
    }
    copyRow->addStretch(1);
    layout->addLayout(copyRow);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("exchangesSplitter"));
    layout->addWidget(m_splitter);
    m_view = makeTable(m_splitter, QStringLiteral("exchangesView"));
    auto *presentation = new ExchangesPresentationModel(this);
    presentation->setSourceModel(m_exchanges);
    m_view->setModel(presentation);
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSection(ExchangeColumn::Number, 40);
    header->resizeSection(ExchangeColumn::Kind, 80);
    header->resizeSection(ExchangeColumn::Method, 70);
    header->resizeSection(ExchangeColumn::Url, 280);
    header->resizeSection(ExchangeColumn::Status, 70);

    auto *lower = new QSplitter(Qt::Horizontal, m_splitter);
    m_detail = new QTreeWidget(lower);
    m_detail->setObjectName(QStringLiteral("exchangeDetail"));
    m_detail->setHeaderLabels({tr("Header"), tr("Value")});
    m_detail->setColumnWidth(0, 240);
    m_detail->setUniformRowHeights(true);
    m_detail->setWordWrap(false);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *cookieBox = new QGroupBox(tr("Cookies: each one's fate"), lower);
    auto *cookieLayout = new QVBoxLayout(cookieBox);
    cookieLayout->setContentsMargins(2, 2, 2, 2);
    m_cookiesView = makeTable(cookieBox, QStringLiteral("cookiesView"));
    auto *cookiePresentation = new CookiesPresentationModel(this);
    cookiePresentation->setSourceModel(m_cookieFilter);
    m_cookiesView->setModel(cookiePresentation);
    m_cookiesView->horizontalHeader()->resizeSection(CookieColumn::Exchange, 60);
    cookieLayout->addWidget(m_cookiesView);
    lower->addWidget(m_detail);
    lower->addWidget(cookieBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(lower);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 2);

    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({copyCurl, copyScript});
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, copyCurl, copyScript](const QModelIndex &current) {
                copyCurl->setEnabled(current.isValid());
                copyScript->setEnabled(current.isValid());
                showExchange(current);
            });
    connect(m_exchanges, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        if (m_view->currentIndex().row() == topLeft.row()) {
            showExchange(m_view->currentIndex());
        }
    });
}

void ExchangesPane::clear()
{
    m_detail->clear();
}

void ExchangesPane::selectNewestIfNone()
{
    if (!m_view->currentIndex().isValid() && m_exchanges->rowCount() > 0) {
        m_view->setCurrentIndex(m_view->model()->index(m_exchanges->rowCount() - 1, 0));
    }
}

void ExchangesPane::copySelected(bool asJavaScript)
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid()) {
        return;
    }
    const auto exchange = index.data(ExchangeValueRole).value<SessionExchange>();
    QGuiApplication::clipboard()->setText(asJavaScript ? CopyAs::pageJavaScript(m_shownSession(), exchange)
                                                       : CopyAs::curlCommand(exchange));
}

void ExchangesPane::showExchange(const QModelIndex &index)
{
    m_detail->clear();
    if (!index.isValid()) {
        m_cookieFilter->setFilterFixedString(QString());
        return;
    }
    const auto exchange = index.data(ExchangeValueRole).value<SessionExchange>();
    m_cookieFilter->setFilterRegularExpression(QRegularExpression(QStringLiteral("^%1$").arg(exchange.id)));

    const auto section = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(m_detail, {title});
        item->setFirstColumnSpanned(true);
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setExpanded(true);
        return item;
    };
    const QBrush secondary(secondaryTextColor(palette()));
    const auto addHeaders = [&secondary](QTreeWidgetItem *parent, const HttpHeaders &headers,
                                         const QList<QByteArray> &marked = {}) {
        for (const HttpHeader &line : headers.lines()) {
            auto *item = new QTreeWidgetItem(parent, {QString::fromLatin1(line.name), QString::fromUtf8(line.value)});
            item->setToolTip(1, QString::fromUtf8(line.value));
            for (const QByteArray &name : marked) {
                if (headerNameEquals(name, line.name)) {
                    item->setForeground(0, secondary);
                    item->setForeground(1, secondary);
                    item->setToolTip(0, ExchangesPane::tr("Added by the transport (Qt), not by the browser"));
                }
            }
        }
    };

    QTreeWidgetItem *request = section(tr("Request: %1 %2").arg(QString::fromLatin1(exchange.request.method),
                                                               exchange.request.url.toDisplayString()));
    addHeaders(request, exchange.request.headers, exchange.transportAddedHeaders);
    if (exchange.response) {
        QTreeWidgetItem *response = section(tr("Response: %1 %2 (HTTP/%3)")
                                                .arg(exchange.response->status)
                                                .arg(QString::fromLatin1(exchange.response->reasonPhrase),
                                                     QString::fromLatin1(exchange.httpVersion)));
        addHeaders(response, exchange.response->headers);
    } else {
        section(exchange.isOpen() ? tr("Response: waiting") : tr("Response: none"));
    }
    QTreeWidgetItem *timing = section(tr("Timing and transport"));
    const auto add = [timing](const QString &label, const QString &value) {
        new QTreeWidgetItem(timing, {label, value});
    };
    add(tr("started"), formatMilliseconds(exchange.startedMs));
    add(tr("first byte"), exchange.firstByteMs < 0 ? tr("—") : formatMilliseconds(exchange.firstByteMs));
    add(tr("ended"), exchange.endedMs < 0 ? tr("open") : formatMilliseconds(exchange.endedMs));
    add(tr("body"), tr("%1 in %n chunk(s)", nullptr, int(exchange.chunks)).arg(formatBytes(exchange.bodyBytes)));
    if (exchange.attempt > 0) {
        add(tr("attempt"), QString::number(exchange.attempt));
    }
    if (exchange.bodyDecompressed) {
        add(tr("decoded"), tr("the client decoded the Content-Encoding"));
    }
    if (!exchange.netError.isEmpty()) {
        add(tr("error"), exchange.netError + QStringLiteral(" — ") + exchange.errorDetail);
    }
    if (exchange.closedByClient) {
        add(tr("closed"), tr("by the client"));
    }
}

} // namespace SseScope::Gui
