#include "eventgenerator_p.h"

namespace SseScope {

QByteArray dataLines(const QByteArray &data)
{
    QByteArray out;
    for (const QByteArray &line : data.split('\n')) {
        out += "data: " + line + '\n';
    }
    return out;
}

GeneratedEvent generatorEvent(const StreamPolicy &stream, quint64 seq)
{
    const StreamPolicy::Generator &g = stream.generator;
    GeneratedEvent e;
    e.sequence = seq;
    if (!g.eventTypes.isEmpty()) {
        e.type = g.eventTypes.at(int((seq - 1) % quint64(g.eventTypes.size()))).toUtf8();
    }
    if (e.type == "message") {
        e.type.clear();
    }
    QByteArray data;
    if (g.data) {
        data = g.data->toUtf8();
    } else {
        data = "{\"seq\":" + QByteArray::number(seq);
        if (g.payloadBytes > data.size() + 12) {
            data += ",\"pad\":\"" + QByteArray(g.payloadBytes - data.size() - 10, 'x') + '"';
        }
        data += '}';
        if (g.multiLine) {
            data.replace(",", ",\n");
            data.replace("{", "{\n");
            data.replace("}", "\n}");
        }
    }
    if (!e.type.isEmpty()) {
        e.bytes += "event: " + e.type + '\n';
    }
    e.id = stream.ids ? QByteArray::number(seq) : QByteArray();
    if (!e.id.isEmpty()) {
        e.bytes += "id: " + e.id + '\n';
    }
    e.bytes += dataLines(data) + '\n';
    return e;
}

QByteArray scriptedEventBytes(const ScriptedEvent &e, bool *isEvent)
{
    *isEvent = false;
    if (e.raw) {
        *isEvent = true;
        return *e.raw;
    }
    QByteArray bytes;
    if (e.comment) {
        bytes += ':' + e.comment->toUtf8() + '\n';
    }
    if (e.event) {
        bytes += "event: " + e.event->toUtf8() + '\n';
    }
    if (e.id) {
        bytes += "id: " + e.id->toUtf8() + '\n';
    }
    if (e.retry) {
        bytes += "retry: " + QByteArray::number(*e.retry) + '\n';
    }
    if (e.data) {
        bytes += dataLines(e.data->toUtf8());
        *isEvent = true;
    }
    bytes += '\n';
    return bytes;
}

} // namespace SseScope
