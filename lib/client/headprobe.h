#pragma once

#include "responseheadreader.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

class QAbstractSocket;
class QTimer;

namespace SseScope {

// What one probe found.
struct HeadProbeResult
{
    enum class Outcome
    {
        Complete, // the whole head arrived within the cap
        TooBig, // more than the cap without its end: Chromium's ERR_RESPONSE_HEADERS_TOO_BIG
        Malformed, // a head that is not an HTTP/1.x response
        Closed, // the server closed the connection before the head ended
        Failed, // could not connect, TLS refused, or another socket error
        TimedOut, // no verdict within the probe's time
    };

    Outcome outcome = Outcome::Failed;
    ResponseHead head; // when Complete
    QByteArray httpVersion; // when Complete
    qint64 headBytes = 0; // bytes of head read
    qint64 elapsedMs = 0;
    QString errorString; // Failed: the socket's words
};
QString headProbeOutcomeName(HeadProbeResult::Outcome outcome); // "complete", "too big", …

// A second, bounded look at a response head, for when QNetworkAccessManager cannot tell the client
// what the head was: it sends the same request head again on a connection of its own (QTcpSocket,
// or QSslSocket for https), reads at most `maxHeadBytes` of response head with ResponseHeadReader,
// then closes. The caller must make the extra request visible (it is a real request to the server).
// Lives on the client thread; emits finished() once, unless abort() was called first.
class HeadProbe final : public QObject
{
    Q_OBJECT

public:
    explicit HeadProbe(QObject *parent = nullptr);
    ~HeadProbe() override;

    void setAcceptInvalidCertificates(bool accept) { m_acceptInvalidCertificates = accept; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxHeadBytes(qint64 bytes) { m_maxHeadBytes = bytes; }

    // `request.url` says where; the head is written as HTTP/1.1 with `request.headers` in order
    // (Host first when the caller put it first). No body is sent.
    void start(const RequestHead &request);
    void abort(); // closes the connection; finished() is not emitted
    bool isRunning() const { return m_socket != nullptr; }

    // The request line and header lines as the probe writes them.
    static QByteArray serializeRequest(const RequestHead &request);

Q_SIGNALS:
    void finished(const SseScope::HeadProbeResult &result);

private:
    void onReadyRead();
    void onSocketGone(const QString &error, bool closedByPeer);
    void finish(HeadProbeResult::Outcome outcome, const QString &error = QString());
    void closeSocket();

    bool m_acceptInvalidCertificates = false;
    int m_timeoutMs = 3000;
    qint64 m_maxHeadBytes = chromiumMaxResponseHeadBytes;
    QPointer<QAbstractSocket> m_socket;
    QTimer *m_timer = nullptr;
    ResponseHeadReader m_reader;
    QByteArray m_requestBytes;
    QElapsedTimer m_elapsed;
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::HeadProbeResult)
