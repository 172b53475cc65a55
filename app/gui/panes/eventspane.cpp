#include "eventspane.h"

#include "../presentationmodels.h"
#include "../settings.h"
#include "panewidgets.h"

#include <models/eventfilterproxymodel.h>
#include <models/eventsmodel.h>
#include <models/modelroles.h>
#include <session/session.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
// Raw bytes with their line endings visible: CR as ␍, LF as ␊ (then a line break).
QString rawText(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("␍␊\n"));
    text.replace(u'\r', QStringLiteral("␍\n"));
    QString result;
    result.reserve(text.size() + 16);
    for (const QChar c : std::as_const(text)) {
        if (c == u'\n') {
            // "␍\n" and "␍␊\n" already carry their marker; a bare LF gets ␊.
            if (!result.endsWith(u'␍') && !result.endsWith(u'␊')) {
                result += u'␊';
            }
            result += u'\n';
        } else {
            result += c;
        }
    }
    return result;
}
} // namespace

EventsPane::EventsPane(Settings &settings, EventsModel *events, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_events(events)
    , m_filter(new EventFilterProxyModel(this))
{
    setObjectName(QStringLiteral("eventsPane"));
    m_filter->setSourceModel(m_events);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_typeFilter = new QComboBox(this);
    m_typeFilter->setObjectName(QStringLiteral("typeFilter"));
    m_typeFilter->setMinimumContentsLength(12);
    m_typeFilter->addItem(tr("All types"), QString());
    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search data and ids (Ctrl+F)"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setMinimumWidth(m_searchEdit->fontMetrics().horizontalAdvance(u'x') * 16); // never "Se…"
    m_autoScroll = new QCheckBox(tr("Follow &newest"), this);
    m_autoScroll->setChecked(m_settings.autoScroll());
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("eventCountLabel"));
    bar->addWidget(new QLabel(tr("Type:"), this));
    bar->addWidget(m_typeFilter);
    bar->addWidget(m_searchEdit, 1);
    bar->addWidget(m_autoScroll);
    bar->addWidget(m_countLabel);
    layout->addLayout(bar);

    m_view = makeTable(this, QStringLiteral("eventsView"));
    auto *presentation = new EventsPresentationModel(this);
    presentation->setSourceModel(m_filter);
    m_view->setModel(presentation);
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics metrics = m_view->fontMetrics();
    header->resizeSection(EventColumn::Time, metrics.horizontalAdvance(QStringLiteral("00000.000 s")) + 12);
    header->resizeSection(EventColumn::Delta, metrics.horizontalAdvance(QStringLiteral("+00000 ms")) + 12);
    header->resizeSection(EventColumn::Type, metrics.horizontalAdvance(QStringLiteral("message-xx")) + 12);
    header->resizeSection(EventColumn::Id, metrics.horizontalAdvance(QStringLiteral("0000000")) + 12);
    header->moveSection(EventColumn::Size, EventColumn::Data); // size before the wide data column

    m_detail = makeTextView(this, QStringLiteral("eventDetail"));
    m_detail->setPlaceholderText(tr("Select an event to see it in full."));
    m_rawView = makeTextView(this, QStringLiteral("rawView"));
    m_rawView->setMaximumBlockCount(5000);
    m_rawView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawView->setPlaceholderText(tr("The stream's bytes as received, line endings shown as ␍ and ␊."));

    auto *detailTabs = new QTabWidget(this);
    detailTabs->setDocumentMode(true);
    detailTabs->addTab(m_detail, tr("Selected event"));
    detailTabs->addTab(m_rawView, tr("Raw stream"));

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("eventsSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(detailTabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);

    connect(m_typeFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setTypeFilter(m_typeFilter->currentData().toString()); });
    auto *searchTimer = new QTimer(this);
    searchTimer->setSingleShot(true);
    searchTimer->setInterval(250);
    connect(m_searchEdit, &QLineEdit::textChanged, searchTimer, qOverload<>(&QTimer::start));
    connect(searchTimer, &QTimer::timeout, this, [this] { m_filter->setSearchText(m_searchEdit->text()); });
    connect(m_autoScroll, &QCheckBox::toggled, this, [this](bool on) { m_settings.setAutoScroll(on); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showSelectedEvent(current); });
    connect(m_events, &EventsModel::batchInserted, this, [this] {
        if (m_autoScroll->isChecked()) {
            m_view->scrollToBottom();
        }
        updateTypeFilter();
    });
    m_rawTimer.setSingleShot(true);
    m_rawTimer.setInterval(150);
    connect(&m_rawTimer, &QTimer::timeout, this, &EventsPane::flushRaw);
}

