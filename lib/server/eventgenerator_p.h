#pragma once

// Private to lib/server: the bytes of the events a scenario's stream writes.

#include <scenario/scenario.h>

#include <QByteArray>

namespace SseScope {

// One generator event of the scenario (the per-connection generator and the broadcast share it).
struct GeneratedEvent
{
    quint64 sequence = 0;
    QByteArray id;
    QByteArray type;
    QByteArray bytes; // the whole event, blank line included
};

// Splits text on "\n" into data: lines (the HTML standard joins them back with "\n").
QByteArray dataLines(const QByteArray &data);

// Event number seq (from 1) of the scenario's generator.
GeneratedEvent generatorEvent(const StreamPolicy &stream, quint64 seq);

// The bytes of one scripted item, blank line included. *isEvent: whether it dispatches an event
// (it has data, or is raw bytes) rather than being a comment, a retry or an id alone.
QByteArray scriptedEventBytes(const ScriptedEvent &e, bool *isEvent);

} // namespace SseScope
