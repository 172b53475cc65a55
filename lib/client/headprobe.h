#pragma once

#include <common/httpheaders.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

class QAbstractSocket;
class QTimer;

namespace SseScope {

// Chromium's cap on an HTTP/1.x response head: the head, through the empty line that ends it, must
// fit in 256 KiB, or the request fails with net::ERR_RESPONSE_HEADERS_TOO_BIG (net/http/
// http_stream_parser.cc: kMaxHeaderBufSize = kHeaderBufInitialSize (4 KiB) * 64).
inline constexpr qint64 chromiumMaxResponseHeadBytes = 256 * 1024;

// Reads one HTTP/1.x response head from bytes as they arrive, with a hard cap, the way Chromium
// frames it: the head ends at the first empty line (LF or CRLF line ends, mixed; HttpUtil::
// LocateEndOfHeaders), folded continuation lines join the previous field with a space, lines
// without a colon are dropped, and field order and duplicates are kept. It never holds more than
// the cap. Written by us because Qt's parser (QHttpHeaderParser) is private, and it is exactly the
// part we cannot use: Qt 6.4 drops every field of a head with more than 100 fields or a field over
// 100 KiB (measured with Qt 6.4.2), which Chromium accepts.
class ResponseHeadReader final
{
public:
    enum class State
    {
        NeedMore, // no empty line yet, under the cap
        Complete, // head() is the whole head
        TooBig, // the cap is full and the head has not ended
        Malformed, // the head ended, but its first line is not an HTTP/1.x status line
    };

    explicit ResponseHeadReader(qint64 maxHeadBytes = chromiumMaxResponseHeadBytes);

    // Takes what the head needs from `data`; returns how many bytes it took (the rest is body).
    // Once the state is not NeedMore it takes nothing more.
    qsizetype feed(QByteArrayView data);

    State state() const { return m_state; }
    // Bytes of head read: through the empty line when Complete, the cap when TooBig.
    qint64 headBytes() const { return m_buffer.size(); }
    const ResponseHead &head() const { return m_head; } // valid when Complete
    QByteArray httpVersion() const { return m_version; } // "1.1", "1.0"; when Complete
    int foldedLines() const { return m_folded; }
    int droppedLines() const { return m_dropped; } // lines without a colon

private:
    void parse();

    qint64 m_max;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0; // where the search for the empty line resumes
    State m_state = State::NeedMore;
    ResponseHead m_head;
    QByteArray m_version;
    int m_folded = 0;
    int m_dropped = 0;
};

// What one probe found.
struct HeadProbeResult
{
    enum class Outcome
    {
        Complete, // the whole head arrived within the cap
        TooBig, // more than the cap without its end: Chromium's ERR_RESPONSE_HEADERS_TOO_BIG
        Malformed, // a head that is not an HTTP/1.x response
        Closed, // the server closed the connection before the head ended
        Failed, // could not connect, TLS refused, or another socket error
        TimedOut, // no verdict within the probe's time
    };

    Outcome outcome = Outcome::Failed;
    ResponseHead head; // when Complete
    QByteArray httpVersion; // when Complete
    qint64 headBytes = 0; // bytes of head read
    qint64 elapsedMs = 0;
    QString errorString; // Failed: the socket's words
};
QString headProbeOutcomeName(HeadProbeResult::Outcome outcome); // "complete", "too big", …

// A second, bounded look at a response head, for when QNetworkAccessManager cannot tell the client
// what the head was: it sends the same request head again on a connection of its own (QTcpSocket,
// or QSslSocket for https), reads at most `maxHeadBytes` of response head with ResponseHeadReader,
// then closes. The caller must make the extra request visible (it is a real request to the server).
// Lives on the client thread; emits finished() once, unless abort() was called first.
class HeadProbe final : public QObject
{
    Q_OBJECT

public:
    explicit HeadProbe(QObject *parent = nullptr);
    ~HeadProbe() override;

    void setAcceptInvalidCertificates(bool accept) { m_acceptInvalidCertificates = accept; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxHeadBytes(qint64 bytes) { m_maxHeadBytes = bytes; }

    // `request.url` says where; the head is written as HTTP/1.1 with `request.headers` in order
    // (Host first when the caller put it first). No body is sent.
    void start(const RequestHead &request);
    void abort(); // closes the connection; finished() is not emitted
    bool isRunning() const { return m_socket != nullptr; }

    // The request line and header lines as the probe writes them.
    static QByteArray serializeRequest(const RequestHead &request);

Q_SIGNALS:
    void finished(const SseScope::HeadProbeResult &result);

private:
    void onReadyRead();
    void onSocketGone(const QString &error, bool closedByPeer);
    void finish(HeadProbeResult::Outcome outcome, const QString &error = QString());
    void closeSocket();

    bool m_acceptInvalidCertificates = false;
    int m_timeoutMs = 3000;
    qint64 m_maxHeadBytes = chromiumMaxResponseHeadBytes;
    QPointer<QAbstractSocket> m_socket;
    QTimer *m_timer = nullptr;
    ResponseHeadReader m_reader;
    QByteArray m_requestBytes;
    QElapsedTimer m_elapsed;
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::HeadProbeResult)
