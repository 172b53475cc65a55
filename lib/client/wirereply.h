#pragma once

#include "chunkeddecoder.h"
#include "responseheadreader.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>

#include <memory>

class QAbstractSocket;
class QSslSocket;

namespace SseScope {

class WireAccessManager;

// One HTTP/1.1 exchange read byte for byte, behind QNetworkAccessManager's documented extension
// point (WireAccessManager::createRequest). Qt 6.4's own HTTP/1.1 layer hides part of the wire from
// a browser model: it joins repeated header lines, drops empty values, holds 401/407 answers until
// their body ends, re-sends a GET when the server closes at once, drops every field of a head with
// more than 100, takes a 103 Early Hints as the final answer and has no cap on a head. This reply
// does none of that:
//
// - it writes exactly one request, the one planned (PlannedRequestAttribute, or the QNetworkRequest's
//   raw headers in order), on a connection of its own, and never retries; a request body (the
//   whole of a QByteArray or of a seekable QIODevice, see WireAccessManager) follows the head with
//   its Content-Length, as a browser frames an upload it knows the size of;
// - it reads the head with ResponseHeadReader (Chromium's 256 KiB cap: net::ERR_RESPONSE_HEADERS_TOO_BIG),
//   skips 1xx interim answers but keeps them (interimHeads()), and offers every header line as
//   received (rawHead(): order, repeats and empty values kept) as soon as the head has ended,
//   whatever the status, without waiting for the body;
// - it removes the body's framing (chunked, Content-Length, or the end of the connection)
//   incrementally, buffers at most readBufferSize() bytes before the socket is left to fill (TCP
//   pushes back), emits readyRead() per read, and leaves Content-Encoding to the caller;
// - errors are QNetworkReply::NetworkError codes, with Chromium's net:: name in chromiumNetError().
//
// https uses QSslSocket (the manager's proxy, the default SSL configuration, sslErrors() /
// ignoreSslErrors() as Qt's reply has them). When Http2AllowedAttribute is set, the TLS handshake
// offers h2 by ALPN as a browser does; if the server picks it, the exchange is handed to Qt's own
// reply (HTTP/2 frames every header field, Qt's layer is faithful there) on a new connection, and
// handedToQt() says so. No request was sent on the first connection.
class WireReply final : public QNetworkReply
{
    Q_OBJECT

public:
    // A QVariant holding the RequestHead to write exactly (Host first when it is there).
    static constexpr QNetworkRequest::Attribute PlannedRequestAttribute
        = QNetworkRequest::Attribute(QNetworkRequest::User + 14);

    // `body`: the whole request body (empty: none). POST and PUT carry Content-Length even
    // without one (`Content-Length: 0`, as Chromium sends it).
    WireReply(WireAccessManager *manager, QNetworkAccessManager::Operation operation, const QNetworkRequest &request,
        const QByteArray &method, const QByteArray &body = QByteArray(), QObject *parent = nullptr);
    ~WireReply() override;

    void abort() override;
    void close() override;
    void ignoreSslErrors() override;
    void setReadBufferSize(qint64 size) override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

    // The final response head exactly as received (valid once metaDataChanged() was emitted).
    const ResponseHead &rawHead() const { return m_head; }
    bool hasHead() const { return m_headDone; }
    // The 1xx interim answers skipped before it (103 Early Hints, 100 Continue), in order.
    const QList<ResponseHead> &interimHeads() const { return m_interim; }
    QByteArray httpVersion() const { return m_version; } // "1.1", "1.0", "2"; empty before the head
    qint64 headBytes() const { return m_headBytes; } // bytes of the final head on the wire
    // Chromium's name of the failure ("ERR_EMPTY_RESPONSE"), empty when none or aborted.
    QString chromiumNetError() const { return m_netError; }
    bool handedToQt() const { return m_inner != nullptr; }
    QByteArray requestBytes() const { return m_requestBytes; } // what was written, exactly (head and body)
    qint64 requestBodyBytes() const { return m_requestBody.size(); }
    // The request head that was written (Content-Length included when there is a body).
    const RequestHead &requestHead() const { return m_requestHead; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    enum class Stage
    {
        Connecting,
        Head,
        Body,
        Done
    };
    enum class Framing
    {
        None, // no body (HEAD, 204, 304)
        Length,
        Chunked,
        Close
    };

    void startConnection();
    void onConnected();
    void onEncrypted();
    void onSocketReadyRead();
    void onSocketGone();
    void processSocket();
    bool processHead(QByteArray &bytes); // false: stop (finished or no head yet)
    void beginBody();
    void deliverBody(QByteArrayView bytes);
    void fail(NetworkError error, const QString &netError, const QString &text);
    void finishOk();
    void closeSocket();
    void handToQt();
    qint64 bufferLimit() const;
    void setQtHeaders(); // Qt's rawHeader() form of m_head

    QPointer<WireAccessManager> m_manager;
    QNetworkProxy m_proxy; // resolved as QNAM resolves it
    QByteArray m_method;
    QPointer<QAbstractSocket> m_socket;
    QByteArray m_requestBytes;
    QByteArray m_requestBody;
    RequestHead m_requestHead;
    bool m_viaHttpProxy = false; // plain http through an HTTP proxy: absolute-form request
    bool m_ignoreSslErrors = false;
    Stage m_stage = Stage::Connecting;
    ResponseHeadReader m_reader;
    qint64 m_bytesReceived = 0; // every byte read from the socket
    ResponseHead m_head;
    bool m_headDone = false;
    QList<ResponseHead> m_interim;
    QByteArray m_version;
    qint64 m_headBytes = 0;
    Framing m_framing = Framing::Close;
    qint64 m_remaining = 0; // Framing::Length
    ChunkedDecoder m_chunked;
    QByteArray m_buffer; // body bytes not read yet, from m_bufferPos on
    qsizetype m_bufferPos = 0;
    bool m_processQueued = false;
    QString m_netError;
    QPointer<QNetworkReply> m_inner; // Qt's reply when h2 was negotiated
};

} // namespace SseScope
