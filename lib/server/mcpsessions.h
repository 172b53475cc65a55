#pragma once

// The MCP sessions the mock server holds for /mcp (MCP's Streamable HTTP transport, spec
// 2025-03-26 and 2025-06-18, "Session Management" and "Resumability and Redelivery"): each
// session's id (the Mcp-Session-Id header), its protocol version, and its streams, so that a GET
// with Last-Event-ID resumes the stream the id belongs to and no other. Owned by the server's
// thread; the router reads and changes it (mcpendpoint.cpp). No QtHttpServer here.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace SseScope {

class McpSessions
{
public:
    // One stream of a session. Its events have the ids "<number>-<k>", k from 1, so an id names
    // its stream, and ids are unique across the session's streams (as the spec asks).
    struct Stream
    {
        bool serverStream = false; // the GET stream: server notifications, one per interval
        QList<QByteArray> messages; // a POST's answer: the JSON-RPC messages it carried, in order
    };
    struct Session
    {
        QByteArray id;
        QString protocolVersion;
        int nextStream = 1;
        QHash<int, Stream> streams;
    };

    // A bounded table: beyond these, the oldest session (or a session's oldest stream) is
    // forgotten, so clients that never DELETE cannot grow the server without end.
    static constexpr int maxSessions = 1000;
    static constexpr int maxStreamsPerSession = 64;

    // A new session with a fresh id: 32 hex digits from the system's random source (visible
    // ASCII, as the spec requires, and not guessable).
    Session &create(const QString &protocolVersion);
    // The session with this id, or null (never created, deleted, or forgotten).
    Session *find(const QByteArray &id);
    // Ends the session; false when there is none with this id.
    bool remove(const QByteArray &id);
    // Records a stream of session and returns its number.
    int addStream(Session &session, Stream stream);
    int size() const { return int(m_sessions.size()); }
    void clear();

private:
    QHash<QByteArray, Session> m_sessions;
    QList<QByteArray> m_order; // oldest first
};

} // namespace SseScope
