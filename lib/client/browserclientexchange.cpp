// BrowserClient: one exchange on the wire — the request as the browser sends it, the response
// head, the body, the end of the exchange (the session's control is in browserclient.cpp).
#include "browserclient.h"
#include "browserclient_p.h"

#include "bodydecoder.h"
#include "deliverycredit.h"
#include "wireaccessmanager.h"
#include "wirereply.h"

#include <browser/corscheck.h>
#include <common/logging.h>
#include <server/serverexchange.h>

#include <QBuffer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace SseScope {

namespace {

NetworkErrorKind networkErrorKind(QNetworkReply::NetworkError error, bool bodyStarted)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return NetworkErrorKind::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
        return bodyStarted ? NetworkErrorKind::Interrupted : NetworkErrorKind::ConnectionClosed;
    case QNetworkReply::HostNotFoundError:
        return NetworkErrorKind::HostNotFound;
    case QNetworkReply::TimeoutError:
        return NetworkErrorKind::TimedOut;
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
        return NetworkErrorKind::ConnectionReset;
    default:
        return bodyStarted ? NetworkErrorKind::Interrupted : NetworkErrorKind::Other;
    }
}

// The net error Chromium shows for what QNAM reports, when the model's kind is too coarse.
QString chromiumNameFor(QNetworkReply::NetworkError error, NetworkErrorKind kind)
{
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("ERR_CERT_AUTHORITY_INVALID");
    case QNetworkReply::ProtocolFailure:
        return QStringLiteral("ERR_INVALID_HTTP_RESPONSE");
    default:
        return chromiumNetErrorName(kind);
    }
}

// QNAM's errors above 200 are about the HTTP status (404, 401, 500…): the response arrived and
// the browser judges it; those below are the transport's.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && int(error) < 200;
}

bool isLoginNoise(const Finding &finding)
{
    // The login is a plain fetch whose body nobody streams: the stream-only checks do not apply.
    return findingHasTrait(finding.id, FindingTrait::StreamOnly);
}

} // namespace

