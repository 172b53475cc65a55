#include "clientpane.h"

#include "../settings.h"

#include <browser/profile.h>
#include <scenario/scenario.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
QString headersText(const HttpHeaders &headers)
{
    QString text;
    for (const HttpHeader &line : headers.lines()) {
        text += QString::fromLatin1(line.name) + QStringLiteral(": ") + QString::fromUtf8(line.value) + u'\n';
    }
    return text;
}
} // namespace

ClientPane::ClientPane(Settings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("clientPane"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 4, 6, 4);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1);
    form->setVerticalSpacing(4);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_followMock = new QCheckBox(tr("Follow the mock server and the scenario's client side"), this);
    m_followMock->setObjectName(QStringLiteral("followMock"));
    m_followMock->setChecked(true);
    form->addRow(m_followMock);

    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("https://api.example.com/events"));
    m_urlEdit->setClearButtonEnabled(true);
    form->addRow(tr("&URL:"), m_urlEdit);

    m_originEdit = new QLineEdit(this);
    m_originEdit->setObjectName(QStringLiteral("originEdit"));
    m_originEdit->setPlaceholderText(tr("https://app.example.com"));
    form->addRow(tr("Page &origin:"), m_originEdit);

    auto *row = new QHBoxLayout;
    m_profileCombo = new QComboBox(this);
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    for (const BrowserProfile &profile : BrowserProfile::all()) {
        m_profileCombo->addItem(profile.displayName, profile.name);
    }
    m_profileCombo->setCurrentIndex(std::max(0, m_profileCombo->findData(m_settings.browserProfile())));
    m_modeCombo = new QComboBox(this);
    m_modeCombo->setObjectName(QStringLiteral("modeCombo"));
    m_modeCombo->addItem(tr("EventSource"), int(RequestMode::EventSource));
    m_modeCombo->addItem(tr("fetch (streaming)"), int(RequestMode::Fetch));
    m_credentialsCheck = new QCheckBox(tr("with&Credentials"), this);
    m_credentialsCheck->setObjectName(QStringLiteral("credentialsCheck"));
    row->addWidget(m_profileCombo);
    row->addWidget(m_modeCombo);
    row->addWidget(m_credentialsCheck);
    form->addRow(tr("Browser:"), row);

    m_headersEdit = new QPlainTextEdit(this);
    m_headersEdit->setObjectName(QStringLiteral("headersEdit"));
    m_headersEdit->setPlaceholderText(tr("Authorization: Bearer …  (fetch mode; one per line)"));
    m_headersEdit->setFixedHeight(m_headersEdit->fontMetrics().height() * 3 + 10);
    m_headersEdit->setTabChangesFocus(true);
    form->addRow(tr("&Headers:"), m_headersEdit);

    m_loginEdit = new QLineEdit(this);
    m_loginEdit->setObjectName(QStringLiteral("loginEdit"));
    m_loginEdit->setPlaceholderText(tr("none: no login step first"));
    form->addRow(tr("&Login URL:"), m_loginEdit);

    const auto modeChanged = [this] {
        const bool fetch = RequestMode(m_modeCombo->currentData().toInt()) == RequestMode::Fetch;
        m_headersEdit->setEnabled(fetch);
        m_credentialsCheck->setText(fetch ? tr("credentials: include") : tr("with&Credentials"));
    };
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, modeChanged);
    modeChanged();
    connect(m_followMock, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            Q_EMIT followServerRequested();
        }
    });
    // Typing a URL of one's own means: not the mock.
    connect(m_urlEdit, &QLineEdit::textEdited, this, [this] { m_followMock->setChecked(false); });
    connect(m_profileCombo, &QComboBox::activated, this, [this] {
        m_settings.setBrowserProfile(m_profileCombo->currentData().toString());
        Q_EMIT profileChanged();
    });
}

QString ClientPane::browserName() const
{
    return m_profileCombo->currentText();
}

bool ClientPane::isFollowingServer() const
{
    return m_followMock->isChecked();
}

void ClientPane::followServer(const Scenario &scenario, bool serverRunning, const QUrl &apiUrl, const QUrl &pageUrl)
{
    if (serverRunning) {
        m_urlEdit->setText(apiUrl.toString() + scenario.client.path);
        m_originEdit->setText(Origin::fromUrl(pageUrl).serialize());
        m_loginEdit->setText(scenario.client.loginFirst ? apiUrl.toString() + QStringLiteral("/login") : QString());
    }
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(
        int(scenario.client.mode == ClientSide::Mode::Fetch ? RequestMode::Fetch : RequestMode::EventSource)));
    m_credentialsCheck->setChecked(scenario.client.withCredentials);
    m_headersEdit->setPlainText(headersText(scenario.client.headers).trimmed());
}

ClientOptions ClientPane::options(QString *errorString) const
{
    ClientOptions options;
    bool ok = false;
    options.profile = BrowserProfile::fromName(m_profileCombo->currentData().toString(), &ok);
    QString originError;
    options.pageOrigin = Origin::fromString(m_originEdit->text().trimmed(), &originError);
    if (options.pageOrigin.isOpaque()) {
        *errorString = tr("The page origin is not scheme://host[:port]: %1").arg(originError);
        return options;
    }
    const QUrl url = QUrl::fromUserInput(m_urlEdit->text().trimmed());
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        *errorString = tr("The URL is not a valid http(s) URL.");
        return options;
    }
    options.intent.url = url;
    options.intent.mode = RequestMode(m_modeCombo->currentData().toInt());
    options.intent.withCredentials = m_credentialsCheck->isChecked();
    options.intent.fetchCredentials
        = m_credentialsCheck->isChecked() ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    const QStringList lines = m_headersEdit->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            *errorString = tr("A header line needs a name and a colon: %1").arg(line);
            return options;
        }
        options.intent.extraHeaders.append(line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8());
    }
    if (!m_loginEdit->text().trimmed().isEmpty()) {
        options.loginUrl = QUrl::fromUserInput(m_loginEdit->text().trimmed());
    }
    options.durationMs = 0; // until the user disconnects
    return options;
}

} // namespace SseScope::Gui
