#pragma once

// The mock server on loopback for the integration tests that speak raw HTTP to it (tst_mockserver:
// its answers; tst_mockserverstream: its streams): one server per test function, the page's origin,
// a stream opened and its head read.

#include "rawhttp.h"

#include <scenario/scenario.h>
#include <server/mockservercontroller.h>

#include <QTest>

#include <memory>

namespace SseScopeTest {

class MockServerFixture
{
protected:
    MockServerFixture() { qRegisterMetaType<SseScope::ServerExchange>(); }

    std::unique_ptr<SseScope::MockServerController> m_server;

    quint16 apiPort() const { return quint16(m_server->apiUrl().port()); }
    quint16 pagePort() const { return quint16(m_server->pageUrl().port()); }
    QByteArray pageOrigin() const { return "http://localhost:" + QByteArray::number(pagePort()); }
    QByteArray originHeader() const { return "Origin: " + pageOrigin(); }

    void start(const SseScope::Scenario &scenario)
    {
        m_server = std::make_unique<SseScope::MockServerController>();
        QString error;
        QVERIFY2(m_server->start(scenario, {}, &error), qPrintable(error));
    }

    // Opens /events (or another target) and reads the head.
    void openStream(RawHttp &http, const QByteArray &target = "/events", const QList<QByteArray> &extra = {})
    {
        QVERIFY(http.connectTo(apiPort()));
        QList<QByteArray> headers {originHeader(), "Accept: text/event-stream"};
        headers += extra;
        http.request("GET", target, headers);
        QVERIFY2(http.readHead(), http.data().constData());
    }

    static SseScope::Scenario fastStream()
    {
        SseScope::Scenario s;
        s.stream.generator.intervalMs = 20;
        return s;
    }
};

} // namespace SseScopeTest
