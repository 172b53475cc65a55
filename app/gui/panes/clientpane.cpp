#include "clientpane.h"

#include "../settings.h"

#include <browser/profile.h>
#include <scenario/scenario.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
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
// A Content-Type whose body is JSON (application/json, text/json, any +json type).
bool isJsonContentType(const QString &contentType)
{
    const QString essence = contentType.section(u';', 0, 0).trimmed().toLower();
    return essence == QLatin1String("application/json") || essence == QLatin1String("text/json")
        || (essence.endsWith(QLatin1String("+json")) && essence.contains(u'/'));
}

bool isToken(const QString &text)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(text).hasMatch();
}

QStringList readHeaderNames(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
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
    // In a narrow dock (the Help dock open beside it) a field goes under its label instead of
    // holding the whole left column at the labels' width plus the fields'.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);

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

    // What the page's fetch(URL, {method, body, headers}) sends, and which response headers its
    // code reads (fetch mode; the same request options as `ssescope check --method --data
    // --read-header`).
    auto *requestRow = new QHBoxLayout;
    m_methodCombo = new QComboBox(this);
    m_methodCombo->setObjectName(QStringLiteral("methodCombo"));
    m_methodCombo->setEditable(true);
    m_methodCombo->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE")});
    m_methodCombo->setToolTip(tr("The method of the page's fetch()"));
    m_contentTypeCombo = new QComboBox(this);
    m_contentTypeCombo->setObjectName(QStringLiteral("contentTypeCombo"));
    m_contentTypeCombo->setEditable(true);
    m_contentTypeCombo->addItems({QString(), QStringLiteral("application/json"),
        QStringLiteral("text/plain;charset=UTF-8"), QStringLiteral("application/x-www-form-urlencoded")});
    m_contentTypeCombo->lineEdit()->setPlaceholderText(tr("Content-Type of the body"));
    m_contentTypeCombo->setToolTip(
        tr("The body's Content-Type; none: fetch sends text/plain;charset=UTF-8 for a text body"));
    requestRow->addWidget(m_methodCombo);
    requestRow->addWidget(m_contentTypeCombo, 1);
    // A row that is a layout gets no buddy from QFormLayout: the label would show its "&".
    auto *methodLabel = new QLabel(tr("&Method:"), this);
    methodLabel->setBuddy(m_methodCombo);
    form->addRow(methodLabel, requestRow);

    m_bodyEdit = new QPlainTextEdit(this);
    m_bodyEdit->setObjectName(QStringLiteral("bodyEdit"));
    m_bodyEdit->setPlaceholderText(tr("{\"stream\": true, …}  (fetch mode; the request body, as text)"));
    m_bodyEdit->setFixedHeight(m_bodyEdit->fontMetrics().height() * 4 + 10);
    m_bodyEdit->setTabChangesFocus(true);
    m_bodyEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    form->addRow(tr("&Body:"), m_bodyEdit);
    m_bodyStatus = new QLabel(this);
    m_bodyStatus->setObjectName(QStringLiteral("bodyStatus"));
    m_bodyStatus->setWordWrap(true);
    form->addRow(QString(), m_bodyStatus);

    m_readHeadersEdit = new QLineEdit(this);
    m_readHeadersEdit->setObjectName(QStringLiteral("readHeadersEdit"));
    m_readHeadersEdit->setPlaceholderText(tr("Mcp-Session-Id, X-Request-Id  (response.headers.get(…) in the page)"));
    form->addRow(tr("Headers &read by the page:"), m_readHeadersEdit);

    m_loginEdit = new QLineEdit(this);
    m_loginEdit->setObjectName(QStringLiteral("loginEdit"));
    m_loginEdit->setPlaceholderText(tr("none: no login step first"));
    form->addRow(tr("&Login URL:"), m_loginEdit);

    const auto modeChanged = [this] {
        const bool fetch = RequestMode(m_modeCombo->currentData().toInt()) == RequestMode::Fetch;
        m_headersEdit->setEnabled(fetch);
        m_methodCombo->setEnabled(fetch);
        m_contentTypeCombo->setEnabled(fetch);
        m_bodyEdit->setEnabled(fetch);
        m_readHeadersEdit->setEnabled(fetch);
        m_credentialsCheck->setText(fetch ? tr("credentials: include") : tr("with&Credentials"));
    };
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, modeChanged);
    modeChanged();
    connect(m_bodyEdit, &QPlainTextEdit::textChanged, this, &ClientPane::updateBodyStatus);
    connect(m_contentTypeCombo, &QComboBox::currentTextChanged, this, &ClientPane::updateBodyStatus);
    updateBodyStatus();
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

