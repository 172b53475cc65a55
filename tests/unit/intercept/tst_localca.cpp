// The local CA of intercept mode: created once with a private key file, its leaves verify
// against it for the host they name, and both the CA and the leaves are reused.

#include <intercept/localca.h>

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QFile>
#include <QFileInfo>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace SseScope;

class tst_LocalCa : public QObject
{
    Q_OBJECT

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void createsOnFirstUseWithPrivateKey()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString where = dir.filePath(QStringLiteral("config/intercept"));
        QString error;
        std::optional<LocalCa> ca = LocalCa::openOrCreate(where, &error);
        QVERIFY2(ca, qPrintable(error));
        QVERIFY(QFileInfo::exists(ca->certificatePath()));
        QVERIFY(QFileInfo::exists(ca->keyPath()));

        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(ca->keyPath()).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        QCOMPARE(::stat(QFile::encodeName(where).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0700));

        QVERIFY(!ca->certificate().isNull());
        QVERIFY(ca->certificate().isSelfSigned());
        QCOMPARE(ca->certificate(), QSslCertificate::fromPath(ca->certificatePath()).value(0));
        // The certificate file holds no key.
        QFile certFile(ca->certificatePath());
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        QVERIFY(!certFile.readAll().contains("PRIVATE KEY"));
    }

    void reopensTheSameCa()
    {
        QTemporaryDir dir;
        const std::optional<LocalCa> first = LocalCa::openOrCreate(dir.path());
        QVERIFY(first);
        const std::optional<LocalCa> second = LocalCa::openOrCreate(dir.path());
        QVERIFY(second);
        QCOMPARE(second->certificate(), first->certificate());
        QCOMPARE(second->spkiSha256Base64(), first->spkiSha256Base64());
    }

    void tightensALooseKeyFile()
    {
        QTemporaryDir dir;
        QString keyPath;
        {
            const std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
            QVERIFY(ca);
            keyPath = ca->keyPath();
        }
        QVERIFY(::chmod(QFile::encodeName(keyPath).constData(), 0644) == 0);
        QTest::failOnWarning(QRegularExpression()); // reset: this warning is expected
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("readable by others")));
        QVERIFY(LocalCa::openOrCreate(dir.path()));
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(keyPath).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
    }

    void refusesADamagedCa()
    {
        QTemporaryDir dir;
        QString keyPath;
        {
            const std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
            QVERIFY(ca);
            keyPath = ca->keyPath();
        }
        QFile key(keyPath);
        QVERIFY(key.open(QIODevice::WriteOnly | QIODevice::Truncate));
        key.write("not a key\n");
        key.close();
        QString error;
        QVERIFY(!LocalCa::openOrCreate(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
    }

    void leafVerifiesAgainstTheCa_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addRow("dns name") << QStringLiteral("api.example.com");
        QTest::addRow("localhost") << QStringLiteral("localhost");
        QTest::addRow("ipv4 literal") << QStringLiteral("127.0.0.1");
        QTest::addRow("ipv6 literal") << QStringLiteral("::1");
    }
    void leafVerifiesAgainstTheCa()
    {
        QFETCH(QString, host);
        QTemporaryDir dir;
        std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
        QVERIFY(ca);
        QString error;
        const std::optional<LeafCertificate> leaf = ca->leafFor(host, &error);
        QVERIFY2(leaf, qPrintable(error));
        QVERIFY(!leaf->key.isNull());
        QCOMPARE(leaf->key.algorithm(), QSsl::Ec);

        // QSslCertificate::verify builds the chain to the CAs of the default configuration and
        // checks the name against the SAN: with our CA trusted there, no error at all.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        const QSslConfiguration saved = configuration;
        configuration.addCaCertificate(ca->certificate());
        QSslConfiguration::setDefaultConfiguration(configuration);
        const QList<QSslError> errors = QSslCertificate::verify({leaf->certificate}, host);
        const QList<QSslError> other = QSslCertificate::verify({leaf->certificate}, QStringLiteral("other.example"));
        QSslConfiguration::setDefaultConfiguration(saved);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.constFirst().errorString()));
        // Another name does not match it.
        QVERIFY(std::any_of(other.cbegin(), other.cend(),
            [](const QSslError &e) { return e.error() == QSslError::HostNameMismatch; }));
        // Without our CA trusted, the chain does not verify.
        QVERIFY(!QSslCertificate::verify({leaf->certificate}, host).isEmpty());
        QCOMPARE(leaf->certificate.issuerInfo(QSslCertificate::CommonName), ca->certificate().subjectInfo(QSslCertificate::CommonName));
        const auto san = leaf->certificate.subjectAlternativeNames();
        QVERIFY(san.contains(QSsl::DnsEntry, host) || san.contains(QSsl::IpAddressEntry, host));
    }

    void leafIsCachedPerHost()
    {
        QTemporaryDir dir;
        std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
        QVERIFY(ca);
        const std::optional<LeafCertificate> a = ca->leafFor(QStringLiteral("a.example"));
        const std::optional<LeafCertificate> again = ca->leafFor(QStringLiteral("A.Example"));
        const std::optional<LeafCertificate> b = ca->leafFor(QStringLiteral("b.example"));
        QVERIFY(a && again && b);
        QCOMPARE(again->certificate, a->certificate);
        QVERIFY(b->certificate != a->certificate);
        QCOMPARE(ca->cachedLeafCount(), 2);
    }

    void refusesHostNamesACertificateCannotHold()
    {
        QTemporaryDir dir;
        std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
        QVERIFY(ca);
        QString error;
        QVERIFY(!ca->leafFor(QStringLiteral("bad host,DNS:evil.example"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!ca->leafFor(QString()));
        QCOMPARE(ca->cachedLeafCount(), 0);
    }

    void spkiHashIsOfTheCaPublicKey()
    {
        QTemporaryDir dir;
        const std::optional<LocalCa> ca = LocalCa::openOrCreate(dir.path());
        QVERIFY(ca);
        const QByteArray expected = QCryptographicHash::hash(ca->certificate().publicKey().toDer(), QCryptographicHash::Sha256).toBase64();
        QCOMPARE(ca->spkiSha256Base64(), expected);
    }
};

QTEST_GUILESS_MAIN(tst_LocalCa)
#include "tst_localca.moc"
