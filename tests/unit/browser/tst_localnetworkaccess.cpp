// Local Network Access (localnetworkaccess.h and its place in EventSourceModel): the address spaces,
// Chromium's --ip-address-space-overrides, and the observed table — each model row cites the
// conformance case (tests/browser/casematrix.cpp, lna.*) or the run that showed it.

#include "modeltesthelpers.h"

#include <browser/localnetworkaccess.h>
#include <browser/verdict.h>

#include <QTest>

using namespace SseScope;
using SseScope::TestHelpers::ids;
using SseScope::TestHelpers::response;

Q_DECLARE_METATYPE(SseScope::IpAddressSpace)
Q_DECLARE_METATYPE(SseScope::LocalNetworkPermission)
Q_DECLARE_METATYPE(SseScope::RequestMode)
Q_DECLARE_METATYPE(std::optional<SseScope::IpAddressSpace>)

namespace {

using Space = IpAddressSpace;
using OptSpace = std::optional<IpAddressSpace>;

} // namespace

class LocalNetworkAccessTest : public QObject
{
    Q_OBJECT

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void addressSpaceOfHost_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<IpAddressSpace>("space");
        QTest::addRow("localhost") << "localhost" << Space::Loopback;
        QTest::addRow("app.localhost") << "app.localhost" << Space::Loopback;
        QTest::addRow("127.0.0.1") << "127.0.0.1" << Space::Loopback;
        QTest::addRow("127.8.9.10") << "127.8.9.10" << Space::Loopback;
        QTest::addRow("[::1]") << "[::1]" << Space::Loopback;
        QTest::addRow("0.0.0.0") << "0.0.0.0" << Space::Loopback;
        QTest::addRow("10.1.2.3") << "10.1.2.3" << Space::Local;
        QTest::addRow("172.16.0.1") << "172.16.0.1" << Space::Local;
        QTest::addRow("172.32.0.1 is public") << "172.32.0.1" << Space::Public;
        QTest::addRow("192.168.1.20") << "192.168.1.20" << Space::Local;
        QTest::addRow("169.254.1.1 link-local") << "169.254.1.1" << Space::Local;
        QTest::addRow("fd00::2 unique local") << "fd00::2" << Space::Local;
        QTest::addRow("::ffff:192.168.0.1 mapped") << "::ffff:192.168.0.1" << Space::Local;
        QTest::addRow("8.8.8.8") << "8.8.8.8" << Space::Public;
        QTest::addRow("192.0.2.2 (TEST-NET, public)") << "192.0.2.2" << Space::Public;
        QTest::addRow("a name needs DNS") << "api.example.com" << Space::Unknown;
    }
    void addressSpaceOfHost()
    {
        QFETCH(QString, host);
        QFETCH(IpAddressSpace, space);
        QCOMPARE(SseScope::addressSpaceOfHost(host), space);
    }

    void overridesFlag_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("roundTrip");
        QTest::addRow("one") << "127.0.0.1:8080=public" << true << 1 << "127.0.0.1:8080=public";
        QTest::addRow("two, private is local")
            << "127.0.0.1:1=public,127.0.0.1:2=private" << true << 2 << "127.0.0.1:1=public,127.0.0.1:2=local";
        QTest::addRow("ipv6") << "[::1]:443=public" << true << 1 << "[::1]:443=public";
        QTest::addRow("no space") << "127.0.0.1:8080" << false << 0 << "";
        QTest::addRow("bad space") << "127.0.0.1:8080=intranet" << false << 0 << "";
        QTest::addRow("a name") << "localhost:8080=public" << false << 0 << "";
        QTest::addRow("port 0") << "127.0.0.1:0=public" << false << 0 << "";
    }
    void overridesFlag()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        QFETCH(int, count);
        QFETCH(QString, roundTrip);
        bool parsed = false;
        const QList<AddressSpaceOverride> overrides = parseAddressSpaceOverrides(value, &parsed);
        QCOMPARE(parsed, ok);
        QCOMPARE(overrides.size(), count);
        QCOMPARE(addressSpaceOverridesText(overrides), roundTrip);
    }

    // The observed table. The page is http://localhost:5173 (or the row's), the stream
    // http://127.0.0.1:8080/stream (or the row's); `pageSpace` / `apiSpace` are what Chromium was
    // told with --ip-address-space-overrides (Firefox: network.lna.address_space.*.override).
    void modelDecides_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("url");
        QTest::addColumn<RequestMode>("mode");
        QTest::addColumn<OptSpace>("pageSpace");
        QTest::addColumn<OptSpace>("apiSpace");
        QTest::addColumn<OptSpace>("declared");
        QTest::addColumn<LocalNetworkPermission>("permission");
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("finding");
        QTest::addColumn<QString>("console");

        const QString page = QStringLiteral("http://localhost:5173");
        const QString api = QStringLiteral("http://127.0.0.1:8080/stream");
        const auto es = RequestMode::EventSource;
        const auto fetch = RequestMode::Fetch;
        const auto denied = LocalNetworkPermission::Denied;
        const OptSpace none;
        const QString prefix = QStringLiteral("Access to resource at 'http://127.0.0.1:8080/stream' from origin "
                                              "'http://localhost:5173' has been blocked by CORS policy: ");
        const QString fetchPrefix = QStringLiteral("Access to fetch at 'http://127.0.0.1:8080/stream' from origin "
                                                   "'http://localhost:5173' has been blocked by CORS policy: ");

        QTest::addRow("lna.public-to-loopback-es: Chromium 156 denies, no request")
            << "chromium" << page << api << es << OptSpace(Space::Public) << none << none << denied << false
            << "lna.permission-denied"
            << prefix + QStringLiteral("Permission was denied for this request to access the `loopback` address space.");
        QTest::addRow("lna.public-to-loopback-fetch: fetch's kind")
            << "chromium" << page << api << fetch << OptSpace(Space::Public) << none << none << denied << false
            << "lna.permission-denied"
            << fetchPrefix + QStringLiteral("Permission was denied for this request to access the `loopback` address space.");
        QTest::addRow("lna.public-to-loopback-target-space: declared loopback, still asked")
            << "chromium" << page << api << fetch << OptSpace(Space::Public) << none << OptSpace(Space::Loopback)
            << denied << false << "lna.permission-denied"
            << fetchPrefix + QStringLiteral("Permission was denied for this request to access the `loopback` address space.");
        QTest::addRow("lna.public-to-local-es: the `local` space")
            << "chromium" << page << api << es << OptSpace(Space::Public) << OptSpace(Space::Local) << none << denied
            << false << "lna.permission-denied"
            << prefix + QStringLiteral("Permission was denied for this request to access the `local` address space.");
        QTest::addRow("lna.target-space-mismatch: declared loopback, found local")
            << "chromium" << page << api << fetch << OptSpace(Space::Public) << OptSpace(Space::Local)
            << OptSpace(Space::Loopback) << denied << false << "lna.target-mismatch"
            << fetchPrefix + QStringLiteral("Request had a target IP address space of `loopback` yet the resource is in address "
                             "space `local`.");
        QTest::addRow("lna.target-space-mismatch: Firefox ESR 153 ignores targetAddressSpace and asks")
            << "firefox" << page << api << fetch << OptSpace(Space::Public) << OptSpace(Space::Local)
            << OptSpace(Space::Loopback) << denied << false << "lna.permission-denied" << "";
        QTest::addRow("lna.local-to-loopback: not asked (Chromium 156, Firefox ESR 153)")
            << "chromium" << page << api << es << OptSpace(Space::Local) << none << none << denied << true << ""
            << "";
        QTest::addRow("lna.public-to-public: an ordinary CORS request")
            << "chromium" << page << api << es << OptSpace(Space::Public) << OptSpace(Space::Public) << none << denied
            << true << "" << "";
        QTest::addRow("loopback page, loopback stream (every other case)")
            << "chromium" << page << api << es << none << none << none << denied << true << "" << "";
        QTest::addRow("insecure public page (Chromium 156, page on http://192.0.2.2 by hand)")
            << "chromium" << "http://192.0.2.2:18081" << "http://127.0.0.1:18082/events" << es << none << none << none
            << LocalNetworkPermission::Granted << false << "lna.insecure-context"
            << "Access to resource at 'http://127.0.0.1:18082/events' from origin 'http://192.0.2.2:18081' has been "
               "blocked by CORS policy: The request client is not a secure context and the resource is in "
               "more-private address space `loopback`.";
        QTest::addRow("lna.public-to-loopback-es: WebKit has no check")
            << "safari" << page << api << es << OptSpace(Space::Public) << none << none << denied << true
            << "lna.not-asked" << "";
        QTest::addRow("a user is asked: goes on, with a warning")
            << "chromium" << "https://app.example.com" << "http://localhost:8080/events" << es << none << none << none
            << LocalNetworkPermission::Ask << true << "lna.permission-prompt" << "";
        QTest::addRow("the user granted it")
            << "chromium" << "https://app.example.com" << "http://localhost:8080/events" << es << none << none << none
            << LocalNetworkPermission::Granted << true << "" << "";
        QTest::addRow("https page, http private address, targetAddressSpace: not mixed content")
            << "chromium" << "https://app.example.com" << "http://192.168.1.20/events" << fetch << none << none
            << OptSpace(Space::Local) << LocalNetworkPermission::Ask << true << "lna.permission-prompt" << "";
        QTest::addRow("https page, http private address, no targetAddressSpace: mixed content")
            << "chromium" << "https://app.example.com" << "http://192.168.1.20/events" << fetch << none << none << none
            << LocalNetworkPermission::Ask << false << "request.mixed-content"
            << "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an "
               "insecure resource 'http://192.168.1.20/events'. This request has been blocked; the content must be "
               "served over HTTPS.";
    }
    void modelDecides()
    {
        QFETCH(QString, profile);
        QFETCH(QString, page);
        QFETCH(QString, url);
        QFETCH(RequestMode, mode);
        QFETCH(OptSpace, pageSpace);
        QFETCH(OptSpace, apiSpace);
        QFETCH(OptSpace, declared);
        QFETCH(LocalNetworkPermission, permission);
        QFETCH(bool, sent);
        QFETCH(QString, finding);
        QFETCH(QString, console);

        RequestIntent intent;
        intent.url = QUrl(url);
        intent.mode = mode;
        intent.targetAddressSpace = declared;
        const Origin pageOrigin = Origin::fromString(page);
        LocalNetworkContext context;
        if (pageSpace) {
            context.overrides.append({QStringLiteral("127.0.0.1"), pageOrigin.port(), *pageSpace});
        }
        if (apiSpace) {
            context.overrides.append({intent.url.host(), intent.url.port(80), *apiSpace});
        }
        context.permission = permission;
        EventSourceModel model(BrowserProfile::fromName(profile), pageOrigin, intent);
        model.setLocalNetworkContext(context);
        const RequestPlan plan = model.planRequest();

        QCOMPARE(plan.sent, sent);
        if (finding.isEmpty()) {
            for (const Finding &f : plan.findings) {
                QVERIFY2(!f.id.startsWith(QLatin1String("lna.")), qPrintable(f.id));
            }
        } else {
            QVERIFY2(ids(plan.findings).contains(finding), qPrintable(ids(plan.findings).join(QLatin1Char(' '))));
        }
        if (!sent) {
            // Nothing goes out (no preflight either); EventSource fires one error and stays CLOSED.
            QCOMPARE(plan.readyState, ReadyState::Closed);
            QCOMPARE(model.readyState(), ReadyState::Closed);
            QCOMPARE(plan.errorFired, mode == RequestMode::EventSource);
            QCOMPARE(model.planRequest().sent, false);
        }
        QCOMPARE(plan.console, console.isEmpty() ? QStringList() : QStringList {console});
    }

    // Headless, nobody answers the prompt (cases lna.public-to-loopback-*, lna.public-to-local-es,
    // lna.public-preflight): Chromium 156 denies at once (CLOSED, one error, its console line);
    // Firefox ESR 153 leaves the request waiting (CONNECTING, no error, nothing reaches the server).
    void nobodyAnswers_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<RequestMode>("mode");
        QTest::addColumn<ReadyState>("state");
        QTest::addColumn<bool>("errorFired");
        QTest::addColumn<int>("consoleLines");
        QTest::addRow("chromium eventsource") << "chromium" << RequestMode::EventSource << ReadyState::Closed << true << 1;
        QTest::addRow("chromium fetch") << "chromium" << RequestMode::Fetch << ReadyState::Closed << false << 1;
        QTest::addRow("firefox eventsource") << "firefox" << RequestMode::EventSource << ReadyState::Connecting << false << 0;
        QTest::addRow("firefox fetch") << "firefox" << RequestMode::Fetch << ReadyState::Connecting << false << 0;
    }
    void nobodyAnswers()
    {
        QFETCH(QString, profile);
        QFETCH(RequestMode, mode);
        QFETCH(ReadyState, state);
        QFETCH(bool, errorFired);
        QFETCH(int, consoleLines);
        RequestIntent intent;
        intent.url = QUrl(QStringLiteral("http://127.0.0.1:8080/stream"));
        intent.mode = mode;
        LocalNetworkContext context;
        context.overrides = parseAddressSpaceOverrides(QStringLiteral("127.0.0.1:5173=public"));
        context.permission = LocalNetworkPermission::Unanswered;
        EventSourceModel model(BrowserProfile::fromName(profile), Origin::fromString(QStringLiteral("http://localhost:5173")), intent);
        model.setLocalNetworkContext(context);
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.sent);
        QCOMPARE(model.readyState(), state);
        QCOMPARE(plan.readyState, state);
        QCOMPARE(plan.errorFired, errorFired);
        QCOMPARE(plan.console.size(), consoleLines);
        QCOMPARE(ids(plan.findings),
            QStringList {state == ReadyState::Closed ? QStringLiteral("lna.permission-denied")
                                                      : QStringLiteral("lna.permission-prompt")});
    }

    // A hop into a more private space meets its own check (case lna.redirect-to-loopback).
    void redirectHopIsChecked()
    {
        RequestIntent intent;
        intent.url = QUrl(QStringLiteral("http://127.0.0.1:8080/stream"));
        LocalNetworkContext context;
        context.overrides = parseAddressSpaceOverrides(QStringLiteral("127.0.0.1:5173=public,127.0.0.1:8080=public"));
        context.permission = LocalNetworkPermission::Denied;
        EventSourceModel model(BrowserProfile::chromium(), Origin::fromString(QStringLiteral("http://localhost:5173")), intent);
        model.setLocalNetworkContext(context);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.sent);
        HttpHeaders headers;
        headers.append("Access-Control-Allow-Origin", "*");
        headers.append("Location", "http://127.0.0.1:9090/stream");
        const Decision d = model.onResponse(response(302, headers));
        QCOMPARE(d.action, NextAction::FailConnection);
        QVERIFY(d.errorFired);
        QVERIFY(ids(d.findings).contains(QStringLiteral("lna.permission-denied")));
        QCOMPARE(d.console,
            QStringList {QStringLiteral(
                "Access to resource at 'http://127.0.0.1:9090/stream' (redirected from 'http://127.0.0.1:8080/stream') "
                "from origin 'http://localhost:5173' has been blocked by CORS policy: Permission was denied for this "
                "request to access the `loopback` address space.")});
    }

    // A plain-http public page: blocked without asking anyone, an error (what `check` says).
    void insecurePageIsBlockedWithoutAsking()
    {
        RequestIntent intent;
        intent.url = QUrl(QStringLiteral("http://localhost:8080/events"));
        EventSourceModel model(BrowserProfile::chromium(), Origin::fromString(QStringLiteral("http://app.example.com")), intent);
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.sent);
        QCOMPARE(ids(plan.findings), QStringList {QStringLiteral("lna.insecure-context")});
        QCOMPARE(plan.findings.first().severity, Severity::Error);
    }
};

QTEST_GUILESS_MAIN(LocalNetworkAccessTest)
#include "tst_localnetworkaccess.moc"
