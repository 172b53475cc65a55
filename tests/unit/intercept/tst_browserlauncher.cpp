// BrowserLauncher (lib/intercept): the command lines it starts Chromium and Firefox ESR with and
// the fresh profile it prepares, checked without a browser — the "browser" here is a script that
// writes the arguments it was given and waits, so the profile can be read while it runs.
// (tst_interceptcommand and tst_interceptfirefox start the real ones.)

#include <intercept/browserlauncher.h>
#include <intercept/localca.h>

#include "requiredtool.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace SseScope;

namespace {

BrowserLauncher::Options options(BrowserLauncher::Browser browser, const QString &executable, bool headless)
{
    BrowserLauncher::Options o;
    o.browser = browser;
    o.proxy = QUrl(QStringLiteral("http://127.0.0.1:8089"));
    o.startUrl = QUrl(QStringLiteral("https://app.example.test/page?x=1"));
    o.headless = headless;
    o.executable = executable;
    return o;
}

// The prefs a user.js sets, by name, as written (strings with their quotes).
QHash<QString, QString> userPrefs(const QString &userJs)
{
    QHash<QString, QString> prefs;
    static const QRegularExpression line(QStringLiteral("^user_pref\\(\"([^\"]+)\", (.*)\\);$"));
    for (const QString &text : userJs.split(u'\n', Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch match = line.match(text);
        if (match.hasMatch()) {
            prefs.insert(match.captured(1), match.captured(2));
        }
    }
    return prefs;
}

// A stand-in browser: writes each argument on a line of `<script>.args`, then waits to be ended.
QString fakeBrowser(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("fake-browser"));
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly)) {
        return {};
    }
    script.write("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args.tmp\" && mv \"$0.args.tmp\" \"$0.args\"\nexec sleep 60\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

// The arguments the stand-in was started with, once it has written them.
std::optional<QStringList> argumentsSeen(const QString &fake)
{
    QFile args(fake + QStringLiteral(".args"));
    for (int i = 0; i < 500 && !args.exists(); ++i) {
        QTest::qWait(10);
    }
    if (!args.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    QStringList lines = QString::fromUtf8(args.readAll()).split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty()) {
        lines.removeLast();
    }
    args.remove();
    return lines;
}

// `certutil -L` of the profile's database: the nickname and trust of each certificate in it.
QString certificateList(const QString &certutil, const QString &profile)
{
    QProcess process;
    process.start(certutil, {QStringLiteral("-L"), QStringLiteral("-d"), QStringLiteral("sql:") + profile});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        return QStringLiteral("(certutil -L failed: %1)").arg(QString::fromUtf8(process.readAllStandardError()));
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

class tst_BrowserLauncher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_caDir.isValid());
        m_ca = LocalCa::openOrCreate(m_caDir.path());
        QVERIFY(m_ca);
        // A second CA, to show the list names ours and no other.
        QVERIFY(m_otherCaDir.isValid());
        const std::optional<LocalCa> other = LocalCa::openOrCreate(m_otherCaDir.path());
        QVERIFY(other);
        m_otherSpki = other->spkiSha256Base64();
        QVERIFY(m_otherSpki != m_ca->spkiSha256Base64());
    }

    void chromiumArguments_data()
    {
        QTest::addColumn<bool>("headless");
        QTest::newRow("windowed") << false;
        QTest::newRow("headless") << true;
    }

    // Chromium through the proxy: every request (loopback too: Chromium bypasses loopback by
    // default), no HTTP/3 (QUIC would not go through an HTTP proxy), and certificate errors
    // ignored only for chains that pin our CA's key (--ignore-certificate-errors-spki-list: the
    // base64 SHA-256 of the SubjectPublicKeyInfo), in a profile of its own.
    void chromiumArguments()
    {
        QFETCH(bool, headless);
        const BrowserLauncher::Options o = options(BrowserLauncher::Browser::Chromium, QString(), headless);
        const QByteArray spki = m_ca->spkiSha256Base64();
        const QStringList arguments = BrowserLauncher::chromiumArguments(o, spki, QStringLiteral("/tmp/profile-x"));
        QVERIFY(arguments.contains(QStringLiteral("--user-data-dir=/tmp/profile-x")));
        QVERIFY(arguments.contains(QStringLiteral("--proxy-server=http://127.0.0.1:8089")));
        QVERIFY(arguments.contains(QStringLiteral("--proxy-bypass-list=<-loopback>")));
        QVERIFY(arguments.contains(QStringLiteral("--disable-quic")));
        QVERIFY(arguments.contains(QStringLiteral("--no-first-run")));
        const QStringList spkiLists = arguments.filter(QStringLiteral("--ignore-certificate-errors-spki-list="));
        QCOMPARE(spkiLists, QStringList{QStringLiteral("--ignore-certificate-errors-spki-list=") + QString::fromLatin1(spki)});
        QVERIFY(!spkiLists.constFirst().contains(u','));
        QVERIFY(!arguments.join(u' ').contains(QString::fromLatin1(m_otherSpki)));
        // Nothing that would trust more than our CA.
        QVERIFY(arguments.filter(QRegularExpression(QStringLiteral("^--ignore-certificate-errors$"))).isEmpty());
        QVERIFY(arguments.filter(QStringLiteral("--allow-insecure-localhost")).isEmpty());
        QCOMPARE(arguments.contains(QStringLiteral("--headless")), headless);
        QCOMPARE(arguments.contains(QStringLiteral("--no-sandbox")), headless);
        QCOMPARE(arguments.constLast(), QStringLiteral("https://app.example.test/page?x=1"));

        BrowserLauncher::Options blank = o;
        blank.startUrl = QUrl();
        QCOMPARE(BrowserLauncher::chromiumArguments(blank, spki, QStringLiteral("/p")).constLast(), QStringLiteral("about:blank"));
    }

    // The SPKI hash Chromium is given is our CA's public key's, computed here from the
    // certificate itself.
    void chromiumSpkiIsTheCaKey()
    {
        const QByteArray expected
            = QCryptographicHash::hash(m_ca->certificate().publicKey().toDer(), QCryptographicHash::Sha256).toBase64();
        QCOMPARE(m_ca->spkiSha256Base64(), expected);
    }

    // Firefox's user.js: a manual proxy for http and https (loopback included: no_proxies_on
    // empty and allow_hijacking_localhost, since Firefox 67 never proxies localhost otherwise),
    // no HTTP/3, no enterprise roots (only the profile's database decides what is trusted), and
    // no first-run, update or telemetry traffic.
    void firefoxUserJs()
    {
        const QHash<QString, QString> prefs = userPrefs(BrowserLauncher::firefoxUserJs(QUrl(QStringLiteral("http://127.0.0.1:8089"))));
        const QHash<QString, QString> expected{
            {QStringLiteral("network.proxy.type"), QStringLiteral("1")},
            {QStringLiteral("network.proxy.http"), QStringLiteral("\"127.0.0.1\"")},
            {QStringLiteral("network.proxy.http_port"), QStringLiteral("8089")},
            {QStringLiteral("network.proxy.ssl"), QStringLiteral("\"127.0.0.1\"")},
            {QStringLiteral("network.proxy.ssl_port"), QStringLiteral("8089")},
            {QStringLiteral("network.proxy.no_proxies_on"), QStringLiteral("\"\"")},
            {QStringLiteral("network.proxy.allow_hijacking_localhost"), QStringLiteral("true")},
            {QStringLiteral("network.http.http3.enable"), QStringLiteral("false")},
            {QStringLiteral("security.enterprise_roots.enabled"), QStringLiteral("false")},
            {QStringLiteral("app.update.enabled"), QStringLiteral("false")},
            {QStringLiteral("datareporting.policy.dataSubmissionEnabled"), QStringLiteral("false")},
        };
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            QVERIFY2(prefs.contains(it.key()), qPrintable(it.key()));
            QCOMPARE(prefs.value(it.key()), it.value());
        }
    }

    // launch(): the browser is started with chromiumArguments() and a profile directory made for
    // it, new for each launch and deleted when the launcher goes.
    void launchesChromiumWithAFreshProfile()
    {
        QTemporaryDir bin;
        const QString fake = fakeBrowser(bin);
        QVERIFY(!fake.isEmpty());
        const BrowserLauncher::Options o = options(BrowserLauncher::Browser::Chromium, fake, true);
        QString profile;
        {
            BrowserLauncher launcher;
            QString error;
            QVERIFY2(launcher.launch(o, *m_ca, &error), qPrintable(error));
            profile = launcher.profileDirectory();
            QVERIFY(QFileInfo(profile).isDir());
            QVERIFY(QDir(profile).isEmpty()); // fresh: nothing of any earlier profile
            QVERIFY(!QDir::cleanPath(profile).startsWith(QDir::cleanPath(m_caDir.path())));
            const std::optional<QStringList> seen = argumentsSeen(fake);
            QVERIFY(seen);
            QCOMPARE(*seen, BrowserLauncher::chromiumArguments(o, m_ca->spkiSha256Base64(), profile));

            BrowserLauncher second;
            QVERIFY2(second.launch(o, *m_ca, &error), qPrintable(error));
            QVERIFY(second.profileDirectory() != profile);
            QVERIFY(argumentsSeen(fake));
        }
        QVERIFY(!QFileInfo::exists(profile));
    }

    // Firefox: a profile with user.js and an NSS database (certutil) in which our CA — and only it —
    // is trusted to identify TLS servers ("C,,"); started with --profile, --no-remote and
    // --new-instance so it is not handed to a Firefox already running.
    void launchesFirefoxWithAProfileThatTrustsTheCa()
    {
        const QString certutil = QStandardPaths::findExecutable(QStringLiteral("certutil"));
        if (certutil.isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: certutil is missing (libnss3-tools)");
        }
        QTemporaryDir bin;
        const QString fake = fakeBrowser(bin);
        QVERIFY(!fake.isEmpty());
        const BrowserLauncher::Options o = options(BrowserLauncher::Browser::Firefox, fake, true);
        BrowserLauncher launcher;
        QString error;
        QVERIFY2(launcher.launch(o, *m_ca, &error), qPrintable(error));
        const QString profile = launcher.profileDirectory();
        const std::optional<QStringList> seen = argumentsSeen(fake);
        QVERIFY(seen);
        QCOMPARE(*seen,
            (QStringList{QStringLiteral("--profile"), profile, QStringLiteral("--no-remote"), QStringLiteral("--new-instance"),
                QStringLiteral("--headless"), QStringLiteral("https://app.example.test/page?x=1")}));

        QFile userJs(QDir(profile).filePath(QStringLiteral("user.js")));
        QVERIFY(userJs.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(userJs.readAll()), BrowserLauncher::firefoxUserJs(o.proxy));
        QVERIFY(QFileInfo::exists(QDir(profile).filePath(QStringLiteral("cert9.db"))));

        const QStringList certificates = certificateList(certutil, profile).split(u'\n', Qt::SkipEmptyParts)
                                             .filter(QRegularExpression(QStringLiteral("\\s[pPcCTu]*,[pPcCTu]*,[pPcCTu]*\\s*$")));
        QCOMPARE(certificates.size(), 1);
        QVERIFY2(certificates.constFirst().simplified() == QStringLiteral("SSE Scope local CA C,,"),
            qPrintable(certificates.constFirst()));
        // The certificate under that name is our CA's.
        QProcess pem;
        pem.start(certutil,
            {QStringLiteral("-L"), QStringLiteral("-d"), QStringLiteral("sql:") + profile, QStringLiteral("-n"),
                QStringLiteral("SSE Scope local CA"), QStringLiteral("-a")});
        QVERIFY(pem.waitForFinished(30000));
        QCOMPARE(QSslCertificate(pem.readAllStandardOutput(), QSsl::Pem), m_ca->certificate());
        // Nothing of the CA's key went into the profile.
        QFile key(m_ca->keyPath());
        QVERIFY(key.open(QIODevice::ReadOnly));
        const QByteArray keyPem = key.readAll();
        for (const QFileInfo &file : QDir(profile).entryInfoList(QDir::Files)) {
            QFile f(file.filePath());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(keyPem.mid(40, 40)), qPrintable(file.fileName()));
        }
    }

    void aMissingBrowserIsSaid_data()
    {
        QTest::addColumn<bool>("firefox");
        QTest::newRow("chromium") << false;
        QTest::newRow("firefox") << true;
    }

    void aMissingBrowserIsSaid()
    {
        QFETCH(bool, firefox);
        const BrowserLauncher::Browser browser = firefox ? BrowserLauncher::Browser::Firefox : BrowserLauncher::Browser::Chromium;
        if (firefox && QStandardPaths::findExecutable(QStringLiteral("certutil")).isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: certutil is missing (libnss3-tools)");
        }
        BrowserLauncher launcher;
        QString error;
        QVERIFY(!launcher.launch(options(browser, QStringLiteral("/nonexistent/ssescope-no-browser"), true), *m_ca, &error));
        QVERIFY2(error.contains(QLatin1String("not installed")), qPrintable(error));
        QVERIFY(!launcher.process());
    }

private:
    QTemporaryDir m_caDir;
    QTemporaryDir m_otherCaDir;
    std::optional<LocalCa> m_ca;
    QByteArray m_otherSpki;
};

QTEST_GUILESS_MAIN(tst_BrowserLauncher)
#include "tst_browserlauncher.moc"
