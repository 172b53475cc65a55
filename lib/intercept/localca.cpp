#include "localca.h"

#include <common/logging.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>
#include <QSysInfo>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace SseScope {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LocalCa", text);
}

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

constexpr long caValiditySeconds = 10L * 365 * 24 * 3600;
// Below the 398 days browsers accept for a leaf, even though our CA is a user-added root.
constexpr long leafValiditySeconds = 397L * 24 * 3600;

Key newKey()
{
    return Key(EVP_EC_gen("P-256"));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

QByteArray certificatePem(X509 *cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    return bioBytes(bio.get());
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return bioBytes(bio.get());
}

bool randomSerial(X509 *cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        return false;
    }
    bytes[0] &= 0x7f; // positive, as RFC 5280 asks
    BIGNUM *number = BN_bin2bn(bytes, sizeof bytes, nullptr);
    const bool ok = number && BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert));
    BN_free(number);
    return ok;
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

// A certificate for `publicKey`, issued by `issuer` (nullptr: self-signed) and signed with `signer`.
Cert makeCertificate(const QByteArray &commonName, EVP_PKEY *publicKey, X509 *issuer, EVP_PKEY *signer,
    long validitySeconds, const QList<std::pair<int, QByteArray>> &extensions)
{
    Cert cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1 || !randomSerial(cert.get())) {
        return nullptr;
    }
    // A day back, so a clock a little behind still accepts a fresh certificate.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -24L * 3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), validitySeconds);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("SSE Scope"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509_set_pubkey(cert.get(), publicKey);
    for (const auto &[nid, value] : extensions) {
        if (!addExtension(cert.get(), issuer ? issuer : cert.get(), nid, value.constData())) {
            return nullptr;
        }
    }
    if (X509_sign(cert.get(), signer, EVP_sha256()) <= 0) {
        return nullptr;
    }
    return cert;
}

// Writes `bytes` to `path` with `mode` from the first byte on (no moment in which the key file is
// readable by others), through a temporary file renamed over the target.
bool writePrivateFile(const QString &path, const QByteArray &bytes, mode_t mode, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary = target + ".tmp";
    ::unlink(temporary.constData());
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        *error = tr("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    bool ok = ::fchmod(fd, mode) == 0; // umask may have taken bits away; never adds any
    qsizetype written = 0;
    while (ok && written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        ok = n > 0;
        written += n > 0 ? n : 0;
    }
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(temporary.constData(), target.constData()) != 0) {
        *error = tr("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        ::unlink(temporary.constData());
        return false;
    }
    return true;
}

bool fail(QString *error, const QString &reason)
{
    if (error) {
        *error = reason;
    }
    return false;
}

} // namespace

struct LocalCa::Keys
{
    Key caKey;
    Cert caCert;
    Key leafKey;
    QSslKey leafQtKey;
};

LocalCa::LocalCa()
    : m_keys(std::make_unique<Keys>())
{
}
LocalCa::~LocalCa() = default;
LocalCa::LocalCa(LocalCa &&) noexcept = default;
LocalCa &LocalCa::operator=(LocalCa &&) noexcept = default;

QString LocalCa::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/intercept");
}

QString LocalCa::certificatePath() const
{
    return m_directory + QStringLiteral("/ca.pem");
}

QString LocalCa::keyPath() const
{
    return m_directory + QStringLiteral("/ca-key.pem");
}

