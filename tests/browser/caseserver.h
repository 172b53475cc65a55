#pragma once

#include "conformancecase.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <optional>

class QTcpServer;
class QTcpSocket;

namespace SseScope::Conformance {

// A raw HTTP/1.1 server on loopback playing the three origins of one case (page, API, other),
// one port each. Raw on purpose: the suite needs exact bytes (two ACAO lines, a missing header, a
// body held open, a close after N events) that a framework would tidy up. It records every request
// that reached the API and Other origins, and emits reported() when the page posts its report.
// Bounded: a request head over 64 KiB or a body over 1 MiB closes the connection.
class CaseServer final : public QObject
{
    Q_OBJECT

public:
    explicit CaseServer(const Case &c, QObject *parent = nullptr);
    ~CaseServer() override;

    // Listens on 127.0.0.1 (and, best effort, ::1 on the same port, since `localhost` may resolve
    // there first) for the three origins.
    bool listen(QString *errorString);

    const Endpoints &endpoints() const { return m_endpoints; }
    QString pageUrl() const;
    const QList<SeenRequest> &requests() const { return m_requests; }
    // The requests that reached the server before the page posted its report: what the page's
    // observation window saw. A reconnection a loaded machine lets in while the browser shuts
    // down (seen: es.empty-body-ends in WebKitGTK, default 3 s retry against a 2 s window) is
    // after the observation, as the model's window says. All of them while no report came.
    QList<SeenRequest> requestsBeforeReport() const
    {
        return m_report ? m_requests.mid(0, m_requestsAtReport) : m_requests;
    }
    std::optional<QJsonObject> report() const { return m_report; }

Q_SIGNALS:
    void reported(const QJsonObject &report);

private:
    struct Listener
    {
        Role role = Role::Page;
        QTcpServer *v4 = nullptr;
        QTcpServer *v6 = nullptr;
    };
    struct Connection
    {
        Role role = Role::Page;
        QByteArray buffer;
        bool closing = false;
    };

    void accept(QTcpServer *server, Role role);
    void readFrom(QTcpSocket *socket);
    void handle(QTcpSocket *socket, Role role, const QByteArray &method, const QByteArray &path,
        const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    void handleCaseRequest(QTcpSocket *socket, Role role, const QByteArray &method, const QByteArray &path,
        const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    void write(QTcpSocket *socket, const Answer &answer, bool keepAlive);

    Case m_case;
    Endpoints m_endpoints;
    QList<Listener> m_listeners;
    QHash<QTcpSocket *, Connection> m_connections;
    QHash<QString, int> m_attempts; // "role METHOD path" → requests so far
    QList<SeenRequest> m_requests;
    std::optional<QJsonObject> m_report;
    qsizetype m_requestsAtReport = 0;
};

} // namespace SseScope::Conformance