void EventsPane::focusSearch()
{
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

void EventsPane::clear()
{
    m_rawView->clear();
    m_rawPending.clear();
    m_rawPendingDropped = 0;
    m_detail->clear();
    updateTypeFilter();
}

void EventsPane::appendChunks(const Session &session, qsizetype count)
{
    constexpr qsizetype maxPendingChars = 256 * 1024;
    const QList<RawChunk> &all = session.chunks();
    const qsizetype take = std::min(count, all.size());
    for (qsizetype i = all.size() - take; i < all.size(); ++i) {
        const RawChunk &chunk = all.at(i);
        if (m_rawPending.size() > maxPendingChars) {
            m_rawPendingDropped += chunk.size;
            continue;
        }
        m_rawPending += tr("── #%1 · %2 · %3 ──").arg(chunk.exchangeId).arg(formatMilliseconds(chunk.receivedMs),
                                                         formatBytes(chunk.size))
            + u'\n' + rawText(chunk.bytes);
        if (!m_rawPending.endsWith(u'\n')) {
            m_rawPending += u'\n';
        }
    }
    if (!m_rawTimer.isActive()) {
        m_rawTimer.start();
    }
}

void EventsPane::flushRaw()
{
    m_rawTimer.stop();
    if (m_rawPendingDropped > 0) {
        m_rawPending += tr("── %1 not shown (the stream is faster than this view) ──").arg(formatBytes(m_rawPendingDropped));
        m_rawPendingDropped = 0;
    }
    if (m_rawPending.isEmpty()) {
        return;
    }
    QScrollBar *bar = m_rawView->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    if (m_rawPending.endsWith(u'\n')) {
        m_rawPending.chop(1);
    }
    m_rawView->appendPlainText(m_rawPending);
    m_rawPending.clear();
    if (atEnd) {
        bar->setValue(bar->maximum());
    }
}

void EventsPane::updateCount()
{
    const qsizetype shown = m_filter->rowCount();
    const quint64 total = m_events->totalCount();
    m_countLabel->setText(
        m_events->droppedCount() > 0
            ? tr("%1 shown · %2 received · %3 oldest dropped")
                  .arg(QLocale().toString(shown), QLocale().toString(total), QLocale().toString(m_events->droppedCount()))
            : tr("%1 shown · %2 received").arg(QLocale().toString(shown), QLocale().toString(total)));
}

void EventsPane::updateTypeFilter()
{
    const QStringList types = m_events->eventTypes();
    if (m_typeFilter->count() - 1 == types.size()) {
        return;
    }
    const QString current = m_typeFilter->currentData().toString();
    const QSignalBlocker blocker(m_typeFilter);
    m_typeFilter->clear();
    m_typeFilter->addItem(tr("All types"), QString());
    for (const QString &type : types) {
        m_typeFilter->addItem(type, type);
    }
    m_typeFilter->setCurrentIndex(std::max(0, m_typeFilter->findData(current)));
}

void EventsPane::showSelectedEvent(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid()) {
        m_detail->clear();
        return;
    }
    const QString data = proxyIndex.data(EventDataRole).toString();
    QString text = tr("#%1 · %2 · exchange %3\n").arg(proxyIndex.data(EventSequenceRole).toString(),
                                                     formatMilliseconds(proxyIndex.data(EventReceivedMsRole).toLongLong()),
                                                     proxyIndex.data(EventExchangeIdRole).toString());
    text += tr("type: %1\n").arg(proxyIndex.data(EventTypeRole).toString());
    text += tr("lastEventId: %1\n").arg(proxyIndex.data(EventIdRole).toString());
    text += tr("data (%1):\n").arg(formatBytes(proxyIndex.data(EventSizeRole).toLongLong()));
    text += data;
    m_detail->setPlainText(text);
}

} // namespace SseScope::Gui
