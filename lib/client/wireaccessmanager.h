#pragma once

#include <QNetworkAccessManager>

namespace SseScope {

// The client's QNetworkAccessManager: http:// and https:// requests get a WireReply (HTTP/1.1 read
// byte for byte, see wirereply.h) instead of Qt's reply, through QNetworkAccessManager's documented
// extension point createRequest(); everything else (and HTTP/2 negotiated by ALPN) is Qt's. The
// session, the window and the CLI keep talking to a manager and its replies.
class WireAccessManager final : public QNetworkAccessManager
{
    Q_OBJECT

public:
    explicit WireAccessManager(QObject *parent = nullptr);

    // WireReply writes a request body in one piece after its head; a longer one stays with Qt's
    // reply, which streams it from its (seekable) device instead of holding it in memory.
    static constexpr qint64 kMaxWireBodyBytes = 8 * 1024 * 1024;

    // Qt's own reply for the request (the HTTP/2 hand-over of a WireReply), with its body, if any.
    QNetworkReply *createQtReply(Operation operation, const QNetworkRequest &request, QIODevice *body = nullptr);
    // Replies Qt made for http(s) requests WireReply does not carry (a sequential or large body).
    int qtRepliesCreated() const { return m_qtCreated; }
    // Replies created so far (requests written to the network), for tests and diagnostics.
    int wireRepliesCreated() const { return m_created; }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    int m_created = 0;
    int m_qtCreated = 0;
};

} // namespace SseScope
