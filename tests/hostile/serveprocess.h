#pragma once

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUrl>

namespace SseScope::Hostile {

// `ssescope serve` as a child process (the real binary: its memory is measured alone, and its
// stderr is the log the security tests read).
class ServeProcess final
{
public:
    ~ServeProcess() { stop(); }

    // Starts it and waits (bounded) for the ready line. Empty string on success, else why not.
    QString start(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(QStringLiteral(SSESCOPE_EXECUTABLE), QStringList{QStringLiteral("serve")} + arguments);
        if (!m_process.waitForStarted(10000)) {
            return m_process.errorString();
        }
        QElapsedTimer timer;
        timer.start();
        while (!m_process.canReadLine() && timer.elapsed() < 20000) {
            if (!m_process.waitForReadyRead(500) && m_process.state() != QProcess::Running) {
                return QStringLiteral("serve exited: ") + QString::fromUtf8(m_process.readAllStandardError());
            }
        }
        m_readyLine = m_process.readLine().trimmed();
        const QJsonObject ready = QJsonDocument::fromJson(m_readyLine).object();
        m_api = QUrl(ready.value(QStringLiteral("api")).toString());
        m_page = QUrl(ready.value(QStringLiteral("page")).toString());
        if (!m_api.isValid() || m_api.port() <= 0 || m_page.port() <= 0) {
            return QStringLiteral("no ready line: ") + QString::fromUtf8(m_readyLine);
        }
        return {};
    }

    // SIGTERM (a clean shutdown) and the rest of its output.
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning) {
            return;
        }
        m_process.terminate();
        if (!m_process.waitForFinished(20000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        m_stderr += m_process.readAllStandardError();
        m_stdout += m_process.readAllStandardOutput();
    }

    QByteArray takeStderr()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }

    qint64 pid() const { return m_process.processId(); }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    QByteArray readyLine() const { return m_readyLine; }
    QUrl api() const { return m_api; }
    QUrl page() const { return m_page; }

private:
    QProcess m_process;
    QByteArray m_readyLine;
    QByteArray m_stderr;
    QByteArray m_stdout;
    QUrl m_api;
    QUrl m_page;
};

} // namespace SseScope::Hostile
