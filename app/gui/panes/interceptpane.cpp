#include "interceptpane.h"

#include "../settings.h"

#include <browser/profile.h>

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
// Rows sort by exchange id (the order the requests went out), not by the text of the number.
class ExchangeItem final : public QTreeWidgetItem
{
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem &other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        if (column == InterceptPane::IdColumn || column == InterceptPane::StatusColumn) {
            return data(column, Qt::UserRole).toULongLong() < other.data(column, Qt::UserRole).toULongLong();
        }
        return QTreeWidgetItem::operator<(other);
    }
};
} // namespace

InterceptPane::InterceptPane(Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("interceptPane"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 4, 6, 4);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    outer->addLayout(form);

    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("interceptPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("chosen by the system"));
    m_port->setToolTip(tr("The proxy listens on 127.0.0.1 only, at this port"));
    form->addRow(tr("Proxy &port:"), m_port);

    m_launch = new QComboBox(this);
    m_launch->setObjectName(QStringLiteral("interceptLaunch"));
    m_launch->addItem(tr("Chromium, fresh profile"), int(InterceptController::Launch::Chromium));
    m_launch->addItem(tr("Firefox, fresh profile"), int(InterceptController::Launch::Firefox));
    m_launch->addItem(tr("None: I point my own client at the proxy"), int(InterceptController::Launch::None));
    m_launch->setToolTip(tr("The launched browser trusts the local CA in its own profile only; "
                            "the CA is never installed system-wide"));
    form->addRow(tr("&Launch:"), m_launch);

    m_browser = new QComboBox(this);
    m_browser->setObjectName(QStringLiteral("interceptBrowser"));
    for (const BrowserProfile &profile : {BrowserProfile::chromium(), BrowserProfile::firefox()}) {
        m_browser->addItem(profile.displayName, profile.name);
    }
    m_browser->setToolTip(tr("The browser model each stream is diagnosed with"));
    form->addRow(tr("&Diagnose as:"), m_browser);
    connect(m_launch, &QComboBox::currentIndexChanged, this, [this] {
        const auto launch = InterceptController::Launch(m_launch->currentData().toInt());
        if (launch != InterceptController::Launch::None) {
            m_browser->setCurrentIndex(launch == InterceptController::Launch::Firefox ? 1 : 0);
        }
        updateHint();
    });

    auto *rulesRow = new QHBoxLayout;
    m_rules = new QLineEdit(this);
    m_rules->setObjectName(QStringLiteral("interceptRules"));
    m_rules->setPlaceholderText(tr("none: answers pass unchanged"));
    m_rules->setClearButtonEnabled(true);
    m_rules->setToolTip(tr("A scenario file (or a \"rewrite\" list) whose CORS and transport knobs are applied to "
                           "the answers, to try a fix before deploying it. Local files only."));
    m_browseRules = new QPushButton(tr("&Browse…"), this);
    connect(m_browseRules, &QPushButton::clicked, this, &InterceptPane::browseRules);
    rulesRow->addWidget(m_rules, 1);
    rulesRow->addWidget(m_browseRules);
    form->addRow(tr("&Rewrite rules:"), rulesRow);

    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("interceptStart"));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("interceptStop"));
    m_export = new QPushButton(tr("&Export HAR…"), this);
    m_export->setObjectName(QStringLiteral("interceptExport"));
    m_export->setToolTip(tr("Every recorded exchange as a HAR 1.2 file, sanitized unless you keep secrets"));
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    outer->addLayout(buttons);
    connect(m_start, &QPushButton::clicked, this, &InterceptPane::startRequested);
    connect(m_stop, &QPushButton::clicked, this, &InterceptPane::stopRequested);
    connect(m_export, &QPushButton::clicked, this, &InterceptPane::exportRequested);

    m_address = new QLabel(this);
    m_address->setObjectName(QStringLiteral("interceptAddress"));
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_address->setWordWrap(true);
    outer->addWidget(m_address);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("interceptHint"));
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint->setWordWrap(true);
    outer->addWidget(m_hint);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("interceptMessage"));
    m_message->setWordWrap(true);
    outer->addWidget(m_message);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("interceptExchanges"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("#"), tr("Method"), tr("URL"), tr("Status"), tr("Kind"), tr("Outcome")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(IdColumn, Qt::AscendingOrder);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(UrlColumn, QHeaderView::Interactive);
    m_list->setColumnWidth(IdColumn, 44);
    m_list->setColumnWidth(MethodColumn, 64);
    m_list->setColumnWidth(UrlColumn, 300);
    m_list->setColumnWidth(StatusColumn, 56);
    outer->addWidget(m_list, 1);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        Q_EMIT exchangeSelected(current ? current->data(IdColumn, Qt::UserRole).toULongLong() : 0);
    });

    showRunning(false, {}, {}, InterceptController::Launch::Chromium);
}

InterceptPane::Choice InterceptPane::choice() const
{
    Choice choice;
    choice.port = quint16(m_port->value());
    choice.launch = InterceptController::Launch(m_launch->currentData().toInt());
    choice.browser = m_browser->currentData().toString();
    choice.rulesPath = m_rules->text().trimmed();
    return choice;
}

