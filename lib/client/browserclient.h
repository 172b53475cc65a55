#pragma once

#include "clientoptions.h"

#include <browser/cookiejar.h>
#include <browser/eventsourcemodel.h>
#include <browser/jarcookieprovider.h>
#include <browser/preflight.h>
#include <browser/productionchecks.h>
#include <session/session.h>
#include <sse/eventstreamparser.h>

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringDecoder>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace SseScope {

class BodyDecoder;
class DeliveryCredit;

// The headers every request of a browser carries besides what the browser model plans (the model
// decides what matters for CORS and cookies; these identify the browser): User-Agent and
// Accept-Language per profile, and Connection: keep-alive as Chromium sends it over HTTP/1.1.
HttpHeaders browserIdentityHeaders(const BrowserProfile &profile);

// Carries out one browser session on the network. Lives on the client thread
// (BrowserClientController moves it there); every public slot must be called on that thread.
//
// It asks the browser model what to send and sends exactly that through QNetworkAccessManager,
// with every automatic behaviour of QNAM turned off where a browser would behave differently:
// manual redirects (each hop is checked by the model and recorded), no QNAM cookie jar (our jar
// applies the model's rules), no HTTP cache, no automatic authentication, our own Accept-Encoding
// (so QNAM does not decompress behind our back: we decode gzip/deflate ourselves and record it).
// The body is read on every readyRead, timestamped, fed to the parser, and the model is asked
// after every step; reconnects follow the model's delay and Last-Event-ID.
class BrowserClient final : public QObject
{
    Q_OBJECT

public:
    // `monotonicStartUs`: monotonicMicroseconds() at session time 0.
    BrowserClient(const ClientOptions &options, qint64 monotonicStartUs, QObject *parent = nullptr);
    ~BrowserClient() override;

    // Back pressure towards the consumer of bodyReceived() (see DeliveryCredit): while the
    // credit is exhausted the client reads no more of the body. Without one it reads as fast as
    // the socket gives. Set before start().
    void setDeliveryCredit(std::shared_ptr<DeliveryCredit> credit) { m_credit = std::move(credit); }
    // The consumer caught up (DeliveryCredit::received() said so): read what waited.
    void resumeReading();

    void start();
    // Ends the observation: aborts what is in flight, adds the final wire findings, emits
    // finished(). Idempotent.
    void stop();

Q_SIGNALS:
    void exchangeUpdated(const SseScope::SessionExchange &exchange);
    void bodyReceived(const QList<SseScope::RawChunk> &chunks, const QList<SseScope::RecordedEvent> &events);
    void cookiesRecorded(const QList<SseScope::RecordedCookie> &cookies);
    void findingsRaised(const QList<SseScope::Finding> &findings, qint64 atMs, quint64 exchangeId);
    void verdictChanged(const SseScope::Verdict &verdict, qint64 atMs, const QString &reason);
    void finished();

private:
    enum class Phase
    {
        Idle,
        Login,
        Preflight,
        AwaitingResponse,
        Sniffing,
        Streaming,
        // fetch: the answer failed the page's stream (a non-ok status) and the page's code reads
        // its body (`await response.json()`): read it, bounded, for checkFetchStreamBody
        ReadingErrorBody,
        Done
    };
    class ParserSink;
    friend class ParserSink;

    qint64 nowMs() const;
    void startLogin();
    void finishLogin();
    void startAttempt();
    void sendRequest(ExchangeKind kind, const RequestHead &planned);
    void onMetaDataChanged(QNetworkReply *reply);
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void onSslErrors(QNetworkReply *reply);
    void dispatchResponseHead();
    void handleStreamHead();
    void noteNetError(const Decision &decision);
    void failHeadTooBig(const QString &detail);
    void releaseReply(QNetworkReply *reply, bool abortReply);
    void handleBody(const QByteArray &wireBytes);
    void feedParser(const QByteArray &bytes, qint64 atMs, RawChunk *chunk, QList<RecordedEvent> *events);
    void apply(const Decision &decision, const QString &reason);
    void endCurrentExchange(bool closedByClient, bool abortReply);
    void finishStreamSummary(bool endedByServer);
    void checkStreamLive();
    void releaseConnection();
    void drainCookies(quint64 setExchangeId, quint64 sentExchangeId);
    void raise(const QList<Finding> &findings, quint64 exchangeId);
    void addConsole(const QStringList &lines);
    void publishVerdict(const QString &reason);
    void finishObservation(const QString &reason);
    // fetch readers (browserclientfetchbody.cpp): the first bytes of an answer that is not an event
    // stream, checked once the body ended (fetch.json-error-body).
    void watchFetchBody(const ResponseHead &head, const Decision &decision);
    void collectFetchBody(const QByteArray &bytes);
    void checkFetchBody();
    bool deferFailureForFetchBody(const QString &reason);
    void finishFetchErrorBody();

    ClientOptions m_options;
    qint64 m_startUs;
    QNetworkAccessManager *m_nam = nullptr;
    QTimer *m_windowTimer = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_liveTimer = nullptr; // the timing findings while a stream is open

    CookieJar m_jar;
    JarCookieProvider m_cookies;
    PreflightCache m_preflightCache;
    EventSourceModel m_model;
    std::unique_ptr<EventSourceModel> m_loginModel;
    std::unique_ptr<ParserSink> m_sink;
    std::unique_ptr<EventStreamParser> m_parser;

    Phase m_phase = Phase::Idle;
    bool m_finished = false;
    quint64 m_nextExchangeId = 1;
    QPointer<QNetworkReply> m_reply;
    SessionExchange m_exchange; // the exchange in flight
    bool m_headSeen = false;
    std::optional<RequestHead> m_pendingRequest; // the request to send after the preflight
    QByteArray m_sniffBuffer;
    std::unique_ptr<BodyDecoder> m_decoder;
    QStringDecoder m_utf8;
    bool m_utf8ErrorSeen = false;
    StreamSummary m_summary;
    bool m_summaryActive = false;
    QSet<QString> m_liveRaised; // timing finding ids already raised for the open stream
    QString m_connectionKey; // the host this stream holds a connection to (HTTP/1.1), or empty
    VerdictBuilder m_verdict;
    QByteArray m_modelLastEventId; // what the model was last told, to catch ID-only blocks
    std::shared_ptr<DeliveryCredit> m_credit;
    bool m_readPaused = false; // the credit is exhausted: the body waits in the reply
    std::optional<ResponseHead> m_fetchBodyHead; // the fetch answer whose body is being kept
    QByteArray m_fetchBody; // its first bytes (bounded)
    QString m_fetchFailReason; // ReadingErrorBody: the failure to publish once the body is read
    QTimer *m_fetchBodyTimer = nullptr; // ReadingErrorBody: how long the page's read may take
};

} // namespace SseScope
