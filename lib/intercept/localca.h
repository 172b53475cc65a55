#pragma once

#include <QByteArray>
#include <QHash>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <memory>
#include <optional>

namespace SseScope {

// A certificate and its private key, as QSslSocket's server side takes them.
struct LeafCertificate
{
    QSslCertificate certificate;
    QSslKey key;
};

// The per-user certificate authority of intercept mode (DESIGN.md "Security defaults").
//
// Created on first use in one directory (by default the user's config directory, see
// defaultDirectory()): `ca.pem` (the certificate, which browsers are told to trust) and
// `ca-key.pem` (the private key, mode 0600, never read by anything but this class and never
// logged). It is never installed system-wide: a launched browser trusts it through its own fresh
// profile only.
//
// Certificates are minted with OpenSSL's libcrypto, because Qt can load and verify certificates
// but cannot create or sign one. Keys are ECDSA P-256 (fast to make, accepted by every engine).
// One leaf per host name or IP address (subjectAltName), made on first request and cached for
// the life of the object; every leaf shares one key made at start, so a new host costs one
// signature.
class LocalCa final
{
public:
    ~LocalCa();
    LocalCa(LocalCa &&) noexcept;
    LocalCa &operator=(LocalCa &&) noexcept;

    // QStandardPaths::AppConfigLocation + "/intercept".
    static QString defaultDirectory();
    // Loads the CA in `directory`, or creates it there (the directory with mode 0700, the key
    // file with 0600). A key file readable by others is tightened to 0600 with a warning.
    static std::optional<LocalCa> openOrCreate(const QString &directory, QString *error = nullptr);

    QString certificatePath() const;
    QString keyPath() const;
    const QSslCertificate &certificate() const { return m_certificate; }
    // base64(SHA-256(SubjectPublicKeyInfo)): Chromium's --ignore-certificate-errors-spki-list.
    QByteArray spkiSha256Base64() const;
    // The leaf for `host` (a DNS name or an IP address literal, without brackets); cached.
    std::optional<LeafCertificate> leafFor(const QString &host, QString *error = nullptr);
    int cachedLeafCount() const { return int(m_leaves.size()); }

private:
    struct Keys;
    LocalCa();

    QString m_directory;
    QSslCertificate m_certificate;
    std::unique_ptr<Keys> m_keys; // libcrypto handles: the CA key, the CA certificate, the leaf key
    QHash<QString, LeafCertificate> m_leaves;
};

} // namespace SseScope
