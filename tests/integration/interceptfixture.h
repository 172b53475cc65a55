#pragma once

// What the intercept tests share: a test CA that signs the HTTPS Node server's certificate, the
// Node server itself (tests/node/sse-server.mjs), and the JSON lines child processes print.

#include <intercept/localca.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace SseScopeTest {

// A child process that prints JSON lines on stdout: the first one says it is ready.
class JsonLineProcess
{
public:
    ~JsonLineProcess() { stop(); }

    bool start(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000)) {
            return false;
        }
        const std::optional<QJsonObject> first = nextLine(20000);
        m_ready = first.value_or(QJsonObject());
        return first.has_value();
    }
    // The next JSON line, waiting at most timeoutMs.
    std::optional<QJsonObject> nextLine(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_process.canReadLine()) {
            if (deadline.hasExpired() || !m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
                return std::nullopt;
            }
        }
        return QJsonDocument::fromJson(m_process.readLine()).object();
    }
    // Every line still to come, once the process has ended.
    QList<QJsonObject> linesUntilExit(int timeoutMs)
    {
        m_process.waitForFinished(timeoutMs);
        QList<QJsonObject> lines;
        while (m_process.canReadLine()) {
            lines.append(QJsonDocument::fromJson(m_process.readLine()).object());
        }
        return lines;
    }
    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000)) {
                m_process.kill();
                m_process.waitForFinished();
            }
        }
    }
    const QJsonObject &ready() const { return m_ready; }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QJsonObject m_ready;
};

// A test CA and an HTTPS certificate it signed for 127.0.0.1, as PEM files for Node.
struct TestPki
{
    QTemporaryDir dir;
    QString caPath;
    QString certPath;
    QString keyPath;

    bool create()
    {
        std::optional<SseScope::LocalCa> ca = SseScope::LocalCa::openOrCreate(dir.filePath(QStringLiteral("testca")));
        if (!ca) {
            return false;
        }
        const std::optional<SseScope::LeafCertificate> leaf = ca->leafFor(QStringLiteral("127.0.0.1"));
        if (!leaf) {
            return false;
        }
        caPath = ca->certificatePath();
        certPath = dir.filePath(QStringLiteral("server.pem"));
        keyPath = dir.filePath(QStringLiteral("server-key.pem"));
        QFile cert(certPath);
        QFile key(keyPath);
        return cert.open(QIODevice::WriteOnly) && cert.write(leaf->certificate.toPem()) > 0
            && key.open(QIODevice::WriteOnly) && key.write(leaf->key.toPem()) > 0;
    }
};

inline QString nodeExecutable()
{
    return QStandardPaths::findExecutable(QStringLiteral("node"));
}

// Starts tests/node/sse-server.mjs with these arguments (HTTPS when `pki` is given).
inline bool startNodeServer(JsonLineProcess &process, QStringList arguments, const TestPki *pki = nullptr)
{
    arguments.prepend(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node/sse-server.mjs"));
    if (pki) {
        arguments << QStringLiteral("--tls-cert") << pki->certPath << QStringLiteral("--tls-key") << pki->keyPath;
    }
    return process.start(nodeExecutable(), arguments) && process.ready().value(QLatin1String("port")).toInt() > 0;
}

} // namespace SseScopeTest