// The body is checked as JSON while the Content-Type says JSON: the page would send it anyway,
// and the server would answer 400, so this is a warning, not a refusal.
void ClientPane::updateBodyStatus()
{
    const QString body = m_bodyEdit->toPlainText();
    if (body.isEmpty() || !isJsonContentType(m_contentTypeCombo->currentText())) {
        m_bodyStatus->clear();
        m_bodyStatus->setVisible(false);
        return;
    }
    // Any JSON text, scalars included: parsed as the one element of an array.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + body.toUtf8() + ']', &error);
    if (error.error == QJsonParseError::NoError && document.array().size() == 1) {
        m_bodyStatus->setText(tr("Valid JSON"));
    } else {
        m_bodyStatus->setText(
            tr("Not valid JSON: %1 at character %2")
                .arg(error.error == QJsonParseError::NoError ? tr("more than one value") : error.errorString())
                .arg(qMax(0, error.offset - 1)));
    }
    m_bodyStatus->setVisible(true);
}

QString ClientPane::browserName() const
{
    return m_profileCombo->currentText();
}

QString ClientPane::browser() const
{
    return m_profileCombo->currentData().toString();
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
    m_methodCombo->setCurrentText(scenario.client.method);
    m_contentTypeCombo->setCurrentText(scenario.client.contentType.value_or(QString()));
    m_bodyEdit->setPlainText(scenario.client.body.value_or(QString()));
    m_readHeadersEdit->setText(scenario.client.readHeaders.join(QStringLiteral(", ")));
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
        options.intent.extraHeaders.append(
            line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8());
    }
    if (options.intent.mode == RequestMode::Fetch) {
        const QString method = m_methodCombo->currentText().trimmed();
        if (!isToken(method)) {
            *errorString = tr("The method is not an HTTP method: %1").arg(method);
            return options;
        }
        options.intent.method = method.toLatin1();
        const QString contentType = m_contentTypeCombo->currentText().trimmed();
        if (!contentType.isEmpty()) {
            if (options.intent.extraHeaders.contains("Content-Type")) {
                *errorString = tr("Content-Type is given twice: in the headers and as the body's Content-Type.");
                return options;
            }
            options.intent.extraHeaders.append("Content-Type", contentType.toUtf8());
        }
        const QString body = m_bodyEdit->toPlainText();
        if (!body.isEmpty()) {
            const QString upper = method.toUpper();
            if (upper == QLatin1String("GET") || upper == QLatin1String("HEAD")) {
                *errorString = tr("fetch() refuses a body with %1: choose POST, or clear the body.").arg(upper);
                return options;
            }
            options.intent.hasBody = true;
            options.intent.body = body.toUtf8();
        }
        for (const QString &name : readHeaderNames(m_readHeadersEdit->text())) {
            if (!isToken(name)) {
                *errorString = tr("Not a header name: %1").arg(name);
                return options;
            }
            options.intent.readHeaders.append(name.toLatin1());
        }
    }
    if (!m_loginEdit->text().trimmed().isEmpty()) {
        options.loginUrl = QUrl::fromUserInput(m_loginEdit->text().trimmed());
    }
    options.durationMs = 0; // until the user disconnects
    return options;
}

} // namespace SseScope::Gui
