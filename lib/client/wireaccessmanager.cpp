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

QNetworkReply *WireAccessManager::createQtReply(Operation operation, const QNetworkRequest &request)
{
    return QNetworkAccessManager::createRequest(operation, request, nullptr);
}

QNetworkReply *WireAccessManager::createRequest(Operation operation, const QNetworkRequest &request, QIODevice *outgoingData)
{
    const QString scheme = request.url().scheme().toLower();
    const QByteArray method = methodOf(operation, request);
    // A request body is not written by the wire reply (no browser request of this tool has one):
    // those stay Qt's, as do other schemes.
    if ((scheme != QLatin1String("http") && scheme != QLatin1String("https")) || outgoingData || method.isEmpty()) {
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    }
    ++m_created;
    return new WireReply(this, operation, request, method, this);
}

} // namespace SseScope