HttpHeaders browserIdentityHeaders(const BrowserProfile &profile)
{
    HttpHeaders headers;
    headers.append(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    switch (profile.kind) {
    case BrowserKind::Chromium:
        headers.append(QByteArrayLiteral("User-Agent"),
            QByteArrayLiteral("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                              "Chrome/156.0.0.0 Safari/537.36"));
        headers.append(QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("en-US,en;q=0.9"));
        break;
    case BrowserKind::Firefox:
        headers.append(QByteArrayLiteral("User-Agent"),
            QByteArrayLiteral("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0"));
        headers.append(QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("en-US,en;q=0.5"));
        break;
    case BrowserKind::Safari:
        headers.append(QByteArrayLiteral("User-Agent"),
            QByteArrayLiteral("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
                              "Gecko) Version/18.0 Safari/605.1.15"));
        headers.append(QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("en-US,en;q=0.9"));
        break;
    }
    return headers;
}

void BrowserClient::sendRequest(ExchangeKind kind, const RequestHead &planned)
{
    m_exchange = SessionExchange();
    m_exchange.id = m_nextExchangeId++;
    m_exchange.kind = kind;
    m_exchange.attempt = kind == ExchangeKind::Login ? 0 : m_model.attempts();
    m_headSeen = false;
    m_sniffBuffer.clear();
    m_decoder.reset();

    // What the browser sends: the model's request plus the browser's identity headers. Host comes
    // first on the wire in every browser; QNAM writes it from the URL.
    RequestHead browserRequest = planned;
    HttpHeaders headers;
    const QUrl &url = planned.url;
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    const QString host = url.host(QUrl::FullyEncoded)
        + (url.port(defaultPort) != defaultPort ? QLatin1Char(':') + QString::number(url.port()) : QString());
    headers.append(QByteArrayLiteral("Host"), host.toLatin1());
    const HttpHeaders identity = browserIdentityHeaders(m_options.profile);
    for (const HttpHeader &header : identity.lines()) {
        if (!planned.headers.contains(header.name)) {
            headers.append(header.name, header.value);
        }
    }
    for (const HttpHeader &header : planned.headers.lines()) {
        headers.append(header.name, header.value);
    }
    browserRequest.headers = headers;
    m_exchange.plannedRequest = browserRequest;

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    // PreferNetwork, not AlwaysNetwork: QNAM has no cache here, and AlwaysNetwork makes it add
    // `Cache-Control: no-cache` and `Pragma: no-cache` to every GET, which a browser's fetch() does
    // not send (conformance case fetch.auth-acah-listed). EventSource's own no-cache comes from the model.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // HTTP/2 as a browser has it: negotiated by ALPN over https, never cleartext h2c.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, url.scheme() == QLatin1String("https"));
    request.setAttribute(QNetworkRequest::Http2CleartextAllowedAttribute, false);
    for (const HttpHeader &header : headers.lines()) {
        if (headerNameEquals(header.name, QByteArrayLiteral("Host"))) {
            continue; // QNAM derives Host from the URL (the same value)
        }
        request.setRawHeader(header.name, header.value);
    }
    // The wire as far as QNAM's documented behaviour goes: it sends our headers as set (an
    // explicit Accept-Encoding, Accept-Language, User-Agent and Connection keep QNAM's defaults
    // out) plus Host. Anything it adds beyond that is listed in transportAddedHeaders.
    request.setAttribute(WireReply::PlannedRequestAttribute, QVariant::fromValue(browserRequest));
    m_exchange.request = browserRequest;
    // The page's body (fetch only): a string, or a file (`--data-file`) opened here and read by the
    // reply as it sends: WireReply writes it after a Content-Length at Chromium's place; one too big
    // to write in one piece stays with Qt's reply, which streams it from the file (wireaccessmanager.h).
    std::unique_ptr<QIODevice> body;
    if (planned.hasBody) {
        if (m_options.intent.bodyFile.isEmpty()) {
            auto buffer = std::make_unique<QBuffer>();
            buffer->setData(m_options.intent.body);
            body = std::move(buffer);
        } else {
            body = std::make_unique<QFile>(m_options.intent.bodyFile);
        }
        if (!body->open(QIODevice::ReadOnly)) {
            // The CLI and the window check the file first; gone since: an empty body, said once.
            qCWarning(lcClient) << "cannot read the request body" << m_options.intent.bodyFile << body->errorString();
            body = std::make_unique<QBuffer>();
            body->open(QIODevice::ReadOnly);
        }
    }
    if (body) {
        // What the session keeps of it (the HAR's request.postData): the first bytes and the size.
        const qint64 kept = Session::Limits().maxChunkBytes;
        if (m_options.intent.bodyFile.isEmpty()) {
            m_exchange.requestBody = m_options.intent.body.left(kept);
            m_exchange.requestBodySize = m_options.intent.body.size();
        } else {
            m_exchange.requestBody = body->peek(kept);
            m_exchange.requestBodySize = body->size();
        }
    }
    QNetworkReply *reply = body ? m_nam->sendCustomRequest(request, planned.method, body.get())
        : planned.method == "GET" ? m_nam->get(request)
                                  : m_nam->sendCustomRequest(request, planned.method);
    if (body) {
        body.release()->setParent(reply); // read while the reply uploads, deleted with it
    }
    const bool wire = qobject_cast<WireReply *>(reply) != nullptr;
    if (const auto *wireReply = qobject_cast<const WireReply *>(reply)) {
        m_exchange.request.headers = wireReply->requestHead().headers; // with a body's Content-Length
    }
    // A WireReply writes exactly the planned request; Qt's own reply (a scheme or body it keeps)
    // adds its defaults.
    for (const QByteArray &name : {QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("Accept-Language"),
             QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Connection")}) {
        if (!wire && !headers.contains(name)) {
            m_exchange.transportAddedHeaders.append(name);
            const QByteArray value = name == "Accept-Encoding" ? QByteArrayLiteral("gzip, deflate")
                : name == "Accept-Language"                    ? QByteArrayLiteral("en-US,*")
                : name == "User-Agent"                         ? QByteArrayLiteral("Mozilla/5.0")
                                                               : QByteArrayLiteral("Keep-Alive");
            m_exchange.request.headers.append(name, value);
        }
    }

    reply->setReadBufferSize(m_options.readBufferBytes);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onMetaDataChanged(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &) { onSslErrors(reply); });

    m_exchange.startedMs = nowMs();
    qCDebug(lcClient) << "sent" << exchangeKindName(kind) << planned.method << urlForLog(url);
    Q_EMIT exchangeUpdated(m_exchange);
}

void BrowserClient::onSslErrors(QNetworkReply *reply)
{
    if (reply != m_reply || !m_options.acceptInvalidCertificates) {
        return;
    }
    reply->ignoreSslErrors();
    raise({makeFinding("transport.certificate-not-verified", chromiumUrlString(reply->url()))}, m_exchange.id);
}

void BrowserClient::onMetaDataChanged(QNetworkReply *reply)
{
    if (reply != m_reply || m_headSeen) {
        return;
    }
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        return;
    }
    m_headSeen = true;
    const auto *wire = qobject_cast<const WireReply *>(reply);
    ResponseHead head;
    head.status = status.toInt();
    head.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    // QNAM joins repeated header lines (", " — Fetch's own combination — and "\n" for Set-Cookie);
    // Set-Cookie lines are split back, other repeats stay combined.
    const QList<QNetworkReply::RawHeaderPair> pairs = wire ? QList<QNetworkReply::RawHeaderPair>() : reply->rawHeaderPairs();
    for (const QNetworkReply::RawHeaderPair &pair : pairs) {
        if (headerNameEquals(pair.first, QByteArrayLiteral("Set-Cookie"))) {
            const QList<QByteArray> lines = pair.second.split('\n');
            for (const QByteArray &line : lines) {
                head.headers.append(pair.first, line);
            }
        } else {
            head.headers.append(pair.first, pair.second);
        }
    }
    if (wire) {
        head = wire->rawHead(); // every line as received: order, repeats, empty values
        m_exchange.interimResponses = wire->interimHeads();
    }
    m_exchange.response = head;
    m_exchange.httpVersion = wire ? wire->httpVersion()
        : reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? QByteArrayLiteral("2")
                                                                             : QByteArrayLiteral("1.1");
    m_exchange.firstByteMs = nowMs();
    Q_EMIT exchangeUpdated(m_exchange);

    const bool http1 = m_exchange.httpVersion.startsWith('1');
    // The head was at least this long on the wire (each field as "name: value\r\n"; QNAM joined
    // repeats, which only shortens it): past Chromium's cap, Chromium never had a response.
    qint64 minimumHeadBytes = QByteArrayLiteral("HTTP/1.1 200 \r\n\r\n").size() + head.reasonPhrase.size();
    for (const HttpHeader &field : head.headers.lines()) {
        minimumHeadBytes += field.name.size() + field.value.size() + 4;
    }
    if (!wire && http1 && minimumHeadBytes > chromiumMaxResponseHeadBytes) {
        failHeadTooBig(QStringLiteral("at least %1 bytes of response head (from the %2 header fields Qt read), over "
                                      "Chromium's %3")
                           .arg(minimumHeadBytes)
                           .arg(head.headers.size())
                           .arg(chromiumMaxResponseHeadBytes));
        return;
    }
    dispatchResponseHead();
}

void BrowserClient::dispatchResponseHead()
{
    const ResponseHead head = *m_exchange.response;
    switch (m_exchange.kind) {
    case ExchangeKind::Login: {
        const Decision decision = m_loginModel->onResponse(head);
        noteNetError(decision);
        const quint64 id = m_exchange.id;
        QList<Finding> findings;
        for (const Finding &finding : decision.findings) {
            if (!isLoginNoise(finding)) {
                findings.append(finding);
            }
        }
        if (decision.action == NextAction::SendRequest && decision.request) {
            endCurrentExchange(false, true);
            sendRequest(ExchangeKind::Login, *decision.request);
            drainCookies(id, m_exchange.id);
            raise(findings, id);
            return;
        }
        drainCookies(id, id);
        raise(findings, id);
        addConsole(decision.console);
        // The page only awaited the response; the body does not matter. Stop reading it.
        endCurrentExchange(false, true);
        finishLogin();
        return;
    }
    case ExchangeKind::Preflight: {
        const Decision decision = m_model.onPreflightResponse(head, nowMs());
        noteNetError(decision);
        endCurrentExchange(false, true);
        apply(decision, QStringLiteral("preflight answered"));
        return;
    }
    case ExchangeKind::Stream:
    case ExchangeKind::Redirect:
        handleStreamHead();
        return;
    }
}

void BrowserClient::noteNetError(const Decision &decision)
{
    // A response the browser turns into a network error (an origin's 407 in Chromium): the
    // exchange keeps the head as received and carries the browser's net error.
    if (!decision.netError.isEmpty()) {
        m_exchange.netError = decision.netError;
        m_exchange.errorDetail = QStringLiteral("status %1, taken as a network error").arg(m_exchange.response->status);
    }
}

void BrowserClient::handleStreamHead()
{
    const ResponseHead head = *m_exchange.response;
    // Decode the body as the browser would, deliberately (QNAM does not: we set Accept-Encoding).
    const QByteArray encoding = head.headers.combinedValue(QByteArrayLiteral("Content-Encoding"));
    m_decoder = encoding.isEmpty() ? nullptr : BodyDecoder::create(encoding);
    if (!encoding.isEmpty() && !m_decoder && trimmedHeaderValue(encoding).toLower() != "identity") {
        // A coding no browser decodes (or a list of them): the page would get a network error
        // when it reads; we pass the bytes through and say so.
        m_exchange.errorDetail
            = QStringLiteral("Content-Encoding '%1' is not decoded").arg(QString::fromLatin1(encoding));
    }
    m_exchange.bodyDecompressed = m_decoder != nullptr;
    const Decision decision = m_model.onResponse(head);
    noteNetError(decision);
    watchFetchBody(head, decision);
    if (decision.action == NextAction::SendRequest) {
        m_exchange.kind = ExchangeKind::Redirect;
    }
    apply(decision, decision.action == NextAction::SendRequest ? QStringLiteral("redirect") : QString());
}

void BrowserClient::onReadyRead(QNetworkReply *reply)
{
    if (reply != m_reply) {
        return;
    }
    if (!m_headSeen) {
        onMetaDataChanged(reply);
        if (reply != m_reply) {
            return;
        }
    }
    if (m_readPaused) {
        return; // the consumer has not caught up: the reply buffers, then TCP pushes back
    }
    const QByteArray bytes = reply->readAll();
    if (!bytes.isEmpty()) {
        if (m_phase == Phase::ReadingErrorBody) {
            m_exchange.bodyBytes += bytes.size(); // the page's code reads a failed fetch's body
            collectFetchBody(bytes);
        } else if (m_phase != Phase::Streaming && m_phase != Phase::Sniffing) {
            m_exchange.bodyBytes += bytes.size(); // a body nobody reads (an error page before a decision)
        } else {
            handleBody(bytes);
        }
    }
}

void BrowserClient::handleBody(const QByteArray &wireBytes)
{
    const qint64 at = nowMs();
    const QByteArray bytes = m_decoder ? m_decoder->decode(wireBytes) : wireBytes;
    if (m_decoder && m_decoder->failed() && m_exchange.errorDetail.isEmpty()) {
        m_exchange.errorDetail = QStringLiteral("the compressed body does not decode");
    }
    collectFetchBody(bytes);
    RawChunk chunk;
    chunk.exchangeId = m_exchange.id;
    chunk.receivedMs = at;
    chunk.offset = m_exchange.bodyBytes;
    chunk.size = bytes.size();
    // Only what the session keeps of a chunk crosses to the caller's thread, in an allocation of
    // its own size: a read's buffer is allocated with room to grow (readAll() of 64 KiB holds
    // 128 KiB), and the session, which keeps the newest 64 MiB of chunks, would hold twice that.
    chunk.bytes = QByteArray(bytes.constData(), qMin<qsizetype>(bytes.size(), Session::Limits().maxChunkBytes));
    m_exchange.bodyBytes += bytes.size();
    ++m_exchange.chunks;

    if (!m_utf8ErrorSeen) {
        // decode() is lazy: the result must be materialised for the decoder to see the bytes.
        const QString decoded = m_utf8.decode(bytes);
        Q_UNUSED(decoded)
        if (m_utf8.hasError()) {
            m_utf8ErrorSeen = true;
            m_summary.invalidUtf8Sequences = 1;
        }
    }

    QList<RecordedEvent> events;
    if (m_phase == Phase::Sniffing) {
        m_sniffBuffer.append(bytes);
        if (m_sniffBuffer.size() >= 1024) {
            const Decision decision = m_model.onSniffedBody(m_sniffBuffer.left(1024));
            apply(decision, QString());
            if (m_phase == Phase::Streaming) {
                feedParser(m_sniffBuffer, at, &chunk, &events);
            }
            m_sniffBuffer.clear();
        }
    } else {
        feedParser(bytes, at, &chunk, &events);
    }
    m_summary.chunks.append(ChunkArrival {at - m_exchange.startedMs, chunk.size, chunk.events});
    const QList<RawChunk> chunks {chunk};
    if (m_credit) {
        m_credit->sent(deliveryCost(chunks, events));
    }
    Q_EMIT bodyReceived(chunks, events);
    if (m_credit && m_credit->exhausted() && m_credit->pause()) {
        m_readPaused = true;
    }
    if (!events.isEmpty()) {
        publishVerdict(QString());
    }
    if (m_options.maxEvents > 0 && qint64(m_verdict.verdict().events) >= m_options.maxEvents) {
        finishObservation(QStringLiteral("max events"));
    }
}

void BrowserClient::resumeReading()
{
    m_readPaused = false;
    if (m_reply && m_reply->bytesAvailable() > 0) {
        onReadyRead(m_reply.data());
    }
}

void BrowserClient::feedParser(const QByteArray &bytes, qint64 atMs, RawChunk *chunk, QList<RecordedEvent> *events)
{
    m_sink->atMs = atMs;
    m_sink->events = events;
    m_sink->chunk = chunk;
    m_parser->feed(bytes);
    m_sink->events = nullptr;
    m_sink->chunk = nullptr;
    // An `id:` block without data changes the last event ID without an event (HTML §9.2.6).
    if (m_parser->lastEventId() != m_modelLastEventId) {
        m_modelLastEventId = m_parser->lastEventId();
        m_model.onEventDispatched(m_modelLastEventId, false);
    }
}

void BrowserClient::onFinished(QNetworkReply *reply)
{
    if (reply != m_reply) {
        reply->deleteLater();
        return;
    }
    if (!m_headSeen && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) {
        onMetaDataChanged(reply); // e.g. a 401 QNAM held back for its authentication signal
        if (reply != m_reply) {
            reply->deleteLater();
            return;
        }
    }
    if (m_phase == Phase::ReadingErrorBody) {
        const QByteArray rest = reply->readAll();
        m_exchange.bodyBytes += rest.size();
        m_exchange.endedMs = nowMs();
        collectFetchBody(rest);
        if (m_phase == Phase::ReadingErrorBody) {
            finishFetchErrorBody();
        }
        return;
    }
    reply->deleteLater();
    if (m_headSeen && (m_phase == Phase::Streaming || m_phase == Phase::Sniffing)) {
        const QByteArray rest = reply->readAll();
        if (!rest.isEmpty()) {
            handleBody(rest);
        }
        if (reply != m_reply) {
            return;
        }
    }
    const QNetworkReply::NetworkError error = reply->error();
    const bool transportError = isTransportError(error);
    const auto *wire = qobject_cast<const WireReply *>(reply);
    const QString wireNetError = wire ? wire->chromiumNetError() : QString();
    if (!m_headSeen && wireNetError == QLatin1String("ERR_RESPONSE_HEADERS_TOO_BIG")) {
        m_reply = nullptr;
        failHeadTooBig(QStringLiteral("read %1 bytes of response head without its end (Chromium's cap)")
                           .arg(chromiumMaxResponseHeadBytes));
        return;
    }
    m_exchange.endedMs = nowMs();
    if (transportError) {
        m_exchange.errorDetail = reply->errorString();
    }
    m_reply = nullptr;

    if (m_headSeen && (m_phase == Phase::Streaming || m_phase == Phase::Sniffing)) {
        m_parser->finish();
        checkFetchBody(); // a fetch answer that was not a stream: its whole body is in
        Decision decision;
        if (transportError) {
            const NetworkErrorKind kind = networkErrorKind(error, true);
            m_exchange.netError = wireNetError.isEmpty() ? chromiumNameFor(error, kind) : wireNetError;
            decision = m_model.onNetworkError(kind);
        } else {
            decision = m_model.onEndOfBody();
        }
        finishStreamSummary(true);
        releaseConnection();
        Q_EMIT exchangeUpdated(m_exchange);
        apply(decision, transportError ? QStringLiteral("interrupted") : QStringLiteral("end of body"));
        return;
    }
    if (m_headSeen) {
        // A response judged at its head whose body then ended (an error page, a held response).
        Q_EMIT exchangeUpdated(m_exchange);
        return;
    }
    // No response at all: a network error.
    const NetworkErrorKind kind = networkErrorKind(error, false);
    m_exchange.netError = wireNetError.isEmpty() ? chromiumNameFor(error, kind) : wireNetError;
    if (m_exchange.errorDetail.isEmpty()) {
        m_exchange.errorDetail = reply->errorString();
    }
    Q_EMIT exchangeUpdated(m_exchange);
    if (m_exchange.kind == ExchangeKind::Login) {
        const Decision decision = m_loginModel->onNetworkError(kind);
        raise(decision.findings, m_exchange.id);
        addConsole(decision.console);
        finishLogin();
        return;
    }
    apply(m_model.onNetworkError(kind), QStringLiteral("network error"));
}

void BrowserClient::releaseReply(QNetworkReply *reply, bool abortReply)
{
    disconnect(reply, nullptr, this, nullptr);
    // QNAM reports an error status (4xx/5xx) as an error of its own from the HTTP thread;
    // aborting before it lands makes it report twice (a Qt warning). Such a reply is an error
    // page: let it finish (its buffer is bounded) and drop it then. The status is QNAM's own.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isFinished()) {
        reply->deleteLater();
    } else if (abortReply && (status < 400 || qobject_cast<WireReply *>(reply))) {
        reply->abort();
        reply->deleteLater();
    } else {
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        connect(reply, &QNetworkReply::readyRead, reply, [reply] { reply->skip(reply->bytesAvailable()); });
    }
}

void BrowserClient::failHeadTooBig(const QString &detail)
{
    // Chromium fails the request at 256 KiB of head: a network error, ERR_RESPONSE_HEADERS_TOO_BIG.
    const quint64 id = m_exchange.id;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (reply) {
        releaseReply(reply, true);
    }
    const NetworkErrorKind kind = NetworkErrorKind::ResponseHeadersTooBig;
    m_exchange.response.reset(); // the browser never had a response
    m_exchange.httpVersion.clear();
    m_exchange.firstByteMs = -1;
    m_exchange.netError = chromiumNetErrorName(kind);
    m_exchange.errorDetail = detail;
    m_exchange.endedMs = nowMs();
    Q_EMIT exchangeUpdated(m_exchange);
    raise({makeFinding("http.response-headers-too-big", detail)}, id);
    if (m_exchange.kind == ExchangeKind::Login) {
        const Decision decision = m_loginModel->onNetworkError(kind);
        raise(decision.findings, id);
        addConsole(decision.console);
        finishLogin();
        return;
    }
    apply(m_model.onNetworkError(kind), QStringLiteral("network error"));
}

} // namespace SseScope
