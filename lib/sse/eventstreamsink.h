#pragma once

#include "sseevent.h"

#include <QList>

namespace SseScope {

// What an EventStreamParser reports, in stream order. A plain interface rather than signals:
// the parser runs at gigabytes per second and a virtual call per event costs nothing next to a
// queued signal. Implementations decide what to keep; the parser owns nothing of theirs.
class EventStreamSink
{
public:
    virtual ~EventStreamSink();

    // A dispatched MessageEvent. The reference is valid during the call only: copy what you keep
    // (QByteArray copies are shared, so copying is cheap).
    virtual void event(const SseEvent &event) = 0;
    // Every `retry:` field, accepted or ignored.
    virtual void retry(const RetryField &field);
    // A comment line (`:` first); text is what follows the colon, valid during the call only.
    // Servers send these as heartbeats.
    virtual void comment(QByteArrayView text, qint64 offset);
    // Input dropped because a limit was reached; parsing goes on at the next line (or event).
    virtual void error(const ParseError &error);
};

// A sink that keeps everything: for tests, the CLI's JSON output and small streams. Memory grows
// with the number of events, so a long-lived client should use its own sink.
class EventCollector final : public EventStreamSink
{
public:
    void event(const SseEvent &event) override;
    void retry(const RetryField &field) override;
    void comment(QByteArrayView text, qint64 offset) override;
    void error(const ParseError &error) override;

    QList<SseEvent> events;
    QList<ParseError> errors;
    QList<QByteArray> comments;
    std::optional<qint64> reconnectionTimeMs; // the last accepted `retry:` value
    int retryFields = 0; // every `retry:` field, accepted or not

    void clear();
};

} // namespace SseScope
