// ScenarioRecovery: unsaved scenario edits survive a crash of the app (docs/hardening.md).
#include <scenario/presetlibrary.h>
#include <scenario/scenariorecovery.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>
#include <sys/wait.h>

using namespace SseScope;

class tst_ScenarioRecovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void defaultDirectoryIsAppData();
    void storedEditsArePending();
    void oneFilePerDocument();
    void discardRemovesOnlyThatDocument();
    void survivesAProcessKilledAfterStore();
    void brokenFilesAreReportedNotLost();
};

void tst_ScenarioRecovery::defaultDirectoryIsAppData()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(ScenarioRecovery::defaultDirectory().startsWith(
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QVERIFY(ScenarioRecovery::defaultDirectory().endsWith(QStringLiteral("/recovery")));
    QStandardPaths::setTestModeEnabled(false);
}

void tst_ScenarioRecovery::storedEditsArePending()
{
    QTemporaryDir dir;
    ScenarioRecovery recovery(dir.path() + QStringLiteral("/recovery"));
    QVERIFY(recovery.pending().isEmpty());
    Scenario edited = PresetLibrary::defaultScenario();
    edited.title = QStringLiteral("edited, not saved");
    edited.response.status = 503;
    QString error;
    QVERIFY2(recovery.store(edited, dir.path() + QStringLiteral("/mine.json"), &error), qPrintable(error));
    edited.title = QStringLiteral("edited twice");
    QVERIFY2(recovery.store(edited, dir.path() + QStringLiteral("/mine.json"), &error), qPrintable(error));

    QStringList problems;
    const QList<ScenarioRecovery::Entry> pending = recovery.pending(&problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).scenario, edited); // the last store wins, whole
    QCOMPARE(pending.at(0).documentPath, dir.path() + QStringLiteral("/mine.json"));
    QVERIFY(pending.at(0).storedAt.isValid());
    QVERIFY(QFile::exists(pending.at(0).recoveryFile));
}

void tst_ScenarioRecovery::oneFilePerDocument()
{
    QTemporaryDir dir;
    ScenarioRecovery recovery(dir.path());
    Scenario a = PresetLibrary::defaultScenario();
    a.title = QStringLiteral("a");
    Scenario b = a;
    b.title = QStringLiteral("b");
    Scenario untitled = a;
    untitled.title = QStringLiteral("untitled");
    QVERIFY(recovery.store(a, QStringLiteral("/some/where/a.json")));
    QVERIFY(recovery.store(b, QStringLiteral("/some/where/b.json")));
    QVERIFY(recovery.store(untitled, QString()));
    QVERIFY(recovery.fileFor(QStringLiteral("/some/where/a.json")) != recovery.fileFor(QStringLiteral("/some/where/b.json")));
    QStringList titles;
    for (const ScenarioRecovery::Entry &entry : recovery.pending()) {
        titles << entry.scenario.title;
    }
    titles.sort();
    QCOMPARE(titles, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("untitled")}));
}

void tst_ScenarioRecovery::discardRemovesOnlyThatDocument()
{
    QTemporaryDir dir;
    ScenarioRecovery recovery(dir.path());
    const Scenario s = PresetLibrary::defaultScenario();
    QVERIFY(recovery.store(s, QStringLiteral("/x/a.json")));
    QVERIFY(recovery.store(s, QStringLiteral("/x/b.json")));
    recovery.discard(QStringLiteral("/x/a.json"));
    const QList<ScenarioRecovery::Entry> pending = recovery.pending();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).documentPath, QStringLiteral("/x/b.json"));
}

void tst_ScenarioRecovery::survivesAProcessKilledAfterStore()
{
    // The crash: a child process stores an edit and is killed (SIGKILL, no clean-up of any
    // kind); the next run finds the edit.
    QTemporaryDir dir;
    const QString directory = dir.path() + QStringLiteral("/recovery");
    Scenario edited = PresetLibrary::defaultScenario();
    edited.title = QStringLiteral("typed just before the crash");
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ScenarioRecovery recovery(directory);
        const bool ok = recovery.store(edited, QStringLiteral("/x/crashed.json"));
        ::kill(::getpid(), ok ? SIGKILL : SIGTERM);
        ::_exit(3);
    }
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status));
    QCOMPARE(WTERMSIG(status), SIGKILL); // it stored, then died
    const QList<ScenarioRecovery::Entry> pending = ScenarioRecovery(directory).pending();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.at(0).scenario, edited);
}

void tst_ScenarioRecovery::brokenFilesAreReportedNotLost()
{
    QTemporaryDir dir;
    ScenarioRecovery recovery(dir.path());
    QVERIFY(recovery.store(PresetLibrary::defaultScenario(), QStringLiteral("/x/good.json")));
    const QString broken = dir.filePath(QStringLiteral("scenario-broken.json"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"ssescopeRecovery\":1,\"scenario\":{\"vers");
    file.close();
    QStringList problems;
    const QList<ScenarioRecovery::Entry> pending = recovery.pending(&problems);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).startsWith(broken));
    QVERIFY(QFile::exists(broken)); // kept until the user decides
    recovery.discardFile(broken);
    QVERIFY(!QFile::exists(broken));
}

QTEST_GUILESS_MAIN(tst_ScenarioRecovery)
#include "tst_scenariorecovery.moc"
