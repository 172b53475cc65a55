#include "bidiconsole.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QWebSocket>

namespace SseScope::Conformance {

BidiConsole::BidiConsole(const QUrl &pageUrl, std::function<void(const QString &)> failed, QObject *parent)
    : QObject(parent)
    , m_pageUrl(pageUrl)
    , m_failed(std::move(failed))
{
}

BidiConsole::~BidiConsole()
{
    if (m_socket) {
        m_socket->abort();
    }
}

QUrl BidiConsole::listeningAddress(const QByteArray &stderrBytes)
{
    // "WebDriver BiDi listening on ws://127.0.0.1:44891" (Firefox ESR 153)
    static const QRegularExpression line(QStringLiteral("WebDriver BiDi listening on (ws://[^\\s]+)"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(stderrBytes));
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

QString BidiConsole::engineMessage(const QJsonObject &event)
{
    if (event.value(QLatin1String("method")).toString() != QLatin1String("log.entryAdded")) {
        return QString();
    }
    const QJsonObject params = event.value(QLatin1String("params")).toObject();
    // "console" entries are the page's console.* calls; "javascript" ones are what the engine
    // reports to the page's console (script errors, network-level CORS and connection messages).
    if (params.value(QLatin1String("type")).toString() != QLatin1String("javascript")) {
        return QString();
    }
    return params.value(QLatin1String("text")).toString();
}

void BidiConsole::stderrArrived(const QByteArray &stderrSoFar)
{
    if (m_socket || m_failedOnce) {
        return;
    }
    const QUrl address = listeningAddress(stderrSoFar);
    if (!address.isValid()) {
        return;
    }
    QUrl session = address;
    session.setPath(QStringLiteral("/session"));
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_step = 1;
        send(QStringLiteral("session.new"), QJsonObject {{QStringLiteral("capabilities"), QJsonObject()}});
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &BidiConsole::onMessage);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) {
        if (!m_navigated) {
            fail(QStringLiteral("WebDriver BiDi: ") + m_socket->errorString());
        }
    });
    m_socket->open(session);
}

QString BidiConsole::state() const
{
    if (!m_socket) {
        return QStringLiteral("no \"WebDriver BiDi listening\" line on stderr");
    }
    return QStringLiteral("websocket %1, step %2 (1 session.new, 2 subscribe, 3 getTree, 4 navigate)")
        .arg(int(m_socket->state()))
        .arg(m_step);
}

void BidiConsole::send(const QString &method, const QJsonObject &params)
{
    const QJsonObject command {
        {QStringLiteral("id"), m_nextId++}, {QStringLiteral("method"), method}, {QStringLiteral("params"), params}};
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)));
}

void BidiConsole::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("event")) {
        const QString line = engineMessage(message);
        if (!line.isEmpty()) {
            m_lines.append(line);
        }
        return;
    }
    if (type == QLatin1String("error")) {
        fail(QStringLiteral("WebDriver BiDi step %1: %2: %3")
                 .arg(m_step)
                 .arg(message.value(QLatin1String("error")).toString(), message.value(QLatin1String("message")).toString()));
        return;
    }
    if (type != QLatin1String("success")) {
        return;
    }
    const QJsonObject result = message.value(QLatin1String("result")).toObject();
    switch (m_step) {
    case 1:
        m_step = 2;
        send(QStringLiteral("session.subscribe"),
            QJsonObject {{QStringLiteral("events"), QJsonArray {QStringLiteral("log.entryAdded")}}});
        break;
    case 2:
        m_step = 3;
        send(QStringLiteral("browsingContext.getTree"), QJsonObject());
        break;
    case 3: {
        const QJsonArray contexts = result.value(QLatin1String("contexts")).toArray();
        if (contexts.isEmpty()) {
            fail(QStringLiteral("WebDriver BiDi: no browsing context to open the page in"));
            return;
        }
        m_step = 4;
        send(QStringLiteral("browsingContext.navigate"),
            QJsonObject {{QStringLiteral("context"), contexts.first().toObject().value(QLatin1String("context"))},
                {QStringLiteral("url"), m_pageUrl.toString()}, {QStringLiteral("wait"), QStringLiteral("none")}});
        break;
    }
    case 4:
        m_navigated = true;
        m_navigatedAt.start();
        break;
    default:
        break;
    }
}

void BidiConsole::fail(const QString &why)
{
    if (m_failedOnce) {
        return;
    }
    m_failedOnce = true;
    if (m_failed) {
        m_failed(why);
    }
}

} // namespace SseScope::Conformance