std::optional<LocalCa> LocalCa::openOrCreate(const QString &directory, QString *error)
{
    QString reason;
    LocalCa ca;
    ca.m_directory = QDir::cleanPath(QDir(directory).absolutePath());
    if (!QDir().mkpath(ca.m_directory)) {
        fail(error, tr("cannot create the directory %1").arg(ca.m_directory));
        return std::nullopt;
    }
    ::chmod(QFile::encodeName(ca.m_directory).constData(), 0700);

    const QString certPath = ca.certificatePath();
    const QString keyPath = ca.keyPath();
    if (QFileInfo::exists(certPath) && QFileInfo::exists(keyPath)) {
        struct stat info = {};
        if (::stat(QFile::encodeName(keyPath).constData(), &info) == 0 && (info.st_mode & 077) != 0) {
            qCWarning(lcIntercept).noquote() << "the CA key file was readable by others; made it 0600:" << keyPath;
            ::chmod(QFile::encodeName(keyPath).constData(), 0600);
        }
        QFile keyFile(keyPath);
        QFile certFile(certPath);
        if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
            fail(error, tr("cannot read the local CA in %1").arg(ca.m_directory));
            return std::nullopt;
        }
        const QByteArray keyPem = keyFile.readAll();
        const QByteArray certPem = certFile.readAll();
        Bio keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
        Bio certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
        ca.m_keys->caKey.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        ca.m_keys->caCert.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        if (!ca.m_keys->caKey || !ca.m_keys->caCert
            || X509_check_private_key(ca.m_keys->caCert.get(), ca.m_keys->caKey.get()) != 1) {
            fail(error,
                tr("the local CA in %1 is damaged (delete ca.pem and ca-key.pem to make a new one)")
                    .arg(ca.m_directory));
            return std::nullopt;
        }
    } else {
        ca.m_keys->caKey = newKey();
        const QByteArray name = "SSE Scope local CA (" + QSysInfo::machineHostName().toUtf8() + ')';
        ca.m_keys->caCert = ca.m_keys->caKey
            ? makeCertificate(name, ca.m_keys->caKey.get(), nullptr, ca.m_keys->caKey.get(), caValiditySeconds,
                {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"}, {NID_key_usage, "critical,keyCertSign,cRLSign"},
                    {NID_subject_key_identifier, "hash"}})
            : nullptr;
        if (!ca.m_keys->caCert) {
            fail(error, tr("cannot create the local CA (libcrypto failed)"));
            return std::nullopt;
        }
        // The key first: a certificate without its key would be unusable.
        if (!writePrivateFile(keyPath, privateKeyPem(ca.m_keys->caKey.get()), 0600, &reason)
            || !writePrivateFile(certPath, certificatePem(ca.m_keys->caCert.get()), 0644, &reason)) {
            fail(error, reason);
            return std::nullopt;
        }
        qCInfo(lcIntercept).noquote() << "created the local CA" << certPath;
    }
    ca.m_certificate = QSslCertificate(certificatePem(ca.m_keys->caCert.get()), QSsl::Pem);
    ca.m_keys->leafKey = newKey();
    if (!ca.m_keys->leafKey) {
        fail(error, tr("cannot create a key (libcrypto failed)"));
        return std::nullopt;
    }
    ca.m_keys->leafQtKey = QSslKey(privateKeyPem(ca.m_keys->leafKey.get()), QSsl::Ec, QSsl::Pem);
    return ca;
}

QByteArray LocalCa::spkiSha256Base64() const
{
    X509_PUBKEY *spki = X509_get_X509_PUBKEY(m_keys->caCert.get());
    unsigned char *der = nullptr;
    const int length = i2d_X509_PUBKEY(spki, &der);
    if (length <= 0) {
        return {};
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    EVP_Digest(der, size_t(length), digest, &digestLength, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    return QByteArray(reinterpret_cast<const char *>(digest), int(digestLength)).toBase64();
}

std::optional<LeafCertificate> LocalCa::leafFor(const QString &host, QString *error)
{
    const QString key = host.toLower();
    if (const auto cached = m_leaves.constFind(key); cached != m_leaves.constEnd()) {
        return *cached;
    }
    // Only what a subjectAltName can hold: a host name's own characters or an address literal.
    const bool isAddress = !QHostAddress(key).isNull();
    const bool plainName = !key.isEmpty() && key.size() <= 253
        && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
               return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u'_';
           });
    if (!isAddress && !plainName) {
        fail(error, tr("no certificate for the host name '%1'").arg(host));
        return std::nullopt;
    }
    const QByteArray san = (isAddress ? "IP:" : "DNS:") + key.toLatin1();
    Cert cert = makeCertificate(key.toLatin1().left(64), m_keys->leafKey.get(), m_keys->caCert.get(),
        m_keys->caKey.get(), leafValiditySeconds,
        {{NID_basic_constraints, "critical,CA:FALSE"}, {NID_key_usage, "critical,digitalSignature"},
            {NID_ext_key_usage, "serverAuth"}, {NID_subject_alt_name, san},
            {NID_authority_key_identifier, "keyid:always"}});
    if (!cert) {
        fail(error, tr("cannot make a certificate for '%1' (libcrypto failed)").arg(host));
        return std::nullopt;
    }
    LeafCertificate leaf{QSslCertificate(certificatePem(cert.get()), QSsl::Pem), m_keys->leafQtKey};
    m_leaves.insert(key, leaf);
    return leaf;
}

} // namespace SseScope