void InterceptPane::setChoice(const Choice &choice)
{
    m_port->setValue(choice.port);
    m_launch->setCurrentIndex(std::max(0, m_launch->findData(int(choice.launch))));
    m_browser->setCurrentIndex(std::max(0, m_browser->findData(choice.browser)));
    m_rules->setText(choice.rulesPath);
}

void InterceptPane::showRunning(
    bool running, const QUrl &proxy, const QString &caPath, InterceptController::Launch launch)
{
    for (QWidget *input :
        {static_cast<QWidget *>(m_port), static_cast<QWidget *>(m_launch), static_cast<QWidget *>(m_browser),
            static_cast<QWidget *>(m_rules), static_cast<QWidget *>(m_browseRules)}) {
        input->setEnabled(!running);
    }
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    if (!running) {
        m_address->setText(tr("The proxy is stopped."));
        updateHint();
        return;
    }
    m_address->setText(tr("Proxy: %1\nCA certificate: %2").arg(proxy.toString(), caPath));
    if (launch == InterceptController::Launch::None) {
        m_hint->setText(tr("Point your client at the proxy and have it trust the CA certificate, for example:\n"
                           "curl -N --proxy %1 --cacert %2 https://…")
                            .arg(proxy.toString(), caPath));
    } else {
        m_hint->setText(tr("The browser runs through the proxy with a fresh profile; open your page in it."));
    }
}

void InterceptPane::updateHint()
{
    if (m_stop->isEnabled()) {
        return; // running: the hint says how to use it
    }
    const auto launch = InterceptController::Launch(m_launch->currentData().toInt());
    m_hint->setText(launch == InterceptController::Launch::None
            ? tr("Start, then point your own client at the proxy address shown here and have it trust the CA file.")
            : tr("Start launches the browser through the proxy."));
}

void InterceptPane::showMessage(const QString &text)
{
    m_message->setText(text);
}

void InterceptPane::browseRules()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Rewrite Rules"), m_settings.lastDirectory(), tr("Scenario files (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        m_rules->setText(path);
    }
}

void InterceptPane::setExchange(const InterceptedExchange &exchange, bool open, const QString &outcome)
{
    const SessionExchange &e = exchange.exchange;
    QTreeWidgetItem *item = m_rows.value(e.id);
    const bool added = item == nullptr;
    if (added) {
        item = new ExchangeItem;
        item->setData(IdColumn, Qt::UserRole, QVariant::fromValue(e.id));
        item->setText(IdColumn, QString::number(e.id));
        item->setText(MethodColumn, QString::fromLatin1(e.request.method));
        item->setText(UrlColumn, e.request.url.toDisplayString());
        item->setToolTip(UrlColumn, e.request.url.toDisplayString());
    }
    const int status = e.response ? e.response->status : 0;
    item->setData(StatusColumn, Qt::UserRole, status);
    item->setText(StatusColumn, status > 0 ? QString::number(status) : e.netError);
    QString kind = exchange.isEventStream() ? tr("event stream")
        : exchange.isPreflight()            ? tr("preflight")
                                            : tr("other");
    if (open) {
        kind += tr(" · open");
    }
    if (exchange.rewritten) {
        kind += tr(" · rewritten");
        item->setToolTip(KindColumn, rewriteText(exchange));
        item->setToolTip(StatusColumn, rewriteText(exchange));
    }
    item->setText(KindColumn, kind);
    item->setText(OutcomeColumn, outcome);
    QFont font = item->font(UrlColumn);
    font.setBold(exchange.isEventStream());
    for (int column = 0; column < ColumnCount; ++column) {
        item->setFont(column, font);
    }
    if (added) {
        m_rows.insert(e.id, item);
        m_list->addTopLevelItem(item);
    }
}

QString InterceptPane::rewriteText(const InterceptedExchange &exchange)
{
    QStringList lines{tr("Rewritten by the rules:")};
    for (const QByteArray &note : exchange.rewriteNotes) {
        lines.append(QStringLiteral("  ") + QString::fromUtf8(note));
    }
    if (exchange.originalResponse) {
        // The server's own head, kept beside the one the browser got.
        const ResponseHead &original = *exchange.originalResponse;
        lines.append(QString());
        lines.append(tr("The server's own answer:"));
        lines.append(QStringLiteral("  %1 %2").arg(original.status).arg(QString::fromUtf8(original.reasonPhrase)));
        for (const HttpHeader &line : original.headers.lines()) {
            lines.append(QStringLiteral("  %1: %2").arg(QString::fromUtf8(line.name), QString::fromUtf8(line.value)));
        }
    }
    return lines.join(u'\n');
}

void InterceptPane::keepOnly(const QList<quint64> &ids)
{
    const QSet<quint64> keep(ids.cbegin(), ids.cend());
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (keep.contains(it.key())) {
            ++it;
        } else {
            delete it.value();
            it = m_rows.erase(it);
        }
    }
}

void InterceptPane::clearExchanges()
{
    m_list->clear();
    m_rows.clear();
}

int InterceptPane::exchangeCount() const
{
    return int(m_rows.size());
}

quint64 InterceptPane::selectedId() const
{
    const QTreeWidgetItem *current = m_list->currentItem();
    return current ? current->data(IdColumn, Qt::UserRole).toULongLong() : 0;
}

void InterceptPane::select(quint64 id)
{
    if (QTreeWidgetItem *item = m_rows.value(id)) {
        m_list->setCurrentItem(item);
    }
}

} // namespace SseScope::Gui
