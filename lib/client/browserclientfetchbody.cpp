// BrowserClient: the body checks for fetch-based stream readers (issue 18). A fetch() reader —
// fetch-event-source, the Vercel AI SDK, an MCP client — that gets an answer that is not
// text/event-stream reads its body anyway (or the page's error branch does: `await r.json()`);
// an API's JSON error document there ({"error": {"message": …}}) is what the user never sees.
// The model says what such a body means (checkFetchStreamBody); the client keeps the first bytes
// of the body and asks once it ended.
#include "browserclient.h"
#include "browserclient_p.h"

#include <browser/fetchresponse.h>
#include <browser/mimetype.h>

#include <QNetworkReply>
#include <QTimer>

namespace SseScope {

namespace {

// Enough for any API's error document; a longer body is not one.
constexpr qsizetype kFetchBodyBytes = 64 * 1024;
// A failed fetch whose body is read: the page's `await r.json()` gets this long before the
// observation ends without it.
constexpr int kErrorBodyWaitMs = 3000;

} // namespace

void BrowserClient::watchFetchBody(const ResponseHead &head, const Decision &decision)
{
    m_fetchBodyHead.reset();
    m_fetchBody.clear();
    if (m_options.intent.mode != RequestMode::Fetch || decision.action == NextAction::SendRequest
        || !decision.netError.isEmpty() || !decision.cors.ok()) {
        return; // a redirect hop, a network error or a CORS failure: the page never reads a body
    }
    if (parseContentType(head.headers).essence.toLower() == "text/event-stream") {
        return; // a stream: the parser reads it
    }
    m_fetchBodyHead = head;
}

void BrowserClient::collectFetchBody(const QByteArray &bytes)
{
    if (!m_fetchBodyHead) {
        return;
    }
    m_fetchBody.append(bytes.left(kFetchBodyBytes - m_fetchBody.size()));
    if (m_fetchBody.size() >= kFetchBodyBytes) {
        checkFetchBody(); // past any error document: decide now
        if (m_phase == Phase::ReadingErrorBody) {
            finishFetchErrorBody();
        }
    }
}

void BrowserClient::checkFetchBody()
{
    if (!m_fetchBodyHead) {
        return;
    }
    const ResponseHead head = *m_fetchBodyHead;
    m_fetchBodyHead.reset();
    raise(checkFetchStreamBody(head, m_fetchBody), m_exchange.id);
    m_fetchBody.clear();
}

bool BrowserClient::deferFailureForFetchBody(const QString &reason)
{
    if (!m_fetchBodyHead || !m_reply || m_finished) {
        return false;
    }
    m_phase = Phase::ReadingErrorBody;
    m_fetchFailReason = reason;
    if (!m_fetchBodyTimer) {
        m_fetchBodyTimer = new QTimer(this);
        m_fetchBodyTimer->setSingleShot(true);
        connect(m_fetchBodyTimer, &QTimer::timeout, this, [this] {
            if (m_phase == Phase::ReadingErrorBody) {
                finishFetchErrorBody();
            }
        });
    }
    m_fetchBodyTimer->start(kErrorBodyWaitMs);
    // What is already in (a small error document often arrives with the head).
    if (m_reply->bytesAvailable() > 0) {
        const QByteArray bytes = m_reply->readAll();
        m_exchange.bodyBytes += bytes.size();
        collectFetchBody(bytes);
    }
    if (m_phase == Phase::ReadingErrorBody && m_reply && m_reply->isFinished()) {
        finishFetchErrorBody();
    }
    return true;
}

void BrowserClient::finishFetchErrorBody()
{
    if (m_fetchBodyTimer) {
        m_fetchBodyTimer->stop();
    }
    checkFetchBody();
    if (m_reply) {
        endCurrentExchange(false, true);
    }
    m_phase = Phase::Done;
    finishObservation(m_fetchFailReason);
}

} // namespace SseScope
