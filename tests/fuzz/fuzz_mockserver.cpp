// libFuzzer target: the mock server's request handling, bytes on a socket (docs/hardening.md).
//
// One MockServer (default scenario) listens on loopback for the whole run. Each input is written
// raw to a fresh TCP connection, to the API port or the page port (the first byte chooses); the
// answer is read until the server closes, goes quiet for a few milliseconds, or a bounded time
// passes; then the connection is aborted. QtHttpServer's own HTTP parser is not instrumented (Qt
// is not rebuilt), so coverage feedback comes from our routing and response code; crashes,
// sanitizer reports and leaks anywhere count. A server that stops accepting fails the target.
#include <server/mockserver.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

QCoreApplication *app = nullptr;
MockServer *server = nullptr;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_mockserver: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Qt's own warnings (a malformed request is logged by QtHttpServer) would flood the output.
    qputenv("QT_LOGGING_RULES", "*.warning=false;*.debug=false;*.info=false");
    app = new QCoreApplication(*argc, *argv);
    server = new MockServer;
    QString error;
    if (!server->start(ServerOptions{}, &error)) {
        std::fprintf(stderr, "fuzz_mockserver: cannot start: %s\n", qPrintable(error));
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const quint16 port = (data[0] & 1) ? server->pagePort() : server->apiPort();
    QTcpSocket socket;
    QEventLoop loop;
    QTimer overall;
    overall.setSingleShot(true);
    QTimer quiet;
    quiet.setSingleShot(true);
    QObject::connect(&overall, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&quiet, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
    qint64 received = 0;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        received += socket.readAll().size();
        quiet.start(3);
    });
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] {
        socket.write(reinterpret_cast<const char *>(data) + 1, qint64(size - 1));
    });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    overall.start(40);
    loop.exec();
    if (socket.state() != QAbstractSocket::ConnectedState && socket.state() != QAbstractSocket::UnconnectedState
        && socket.error() != QAbstractSocket::RemoteHostClosedError) {
        fail("the server did not accept the connection");
    }
    socket.abort();
    // Let the server see the close before the next input, so connections do not pile up.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 2) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return 0;
}
