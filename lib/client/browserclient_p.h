#pragma once

// Private to BrowserClient's two source files (browserclient.cpp: the session's control;
// browserclientexchange.cpp: one exchange's request and response).

#include "browserclient.h"

namespace SseScope {

// Receives the parser's callbacks for the stream being read.
class BrowserClient::ParserSink final : public EventStreamSink
{
public:
    explicit ParserSink(BrowserClient *client)
        : m_client(client)
    {
    }
    void event(const SseEvent &event) override
    {
        m_client->m_model.onEventDispatched(event.lastEventId, true);
        m_client->m_modelLastEventId = event.lastEventId;
        ++m_client->m_summary.events;
        if (!event.lastEventId.isEmpty()) {
            ++m_client->m_summary.eventsWithId;
        }
        m_client->m_verdict.addEvents(1);
        if (events) {
            RecordedEvent recorded {m_client->m_exchange.id, atMs, event.type, event.data, event.lastEventId};
            recorded.hasId = event.hasId;
            events->append(std::move(recorded));
        }
        if (chunk) {
            ++chunk->events;
        }
    }
    void retry(const RetryField &field) override
    {
        m_client->raise(m_client->m_model.onRetryField(field.value.toByteArray()), m_client->m_exchange.id);
    }
    void comment(QByteArrayView text, qint64 offset) override
    {
        Q_UNUSED(text)
        Q_UNUSED(offset)
        ++m_client->m_summary.comments;
    }
    void error(const ParseError &error) override
    {
        if (error.kind == ParseErrorKind::LineTooLong) {
            ++m_client->m_summary.linesTooLong;
        } else {
            ++m_client->m_summary.eventsTooLarge;
        }
    }

    qint64 atMs = 0;
    QList<RecordedEvent> *events = nullptr;
    RawChunk *chunk = nullptr;

private:
    BrowserClient *m_client;
};

} // namespace SseScope
