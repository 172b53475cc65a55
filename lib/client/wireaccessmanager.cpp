#include "wireaccessmanager.h"

#include "wirereply.h"

namespace SseScope {

namespace {

QByteArray methodOf(QNetworkAccessManager::Operation operation, const QNetworkRequest &request)
{
    switch (operation) {
    case QNetworkAccessManager::HeadOperation:
        return QByteArrayLiteral("HEAD");
    case QNetworkAccessManager::GetOperation:
        return QByteArrayLiteral("GET");
    case QNetworkAccessManager::PutOperation:
        return QByteArrayLiteral("PUT");
    case QNetworkAccessManager::PostOperation:
        return QByteArrayLiteral("POST");
    case QNetworkAccessManager::DeleteOperation:
        return QByteArrayLiteral("DELETE");
    case QNetworkAccessManager::CustomOperation:
        return request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
    case QNetworkAccessManager::UnknownOperation:
        break;
    }
    return QByteArray();
}

} // namespace

WireAccessManager::WireAccessManager(QObject *parent)
    : QNetworkAccessManager(parent)
{
}

QNetworkReply *WireAccessManager::createQtReply(Operation operation, const QNetworkRequest &request, QIODevice *body)
{
    return QNetworkAccessManager::createRequest(operation, request, body);
}

QNetworkReply *WireAccessManager::createRequest(Operation operation, const QNetworkRequest &request, QIODevice *outgoingData)
{
    const QString scheme = request.url().scheme().toLower();
    const QByteArray method = methodOf(operation, request);
    if ((scheme != QLatin1String("http") && scheme != QLatin1String("https")) || method.isEmpty()) {
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    }
    // A request body is written whole, from the device's position to its end (QNAM's contract),
    // after a head with its Content-Length. QNAM hands a QByteArray body over as a QBuffer, and a
    // file is seekable too: their size is known before the first byte is sent. A sequential device
    // (a socket, a process, a generator) has no size until it ends, and a browser never streams
    // such a body over HTTP/1.1 (Chromium's fetch() with a ReadableStream body requires HTTP/2:
    // net::ERR_H2_OR_QUIC_REQUIRED); reading it to its end here would mean an unbounded buffer or
    // chunked framing no browser sends. So it stays with Qt's reply, which buffers it or uses the
    // Content-Length the caller set, and qtRepliesCreated() counts it.
    // A body larger than kMaxWireBodyBytes (a 1 GiB `--data-file`) is not read into memory either:
    // Qt's reply streams it from the seekable device with its Content-Length.
    QByteArray body;
    if (outgoingData) {
        if (outgoingData->isSequential() || !outgoingData->isReadable()
            || outgoingData->size() - outgoingData->pos() > kMaxWireBodyBytes) {
            ++m_qtCreated;
            return QNetworkAccessManager::createRequest(operation, request, outgoingData);
        }
        body = outgoingData->read(qMax<qint64>(0, outgoingData->size() - outgoingData->pos()));
    }
    ++m_created;
    return new WireReply(this, operation, request, method, body, this);
}

} // namespace SseScope
