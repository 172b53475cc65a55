// The packaging test (issue "ship it"): CPack builds the .deb and the .tar.gz from this build tree,
// the .deb is unpacked into a scratch prefix with dpkg-deb, and the ssescope found there runs:
// --version, presets, serve, and check against that server. Nothing from the build tree is used
// once the package exists, so a file the package forgets (a resource, a dependency) fails here.

#include "childexit.h"
#include "requiredtool.h"

#include <common/version.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

Run run(const QString &program, const QStringList &arguments, int timeoutMs = 60000)
{
    QProcess process;
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(timeoutMs)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray describe(const Run &r)
{
    return "exit " + QByteArray::number(r.exitCode) + (r.finished ? "" : " (timed out)") + "\nstdout: " + r.out
        + "\nstderr: " + r.err;
}

} // namespace

class TestDebPackage final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_deb;
    QString m_tarball;
    QString m_root; // the scratch prefix the .deb is unpacked into
    QString m_control; // dpkg-deb --field output

    QString installed(const QString &path) const { return m_root + QLatin1Char('/') + path; }
    QString program() const { return installed(QStringLiteral("usr/bin/ssescope")); }

    QString field(const QString &name) const
    {
        const QRegularExpression re(QStringLiteral("^%1: (.*)$").arg(name), QRegularExpression::MultilineOption);
        return re.match(m_control).captured(1).trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString out = m_dir.filePath(QStringLiteral("out"));
        const Run cpack = run(QStringLiteral(SSESCOPE_CPACK_COMMAND),
            {QStringLiteral("--config"), QStringLiteral(SSESCOPE_BINARY_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
                out},
            240000);
        QVERIFY2(cpack.exitCode == 0, describe(cpack).constData());

        const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
        const QStringList tarballs = QDir(out).entryList({QStringLiteral("*.tar.gz")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        QCOMPARE(tarballs.size(), 1);
        m_deb = out + QLatin1Char('/') + debs.constFirst();
        m_tarball = out + QLatin1Char('/') + tarballs.constFirst();

        m_root = m_dir.filePath(QStringLiteral("root"));
        const Run extract = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), m_deb, m_root});
        QVERIFY2(extract.exitCode == 0, describe(extract).constData());
        const Run control = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), m_deb});
        QVERIFY2(control.exitCode == 0, describe(control).constData());
        m_control = QString::fromUtf8(control.out);
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void controlFields()
    {
        QCOMPARE(field(QStringLiteral("Package")), QStringLiteral("ssescope"));
        QCOMPARE(field(QStringLiteral("Version")), QStringLiteral(SSESCOPE_PROJECT_VERSION "-1"));
        const Run arch = run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")});
        QCOMPARE(field(QStringLiteral("Architecture")), QString::fromUtf8(arch.out).trimmed());
        QVERIFY2(QFileInfo(m_deb).fileName().startsWith(QStringLiteral("ssescope_" SSESCOPE_PROJECT_VERSION "-1_")),
            qPrintable(m_deb));
    }

    // dpkg-shlibdeps wrote Depends: every shared library the unpacked binary needs belongs to a
    // package that Depends names, so installing the .deb pulls in all of them.
    void dependsCoversEveryLinkedLibrary()
    {
        const QString depends = field(QStringLiteral("Depends"));
        QStringList packages;
        for (const QString &entry : depends.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            packages.append(entry.trimmed().section(QLatin1Char(' '), 0, 0));
        }
        QVERIFY2(packages.contains(QStringLiteral("libqt6widgets6")), qPrintable(depends));
        QVERIFY2(packages.contains(QStringLiteral("libqt6httpserver6")), qPrintable(depends));

        const Run ldd = run(QStringLiteral("ldd"), {program()});
        QVERIFY2(ldd.exitCode == 0, describe(ldd).constData());
        QVERIFY2(!ldd.out.contains("not found"), ldd.out.constData());
        // The binary's own NEEDED entries (ldd also lists what those libraries load).
        const Run readelf = run(QStringLiteral("readelf"), {QStringLiteral("-d"), program()});
        QVERIFY2(readelf.exitCode == 0, describe(readelf).constData());
        const QRegularExpression neededRe(QStringLiteral("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]"));
        int checked = 0;
        for (const QRegularExpressionMatch &needed : neededRe.globalMatch(QString::fromUtf8(readelf.out))) {
            const QString soname = needed.captured(1);
            const QRegularExpression pathRe(QStringLiteral("^\\s*%1 => (\\S+)").arg(QRegularExpression::escape(soname)),
                QRegularExpression::MultilineOption);
            const QString path = pathRe.match(QString::fromUtf8(ldd.out)).captured(1);
            QVERIFY2(!path.isEmpty(), qPrintable(soname));
            // dpkg -S knows the path the package shipped, which may sit behind the /lib symlink.
            Run owner = run(QStringLiteral("dpkg"), {QStringLiteral("-S"), path});
            if (owner.exitCode != 0) {
                owner = run(QStringLiteral("dpkg"), {QStringLiteral("-S"), QFileInfo(path).canonicalFilePath()});
            }
            if (owner.exitCode != 0 && path.startsWith(QStringLiteral("/lib/"))) {
                owner = run(QStringLiteral("dpkg"), {QStringLiteral("-S"), QStringLiteral("/usr") + path});
            }
            QVERIFY2(owner.exitCode == 0, describe(owner).constData());
            const QString package = QString::fromUtf8(owner.out).section(QLatin1Char(':'), 0, 0).trimmed();
            QVERIFY2(packages.contains(package),
                qPrintable(QStringLiteral("%1 comes from %2, which Depends lacks: %3").arg(soname, package, depends)));
            ++checked;
        }
        QVERIFY(checked >= 4);
    }

    void desktopIntegration()
    {
        const QString id = SseScope::applicationId();
        QCOMPARE(id, QStringLiteral(SSESCOPE_APP_ID));
        const QString desktopPath = installed(QStringLiteral("usr/share/applications/%1.desktop").arg(id));
        QFile desktop(desktopPath);
        QVERIFY2(desktop.open(QIODevice::ReadOnly), qPrintable(desktopPath));
        const QByteArray entry = desktop.readAll();
        QVERIFY(entry.contains("\nExec=ssescope\n"));
        QVERIFY(entry.contains(QByteArray("\nIcon=" + id.toUtf8() + '\n')));

        QFile metainfo(installed(QStringLiteral("usr/share/metainfo/%1.metainfo.xml").arg(id)));
        QVERIFY(metainfo.open(QIODevice::ReadOnly));
        const QByteArray xml = metainfo.readAll();
        QVERIFY(xml.contains(QByteArray("<id>" + id.toUtf8() + "</id>")));
        QVERIFY(xml.contains(QByteArray("<launchable type=\"desktop-id\">" + id.toUtf8() + ".desktop</launchable>")));
        QVERIFY(xml.contains("<release version=\"" SSESCOPE_PROJECT_VERSION "\""));

        QVERIFY(QFileInfo::exists(installed(QStringLiteral("usr/share/icons/hicolor/scalable/apps/%1.svg").arg(id))));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("usr/share/man/man1/ssescope.1.gz"))));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("usr/share/man/man1/ssescope-serve.1.gz"))));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("usr/share/doc/ssescope/walkthrough.md"))));
        QVERIFY(QFileInfo::exists(installed(QStringLiteral("usr/share/doc/ssescope/scenario-reference.md"))));
    }

    // The man page is help2man's rendering of the installed program's own --help.
    void manPageListsTheOptions()
    {
        const Run page = run(QStringLiteral("gzip"),
            {QStringLiteral("-dc"), installed(QStringLiteral("usr/share/man/man1/ssescope-serve.1.gz"))});
        QVERIFY2(page.exitCode == 0, describe(page).constData());
        const Run help = run(program(), {QStringLiteral("serve"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        const QRegularExpression optionRe(QStringLiteral("^  (--[a-z-]+)"), QRegularExpression::MultilineOption);
        int options = 0;
        for (const QRegularExpressionMatch &m : optionRe.globalMatch(QString::fromUtf8(help.out))) {
            // groff escapes the dashes: \-\-port
            QString escaped = m.captured(1);
            escaped.replace(QLatin1Char('-'), QStringLiteral("\\-"));
            QVERIFY2(page.out.contains(escaped.toUtf8()), qPrintable(m.captured(1)));
            ++options;
        }
        QVERIFY(options >= 5);
    }

    void tarballHasTheSameFiles()
    {
        const Run list = run(QStringLiteral("tar"), {QStringLiteral("-tzf"), m_tarball});
        QVERIFY2(list.exitCode == 0, describe(list).constData());
        const QString top = QFileInfo(m_tarball).fileName().chopped(int(qstrlen(".tar.gz")));
        QVERIFY2(list.out.contains(QByteArray(top.toUtf8() + "/bin/ssescope\n")), list.out.constData());
        QVERIFY(list.out.contains(
            QByteArray(top.toUtf8() + "/share/applications/" + SseScope::applicationId().toUtf8() + ".desktop\n")));
    }

    void versionRuns()
    {
        const Run version = run(program(), {QStringLiteral("--version")});
        QVERIFY2(version.exitCode == 0, describe(version).constData());
        QCOMPARE(version.out, QByteArray("ssescope " SSESCOPE_PROJECT_VERSION "\n"));
    }

    void presetsAreBuiltIn()
    {
        const Run presets = run(program(), {QStringLiteral("presets"), QStringLiteral("--json")});
        QVERIFY2(presets.exitCode == 0, describe(presets).constData());
        const QJsonArray list = QJsonDocument::fromJson(presets.out).array();
        QVERIFY(list.size() >= 10);
        QCOMPARE(list.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("default"));
    }

    // serve from the unpacked files, then check its stream from the unpacked files: the default
    // scenario opens (exit 0); SIGTERM ends serve cleanly (exit 0).
    void serveAndCheck()
    {
        QProcess serve;
        serve.start(program(), {QStringLiteral("serve")});
        QVERIFY2(serve.waitForStarted(), qPrintable(serve.errorString()));
        const auto stopServe = qScopeGuard([&serve] {
            if (serve.state() != QProcess::NotRunning) {
                serve.kill();
                serve.waitForFinished();
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine() || serve.state() == QProcess::NotRunning, 30000);
        const QByteArray readyLine = serve.readLine();
        const QJsonObject ready = QJsonDocument::fromJson(readyLine).object();
        const QString api = ready.value(QStringLiteral("api")).toString();
        const QString page = ready.value(QStringLiteral("page")).toString();
        QVERIFY2(api.startsWith(QStringLiteral("http://127.0.0.1:")), readyLine.constData());
        QVERIFY2(page.startsWith(QStringLiteral("http://localhost:")), readyLine.constData());
        QCOMPARE(ready.value(QStringLiteral("scenario")).toString(), QStringLiteral("default"));

        const Run check = run(program(),
            {QStringLiteral("check"), api + QStringLiteral("/events"), QStringLiteral("--origin"), page,
                QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--max-events"), QStringLiteral("2"),
                QStringLiteral("--json")});
        QVERIFY2(check.exitCode == 0, describe(check).constData());
        const QJsonObject verdict
            = QJsonDocument::fromJson(check.out).object().value(QStringLiteral("verdict")).toObject();
        QVERIFY2(verdict.value(QStringLiteral("opened")).toBool(), check.out.constData());
        QVERIFY2(verdict.value(QStringLiteral("events")).toInt() >= 1, check.out.constData());

        serve.terminate();
        QByteArray whyNot;
        QVERIFY2(SseScopeTest::exitsWithin(serve, 30000, &whyNot), whyNot.constData());
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
    }

    // The licence travels with the package: Debian's machine-readable copyright file names
    // Apache-2.0, the AppStream metainfo says so too, and the .tar.gz carries the same files.
    void licenceIsApache2()
    {
        QFile copyright(installed(QStringLiteral("usr/share/doc/ssescope/copyright")));
        QVERIFY2(copyright.open(QIODevice::ReadOnly), qPrintable(copyright.fileName()));
        const QByteArray text = copyright.readAll();
        QVERIFY(text.startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"));
        QVERIFY(text.contains("\nLicense: Apache-2.0\n"));
        QFile metainfo(installed(QStringLiteral("usr/share/metainfo/" SSESCOPE_APP_ID ".metainfo.xml")));
        QVERIFY2(metainfo.open(QIODevice::ReadOnly), qPrintable(metainfo.fileName()));
        QVERIFY(metainfo.readAll().contains("<project_license>Apache-2.0</project_license>"));
    }

    // lintian, Debian's package checker, finds no error in the .deb (warnings are printed).
    void lintianFindsNoError()
    {
        const QString lintian = QStandardPaths::findExecutable(QStringLiteral("lintian"));
        if (lintian.isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: lintian is missing (packaging/install-deps.sh test installs it)");
        }
        const Run check = run(lintian, {QStringLiteral("--fail-on"), QStringLiteral("error"), m_deb}, 240000);
        qInfo().noquote() << "lintian:" << (check.out.trimmed().isEmpty() ? QByteArray("no tags") : check.out.trimmed());
        QVERIFY2(check.finished && check.exitCode == 0, describe(check).constData());
        QVERIFY2(!check.out.contains("\nE: ") && !check.out.startsWith("E: "), check.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestDebPackage)
#include "tst_debpackage.moc"
