// The default sink callbacks, EventCollector and ParseError's texts (eventstreamsink.h, sseevent.h).

#include "eventstreamsink.h"

namespace SseScope {

EventStreamSink::~EventStreamSink() = default;

void EventStreamSink::retry(const RetryField &field)
{
    Q_UNUSED(field)
}

void EventStreamSink::comment(QByteArrayView text, qint64 offset)
{
    Q_UNUSED(text)
    Q_UNUSED(offset)
}

void EventStreamSink::error(const ParseError &error)
{
    Q_UNUSED(error)
}

void EventCollector::event(const SseEvent &event)
{
    events.append(event);
}

void EventCollector::retry(const RetryField &field)
{
    ++retryFields;
    if (field.milliseconds) {
        reconnectionTimeMs = field.milliseconds;
    }
}

void EventCollector::comment(QByteArrayView text, qint64 offset)
{
    Q_UNUSED(offset)
    comments.append(text.toByteArray());
}

void EventCollector::error(const ParseError &error)
{
    errors.append(error);
}

void EventCollector::clear()
{
    events.clear();
    errors.clear();
    comments.clear();
    reconnectionTimeMs.reset();
    retryFields = 0;
}

QString ParseError::kindName(ParseErrorKind kind)
{
    switch (kind) {
    case ParseErrorKind::LineTooLong:
        return QStringLiteral("LineTooLong");
    case ParseErrorKind::EventTooLarge:
        return QStringLiteral("EventTooLarge");
    }
    return QString();
}

QString ParseError::message() const
{
    switch (kind) {
    case ParseErrorKind::LineTooLong:
        return QStringLiteral("the line at byte %1 is longer than the limit of %2 bytes (at least %3); it was "
                              "skipped, and the event it belonged to was not dispatched")
            .arg(offset)
            .arg(limit)
            .arg(bytes);
    case ParseErrorKind::EventTooLarge:
        return QStringLiteral("the event at byte %1 has more than %2 bytes of data (%3 so far); it was not "
                              "dispatched")
            .arg(offset)
            .arg(limit)
            .arg(bytes);
    }
    return QString();
}

} // namespace SseScope
