#include "caseserver.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

namespace SseScope::Conformance {

namespace {

constexpr qsizetype kMaxHead = 64 * 1024;
constexpr qsizetype kMaxBody = 1024 * 1024;

} // namespace

CaseServer::CaseServer(const Case &c, QObject *parent)
    : QObject(parent)
    , m_case(c)
{
    m_endpoints.sameSite = c.sameSite;
}

CaseServer::~CaseServer()
{
    // Held-open streams end with the case.
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

bool CaseServer::listen(QString *errorString)
{
    for (Role role : {Role::Page, Role::Api, Role::Other}) {
        Listener listener;
        listener.role = role;
        listener.v4 = new QTcpServer(this);
        if (!listener.v4->listen(QHostAddress::LocalHost, 0)) {
            *errorString = listener.v4->errorString();
            return false;
        }
        const quint16 port = listener.v4->serverPort();
        listener.v6 = new QTcpServer(this);
        if (!listener.v6->listen(QHostAddress::LocalHostIPv6, port)) {
            delete listener.v6; // no ::1 here, or the port is taken there: 127.0.0.1 alone serves
            listener.v6 = nullptr;
        }
        for (QTcpServer *server : {listener.v4, listener.v6}) {
            if (server) {
                connect(server, &QTcpServer::newConnection, this, [this, server, role] { accept(server, role); });
            }
        }
        switch (role) {
        case Role::Page:
            m_endpoints.pagePort = port;
            break;
        case Role::Api:
            m_endpoints.apiPort = port;
            break;
        case Role::Other:
            m_endpoints.otherPort = port;
            break;
        }
        m_listeners.append(listener);
    }
    return true;
}

QString CaseServer::pageUrl() const
{
    return m_endpoints.origin(Role::Page) + QLatin1Char('/');
}

void CaseServer::accept(QTcpServer *server, Role role)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        m_connections.insert(socket, Connection {role, QByteArray(), false});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void CaseServer::readFrom(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        return;
    }
    it->buffer += socket->readAll();
    for (;;) {
        it = m_connections.find(socket);
        if (it == m_connections.end() || it->closing) {
            return;
        }
        const qsizetype headEnd = it->buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            if (it->buffer.size() > kMaxHead) {
                socket->abort();
            }
            return;
        }
        const QList<QByteArray> lines = it->buffer.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
        if (requestLine.size() < 3) {
            socket->abort();
            return;
        }
        QList<QPair<QByteArray, QByteArray>> headers;
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            headers.append({name, value});
            if (name == "content-length") {
                contentLength = value.toLongLong();
            }
        }
        if (contentLength < 0 || contentLength > kMaxBody) {
            socket->abort();
            return;
        }
        if (it->buffer.size() < headEnd + 4 + contentLength) {
            return; // the body is still coming
        }
        const QByteArray body = it->buffer.mid(headEnd + 4, contentLength);
        it->buffer.remove(0, headEnd + 4 + contentLength);
        QByteArray path = requestLine.at(1);
        const qsizetype query = path.indexOf('?');
        if (query >= 0) {
            path.truncate(query);
        }
        handle(socket, it->role, requestLine.at(0), path, headers, body);
    }
}

void CaseServer::handle(QTcpSocket *socket, Role role, const QByteArray &method, const QByteArray &path,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    if (role == Role::Page) {
        Answer answer;
        answer.headers = {{QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")}};
        if (method == "GET" && path == "/") {
            answer.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=utf-8")});
            answer.body = {casePage(m_case, m_endpoints)};
        } else if (method == "POST" && path == "/report") {
            answer.status = 204;
            answer.reason = QByteArrayLiteral("No Content");
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(body, &error);
            if (!m_report) {
                m_report = document.isObject() ? document.object()
                                               : QJsonObject {{QStringLiteral("parseError"), error.errorString()}};
                m_requestsAtReport = m_requests.size();
                // After the response is written: the runner may kill the browser at once.
                QMetaObject::invokeMethod(this, [this] { Q_EMIT reported(*m_report); }, Qt::QueuedConnection);
            }
        } else {
            // Anything else on the page origin (a redirect back to it) is a case request.
            handleCaseRequest(socket, role, method, path, headers, body);
            return;
        }
        answer.headers.append({QByteArrayLiteral("Content-Length"), QByteArray::number(answer.body.join().size())});
        write(socket, answer, true);
        return;
    }
    handleCaseRequest(socket, role, method, path, headers, body);
}

void CaseServer::handleCaseRequest(QTcpSocket *socket, Role role, const QByteArray &method, const QByteArray &path,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    SeenRequest seen;
    seen.method = method;
    seen.role = role;
    seen.path = path;
    seen.body = body;
    for (const auto &h : headers) {
        if (comparedRequestHeaders().contains(h.first)) {
            const QByteArray previous = seen.headers.value(h.first);
            seen.headers.insert(h.first, previous.isEmpty() ? h.second : previous + ", " + h.second);
        }
    }
    m_requests.append(seen);
    const QString key = roleName(role) + QLatin1Char(' ') + QString::fromLatin1(method) + QLatin1Char(' ')
        + QString::fromLatin1(path);
    const int attempt = m_attempts.value(key, 0);
    m_attempts.insert(key, attempt + 1);
    const Answer answer = m_case.answerFor(role, method, path, attempt);
    // Answers that carry their own Content-Length (preflight, 404) keep the connection; the rest are
    // delimited by closing it.
    const bool hasLength = std::any_of(answer.headers.cbegin(), answer.headers.cend(),
        [](const auto &h) { return h.first.toLower() == "content-length"; });
    write(socket, answer, hasLength);
}

void CaseServer::write(QTcpSocket *socket, const Answer &answer, bool keepAlive)
{
    if (answer.status == 0) {
        socket->disconnectFromHost(); // no answer at all
        return;
    }
    QByteArray out = answer.interim + "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + answer.reason + "\r\n";
    for (const auto &h : answer.headers) {
        out += h.first + ": " + m_endpoints.expand(h.second) + "\r\n";
    }
    if (!keepAlive && !answer.holdOpen) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    for (const QByteArray &chunk : answer.body) {
        out += chunk;
    }
    socket->write(out);
    if (keepAlive) {
        return;
    }
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        it->closing = true;
    }
    if (answer.reset) {
        socket->flush();
        socket->waitForBytesWritten(1000);
        socket->abort();
    } else if (!answer.holdOpen) {
        socket->disconnectFromHost(); // after the bytes are out
    }
}

} // namespace SseScope::Conformance
