#include "browser/cookie.h"

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(SseScope::CookieSameSite)

namespace {
const QString kAbsent = u"<absent>"_s;
}

class tst_Cookie final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("status"); // debugString()
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("secure");
        QTest::addColumn<bool>("httpOnly");
        QTest::addColumn<bool>("partitioned");
        QTest::addColumn<CookieSameSite>("sameSite");

        QTest::addRow("plain") << QByteArray("sid=abc") << u"INCLUDE"_s << u"sid"_s << u"abc"_s << kAbsent << kAbsent
                               << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("all attributes, any case")
            << QByteArray("sid=1; Domain=.Example.com; Path=/api; SECURE; httponly; SameSite=NONE; partitioned")
            << u"INCLUDE"_s << u"sid"_s << u"1"_s << u".Example.com"_s << u"/api"_s << true << true << true
            << CookieSameSite::None;
        QTest::addRow("whitespace trimmed, inner kept")
            << QByteArray(" sid \t=  a b ;  Path = /x ") << u"INCLUDE"_s << u"sid"_s << u"a b"_s << kAbsent
            << u"/x"_s << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("nameless cookie (no '=')") << QByteArray("abc; Secure") << u"INCLUDE"_s << QString()
                                                  << u"abc"_s << kAbsent << kAbsent << true << false << false
                                                  << CookieSameSite::Unspecified;
        QTest::addRow("empty name") << QByteArray("=abc") << u"INCLUDE"_s << QString() << u"abc"_s << kAbsent
                                    << kAbsent << false << false << false << CookieSameSite::Unspecified;
        // Found by fuzz_cookies: QString::fromUtf8() dropped a leading U+FEFF, so this valid cookie
        // (Chromium keeps its bytes) came out without name and value.
        QTest::addRow("value is a BOM") << QByteArray("\xEF\xBB\xBF; Secure") << u"INCLUDE"_s << QString()
                                        << u"\uFEFF"_s << kAbsent << kAbsent << true << false << false
                                        << CookieSameSite::Unspecified;
        QTest::addRow("value starts with a BOM") << QByteArray("sid=\xEF\xBB\xBF x") << u"INCLUDE"_s << u"sid"_s
                                                 << u"\uFEFF x"_s << kAbsent << kAbsent << false << false << false
                                                 << CookieSameSite::Unspecified;
        QTest::addRow("value is a cut-off UTF-8 sequence") << QByteArray("\xC3") << u"INCLUDE"_s << QString()
                                                           << u"\uFFFD"_s << kAbsent << kAbsent << false << false
                                                           << false << CookieSameSite::Unspecified;
        QTest::addRow("empty value") << QByteArray("sid=") << u"INCLUDE"_s << u"sid"_s << QString() << kAbsent
                                     << kAbsent << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("value keeps '=' and quotes")
            << QByteArray("t=\"a=b\"") << u"INCLUDE"_s << u"t"_s << u"\"a=b\""_s << kAbsent << kAbsent << false
            << false << false << CookieSameSite::Unspecified;
        QTest::addRow("no content") << QByteArray("") << u"EXCLUDE_NO_COOKIE_CONTENT"_s << QString() << QString()
                                    << kAbsent << kAbsent << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("only '='") << QByteArray(" = ; Secure") << u"EXCLUDE_NO_COOKIE_CONTENT"_s << QString()
                                  << QString() << kAbsent << kAbsent << false << false << false
                                  << CookieSameSite::Unspecified;
        QTest::addRow("control character") << QByteArray("sid=a\x01" "b") << u"EXCLUDE_DISALLOWED_CHARACTER"_s
                                           << QString() << QString() << kAbsent << kAbsent << false << false
                                           << false << CookieSameSite::Unspecified;
        QTest::addRow("CR LF inside") << QByteArray("sid=a\r\nSet-Cookie: x=y")
                                      << u"EXCLUDE_DISALLOWED_CHARACTER"_s << QString() << QString() << kAbsent
                                      << kAbsent << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("tab inside the value") << QByteArray("sid=a\tb") << u"EXCLUDE_DISALLOWED_CHARACTER"_s
                                              << QString() << QString() << kAbsent << kAbsent << false << false
                                              << false << CookieSameSite::Unspecified;
        QTest::addRow("surrounding tabs trimmed") << QByteArray("\tsid\t=\tab\t") << u"INCLUDE"_s << u"sid"_s
                                                  << u"ab"_s << kAbsent << kAbsent << false << false << false
                                                  << CookieSameSite::Unspecified;
        QTest::addRow("control character in an attribute")
            << QByteArray("sid=1; Path=/a\x01") << u"EXCLUDE_DISALLOWED_CHARACTER"_s << QString() << QString()
            << kAbsent << kAbsent << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("size checked before characters")
            << (QByteArray("n=\x01") + QByteArray(4096, 'v')) << u"EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE"_s
            << QString() << QString() << kAbsent << kAbsent << false << false << false
            << CookieSameSite::Unspecified;
        QTest::addRow("whitespace only") << QByteArray(" \t ") << u"EXCLUDE_NO_COOKIE_CONTENT"_s << QString()
                                         << QString() << kAbsent << kAbsent << false << false << false
                                         << CookieSameSite::Unspecified;
        QTest::addRow("name+value 4096 bytes")
            << (QByteArray("n=") + QByteArray(4095, 'v')) << u"INCLUDE"_s << u"n"_s << QString(4095, u'v')
            << kAbsent << kAbsent << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("name+value 4097 bytes")
            << (QByteArray("n=") + QByteArray(4096, 'v')) << u"EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE"_s
            << QString() << QString() << kAbsent << kAbsent << false << false << false
            << CookieSameSite::Unspecified;
        QTest::addRow("attribute over 1024 bytes ignored")
            << (QByteArray("sid=1; Path=/") + QByteArray(1024, 'p') + QByteArray("; Secure"))
            << u"INCLUDE; WARN_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE"_s << u"sid"_s << u"1"_s << kAbsent << kAbsent
            << true << false << false << CookieSameSite::Unspecified;
        QTest::addRow("last SameSite wins") << QByteArray("sid=1; SameSite=Strict; SameSite=Lax") << u"INCLUDE"_s
                                            << u"sid"_s << u"1"_s << kAbsent << kAbsent << false << false << false
                                            << CookieSameSite::Lax;
        QTest::addRow("unknown SameSite value is unspecified")
            << QByteArray("sid=1; SameSite=Bogus") << u"INCLUDE"_s << u"sid"_s << u"1"_s << kAbsent << kAbsent
            << false << false << false << CookieSameSite::Unspecified;
        QTest::addRow("Path without slash uses default")
            << QByteArray("sid=1; Path=api") << u"INCLUDE"_s << u"sid"_s << u"1"_s << kAbsent << kAbsent << false
            << false << false << CookieSameSite::Unspecified;
        QTest::addRow("empty Domain is no Domain") << QByteArray("sid=1; Domain=") << u"INCLUDE"_s << u"sid"_s
                                                   << u"1"_s << kAbsent << kAbsent << false << false << false
                                                   << CookieSameSite::Unspecified;
        QTest::addRow("unknown attribute ignored") << QByteArray("sid=1; Priority=High; Foo") << u"INCLUDE"_s
                                                   << u"sid"_s << u"1"_s << kAbsent << kAbsent << false << false
                                                   << false << CookieSameSite::Unspecified;
    }
    void parse()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, status);
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, domain);
        QFETCH(QString, path);
        QFETCH(bool, secure);
        QFETCH(bool, httpOnly);
        QFETCH(bool, partitioned);
        QFETCH(CookieSameSite, sameSite);

        const CookieParseResult result = parseSetCookie(line);
        QCOMPARE(result.status.debugString(), status);
        if (!result.isValid()) {
            return;
        }
        const ParsedCookie &c = result.cookie;
        QCOMPARE(c.name, name);
        QCOMPARE(c.value, value);
        QCOMPARE(c.domain.value_or(kAbsent), domain);
        QCOMPARE(c.path.value_or(kAbsent), path);
        QCOMPARE(c.secure, secure);
        QCOMPARE(c.httpOnly, httpOnly);
        QCOMPARE(c.partitioned, partitioned);
        QCOMPARE(c.sameSite, sameSite);
    }

    void maxAge_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<qint64>("expected"); // -999: absent
        QTest::addRow("positive") << QByteArray("a=1; Max-Age=60") << qint64(60);
        QTest::addRow("zero") << QByteArray("a=1; Max-Age=0") << qint64(0);
        QTest::addRow("negative") << QByteArray("a=1; Max-Age=-5") << qint64(-5);
        QTest::addRow("not a number ignored") << QByteArray("a=1; Max-Age=1h") << qint64(-999);
        QTest::addRow("plus sign ignored") << QByteArray("a=1; Max-Age=+5") << qint64(-999);
        QTest::addRow("last valid wins") << QByteArray("a=1; Max-Age=5; Max-Age=x; Max-Age=7") << qint64(7);
        QTest::addRow("huge saturates") << QByteArray("a=1; Max-Age=99999999999999999999999999") << qint64(-1);
    }
    void maxAge()
    {
        QFETCH(QByteArray, line);
        QFETCH(qint64, expected);
        const CookieParseResult result = parseSetCookie(line);
        QVERIFY(result.isValid());
        if (expected == -999) {
            QVERIFY(!result.cookie.maxAgeSeconds.has_value());
        } else if (expected == -1) {
            QVERIFY(result.cookie.maxAgeSeconds.value_or(0) > CookieJarLimitSeconds);
        } else {
            QCOMPARE(result.cookie.maxAgeSeconds.value_or(-999), expected);
        }
    }

    void cookieDate_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime d2015(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
        const QDateTime d1994(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
        QTest::addRow("IMF-fixdate") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << d2015;
        QTest::addRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << d1994;
        QTest::addRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << d1994;
        QTest::addRow("two-digit year < 70") << QByteArray("21 Oct 15 07:28:00") << d2015;
        QTest::addRow("month name long form") << QByteArray("21 October 2015 07:28:00") << d2015;
        QTest::addRow("31 February") << QByteArray("31 Feb 2020 00:00:00") << QDateTime();
        QTest::addRow("year before 1601") << QByteArray("1 Jan 1600 00:00:00") << QDateTime();
        QTest::addRow("hour 24") << QByteArray("1 Jan 2020 24:00:00") << QDateTime();
        QTest::addRow("no time") << QByteArray("1 Jan 2020") << QDateTime();
        QTest::addRow("garbage") << QByteArray("tomorrow") << QDateTime();
    }
    void cookieDate()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = parseCookieDate(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(parsed, expected);
        }
    }

    void defaultPath_data()
    {
        QTest::addColumn<QString>("urlPath");
        QTest::addColumn<QString>("expected");
        QTest::addRow("empty") << QString() << u"/"_s;
        QTest::addRow("root") << u"/"_s << u"/"_s;
        QTest::addRow("one segment") << u"/login"_s << u"/"_s;
        QTest::addRow("two segments") << u"/api/login"_s << u"/api"_s;
        QTest::addRow("trailing slash") << u"/api/v1/"_s << u"/api/v1"_s;
        QTest::addRow("relative") << u"api/login"_s << u"/"_s;
    }
    void defaultPath()
    {
        QFETCH(QString, urlPath);
        QFETCH(QString, expected);
        QCOMPARE(defaultCookiePath(urlPath), expected);
    }

    void pathMatch_data()
    {
        QTest::addColumn<QString>("cookiePath");
        QTest::addColumn<QString>("urlPath");
        QTest::addColumn<bool>("expected");
        QTest::addRow("root covers all") << u"/"_s << u"/events"_s << true;
        QTest::addRow("exact") << u"/api"_s << u"/api"_s << true;
        QTest::addRow("subdirectory") << u"/api"_s << u"/api/events"_s << true;
        QTest::addRow("prefix but not a directory") << u"/api"_s << u"/apix"_s << false;
        QTest::addRow("trailing slash prefix") << u"/api/"_s << u"/api/events"_s << true;
        QTest::addRow("sibling") << u"/api"_s << u"/events"_s << false;
        QTest::addRow("longer than URL") << u"/api/events"_s << u"/api"_s << false;
        QTest::addRow("case sensitive") << u"/API"_s << u"/api"_s << false;
    }
    void pathMatch()
    {
        QFETCH(QString, cookiePath);
        QFETCH(QString, urlPath);
        QFETCH(bool, expected);
        CanonicalCookie c;
        c.path = cookiePath;
        QCOMPARE(c.isOnPath(urlPath), expected);
    }

    void domainMatch_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<bool>("hostOnly");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("expected");
        QTest::addRow("host-only exact") << u"api.example.com"_s << true << u"api.example.com"_s << true;
        QTest::addRow("host-only, subdomain") << u"example.com"_s << true << u"api.example.com"_s << false;
        QTest::addRow("domain cookie, same host") << u".example.com"_s << false << u"example.com"_s << true;
        QTest::addRow("domain cookie, subdomain") << u".example.com"_s << false << u"a.b.example.com"_s << true;
        QTest::addRow("domain cookie, suffix trick") << u".example.com"_s << false << u"badexample.com"_s << false;
        QTest::addRow("host-only IP") << u"127.0.0.1"_s << true << u"127.0.0.1"_s << true;
    }
    void domainMatch()
    {
        QFETCH(QString, domain);
        QFETCH(bool, hostOnly);
        QFETCH(QString, host);
        QFETCH(bool, expected);
        CanonicalCookie c;
        c.domain = domain;
        c.hostOnly = hostOnly;
        QCOMPARE(c.isDomainMatch(host), expected);
    }

    void headerPair()
    {
        CanonicalCookie c;
        c.name = u"sid"_s;
        c.value = u"1"_s;
        QCOMPARE(c.headerPair(), u"sid=1"_s);
        c.name.clear();
        QCOMPARE(c.headerPair(), u"1"_s); // Chromium sends a nameless cookie as its value alone
    }

    void statusNames()
    {
        CookieInclusionStatus status;
        QVERIFY(status.isInclude());
        QCOMPARE(status.debugString(), u"INCLUDE"_s);
        status.addExclusion(CookieExclusion::UserPreferences);
        status.addExclusion(CookieExclusion::SameSiteLax);
        status.addWarning(CookieWarning::SecureAccessGrantedNonCryptographic);
        QVERIFY(!status.isInclude());
        QCOMPARE(status.debugString(),
                 u"EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s);
        // SameSite is the thing to fix first: third-party blocking alone would not change anything.
        QCOMPARE(status.primaryExclusion(), std::optional<CookieExclusion>(CookieExclusion::SameSiteLax));
        QCOMPARE(exclusionDevToolsName(CookieExclusion::SameSiteLax), u"SameSiteLax"_s);
        QVERIFY(exclusionDescription(CookieExclusion::SameSiteNoneInsecure).contains(u"\"SameSite=None\""_s));
        QCOMPARE(exclusionName(CookieExclusion::SameSiteUnspecifiedTreatedAsLax),
                 u"EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX"_s);
        status.removeExclusion(CookieExclusion::SameSiteLax);
        QVERIFY(status.hasOnlyExclusion(CookieExclusion::UserPreferences));
    }

    void hostileInputBounded()
    {
        // A long header of many attributes parses without blowing up and keeps the last values.
        QByteArray line("sid=1");
        for (int i = 0; i < 20000; ++i) {
            line += "; Path=/p";
        }
        const CookieParseResult result = parseSetCookie(line);
        QVERIFY(result.isValid());
        QCOMPARE(result.cookie.path.value_or(QString()), u"/p"_s);
    }

private:
    static constexpr qint64 CookieJarLimitSeconds = 400LL * 24 * 3600;
};

QTEST_GUILESS_MAIN(tst_Cookie)
#include "tst_cookie.moc"
