#include "runners.h"

#include <browser/cookiejar.h>
#include <browser/eventsourcemodel.h>
#include <browser/jarcookieprovider.h>
#include <sse/eventstreamparser.h>

#include <QTimer>

namespace SseScope::Conformance {

namespace {

// Counts what the page counts (message events) and tells the model about every dispatch.
class ModelSink final : public EventStreamSink
{
public:
    ModelSink(EventSourceModel &model, bool messagesOnly)
        : m_model(model)
        , m_messagesOnly(messagesOnly)
    {
    }
    void event(const SseEvent &event) override
    {
        m_model.onEventDispatched(event.lastEventId, true);
        // The page listens with onmessage: a named event is no `message` (fetch pages count blocks).
        if (!m_messagesOnly || event.type == "message") {
            ++events;
        }
        dispatchedIdCount = true;
    }
    void retry(const RetryField &field) override { m_model.onRetryField(field.value.toByteArray()); }

    int events = 0;
    bool dispatchedIdCount = false;

private:
    EventSourceModel &m_model;
    bool m_messagesOnly;
};

ResponseHead responseHead(const Answer &answer, const Endpoints &endpoints)
{
    ResponseHead head;
    head.status = answer.status;
    head.reasonPhrase = answer.reason;
    for (const auto &h : answer.headers) {
        head.headers.append(h.first, endpoints.expand(h.second));
    }
    return head;
}

SeenRequest seen(const RequestHead &request, const QByteArray &body, const Endpoints &endpoints)
{
    SeenRequest r;
    r.method = request.method;
    if (request.hasBody) {
        r.body = body;
    }
    r.role = endpoints.roleOfPort(request.url.port(80)).value_or(Role::Api);
    r.path = request.url.path(QUrl::FullyEncoded).toLatin1();
    if (r.path.isEmpty()) {
        r.path = QByteArrayLiteral("/");
    }
    for (const HttpHeader &h : request.headers.lines()) {
        const QByteArray name = h.name.toLower();
        if (comparedRequestHeaders().contains(name)) {
            const QByteArray previous = r.headers.value(name);
            const QByteArray value = endpoints.normalize(QString::fromLatin1(h.value)).toLatin1();
            r.headers.insert(name, previous.isEmpty() ? value : previous + ", " + value);
        }
    }
    return r;
}

} // namespace

void ModelRunner::start(const Case &c, CaseServer *server, Done done)
{
    const Observation o = observe(c, server->endpoints());
    QTimer::singleShot(0, server, [o, done] { done(o); });
}

Observation ModelRunner::observe(const Case &c, const Endpoints &endpoints) const
{
    Observation o;
    o.runner = name();
    o.consoleKnown = true;
    const Origin page = Origin::fromUrl(QUrl(endpoints.origin(Role::Page)));
    CookieJar jar;
    // The product's adapter (what the client and `check` use): the jar's outcomes reach the model
    // with their reasons, from which the Firefox profile says its cookie-rejection lines.
    JarCookieProvider cookies(&jar, m_profile);
    QHash<QString, int> attempts;
    QStringList console;
    // Headless: nobody answers a Local Network Access prompt (Chromium denies it, Firefox waits).
    LocalNetworkContext localNetwork;
    localNetwork.overrides = addressSpaceOverrides(c, endpoints);
    localNetwork.permission = LocalNetworkPermission::Unanswered;

    // Answers the server would give, counted per (role, method, path) exactly as CaseServer does.
    auto answer = [&](const RequestHead &request) {
        const SeenRequest r = seen(request, c.fetchBody.value_or(QByteArray()), endpoints);
        o.requests.append(r);
        const QString key = roleName(r.role) + QLatin1Char(' ') + QString::fromLatin1(r.method) + QLatin1Char(' ')
            + QString::fromLatin1(r.path);
        const int attempt = attempts.value(key, 0);
        attempts.insert(key, attempt + 1);
        return c.answerFor(r.role, r.method, r.path, attempt);
    };

    if (c.login) {
        // fetch(api + '/login', {credentials: 'include'}): its own fetch through the same model.
        RequestIntent intent;
        intent.url = QUrl(endpoints.origin(Role::Api) + QStringLiteral("/login"));
        intent.mode = RequestMode::Fetch;
        intent.fetchCredentials = CredentialsMode::Include;
        EventSourceModel login(m_profile, page, intent);
        login.setLocalNetworkContext(localNetwork);
        login.setCookieProvider(&cookies);
        login.setSetCookieSink(&cookies);
        const RequestPlan plan = login.planRequest();
        console += plan.console;
        if (plan.sent) {
            const Decision d = login.onResponse(responseHead(answer(plan.request), endpoints));
            console += d.console;
        }
    }

    RequestIntent intent;
    intent.url = QUrl(endpoints.origin(Role::Api) + QString::fromLatin1(c.streamPath));
    intent.mode = c.mode;
    intent.withCredentials = c.withCredentials;
    intent.fetchCredentials = c.fetchCredentials;
    for (const auto &h : c.fetchHeaders) {
        intent.extraHeaders.append(h.first, endpoints.expand(h.second));
    }
    intent.targetAddressSpace = c.fetchTargetAddressSpace;
    if (c.mode == RequestMode::Fetch) {
        intent.method = c.fetchMethod;
        intent.hasBody = c.fetchBody.has_value();
        intent.body = c.fetchBody.value_or(QByteArray());
        intent.readHeaders = c.readHeaders;
    }
    // What response.headers.get() returned on the response fetch() resolved with (null for every
    // name until then, as the page reports it).
    QList<ReadHeader> reads;
    EventSourceModel model(m_profile, page, intent);
    model.setLocalNetworkContext(localNetwork);
    model.setCookieProvider(&cookies);
    model.setSetCookieSink(&cookies);
    ModelSink sink(model, c.mode == RequestMode::EventSource);
    EventStreamParser parser(sink);

    const bool eventSource = c.mode == RequestMode::EventSource;
    // Simulated time since the stream was constructed; the browser reconnects only within the window.
    qint64 nowMs = 0;
    constexpr qint64 kMarginMs = 300;
    auto apply = [&](const Decision &d) {
        console += d.console;
        if (!d.readHeaders.isEmpty()) {
            reads = d.readHeaders;
        }
        if (d.openFired) {
            o.opened = true;
        }
        if (d.errorFired && eventSource) {
            ++o.errors;
        }
    };

    for (int guard = 0; guard < 20; ++guard) {
        const RequestPlan plan = model.planRequest(nowMs);
        console += plan.console;
        if (!plan.sent) {
            if (plan.errorFired && eventSource) {
                ++o.errors;
            }
            break;
        }
        Decision d;
        RequestHead request = plan.request;
        std::optional<RequestHead> preflight = plan.preflight;
        Answer last;
        for (int hop = 0; hop < 20; ++hop) {
            if (preflight) {
                const Answer preflightAnswer = answer(*preflight);
                d = preflightAnswer.status == 0 ? model.onNetworkError(NetworkErrorKind::ConnectionClosed)
                                                : model.onPreflightResponse(responseHead(preflightAnswer, endpoints), nowMs);
                apply(d);
                if (d.action != NextAction::SendRequest) {
                    break;
                }
                if (d.networkResend) {
                    continue; // the network layer sends the preflight again
                }
            }
            last = answer(request);
            if (last.status == 0) {
                d = model.onNetworkError(NetworkErrorKind::ConnectionClosed);
                apply(d);
                if (d.action == NextAction::SendRequest && d.networkResend) {
                    request = *d.request; // the network layer sends it again (Necko)
                    preflight = d.preflight;
                    continue;
                }
                break;
            }
            d = model.onResponse(responseHead(last, endpoints));
            apply(d);
            if (d.action != NextAction::SendRequest || !d.request) {
                break;
            }
            request = *d.request;
            preflight = d.preflight;
        }
        const QByteArray body = last.body.join();
        if (d.action == NextAction::WaitSniffing) {
            if (body.size() >= 1024) {
                d = model.onSniffedBody(body.left(1024));
                apply(d);
            } else if (last.holdOpen) {
                break; // Chromium keeps waiting for more bytes: CONNECTING, no error
            } else {
                d = model.onEndOfBody();
                apply(d);
            }
        }
        if (d.action == NextAction::Continue) {
            for (const QByteArray &chunk : last.body) {
                const QByteArray idBefore = parser.lastEventId();
                sink.dispatchedIdCount = false;
                parser.feed(chunk);
                // A block with an id and no data: the parser updated its last event ID without an event.
                if (!sink.dispatchedIdCount && parser.lastEventId() != idBefore) {
                    model.onEventDispatched(parser.lastEventId(), false);
                }
            }
            if (last.holdOpen) {
                break;
            }
            if (last.reset) {
                d = model.onNetworkError(NetworkErrorKind::ConnectionReset);
                apply(d);
            } else {
                parser.finish();
                d = model.onEndOfBody();
                apply(d);
            }
        }
        if (d.action != NextAction::Reconnect) {
            break;
        }
        nowMs += d.reconnectDelayMs;
        if (nowMs + kMarginMs >= c.windowMs) {
            break; // the page reports before the browser would reconnect
        }
    }
    o.events = sink.events;
    for (const QByteArray &name : c.readHeaders) {
        std::optional<QByteArray> value;
        for (const ReadHeader &read : std::as_const(reads)) {
            if (read.name == name) {
                value = read.value;
            }
        }
        o.readHeaders.append(readHeaderText(name, value));
    }
    o.readyState = readyStateName(model.readyState());
    for (const QString &line : std::as_const(console)) {
        o.console.append(endpoints.normalize(line));
    }
    return o;
}

} // namespace SseScope::Conformance
