#pragma once

// The browser conformance suite's vocabulary: a case (what the page does and the exact answers the
// loopback server gives), and an observation (what a runner — a real browser, the browser model,
// later `ssescope check` — says happened). Runners produce observations; the suite compares them.

#include <browser/localnetworkaccess.h>
#include <browser/requestintent.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace SseScope::Conformance {

// The three origins the server plays. Page: http://localhost:P. Api: http://127.0.0.1:Q (cross
// site) or http://localhost:Q (same site, Case::sameSite). Other: http://127.0.0.1:R, a third
// origin for cross-origin redirects.
enum class Role
{
    Page,
    Api,
    Other
};
QString roleName(Role role); // "page" | "api" | "other"

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One HTTP/1.1 answer, byte for byte. Header values may hold {page}, {api} and {other}, replaced by
// the serialized origins. Without holdOpen the server closes the connection after the body (the
// body is delimited by the close; no Content-Length is added).
struct Answer
{
    int status = 200;
    QByteArray reason = QByteArrayLiteral("OK");
    HeaderList headers;
    QList<QByteArray> body; // written in order; one SSE block per chunk
    bool holdOpen = false;
    // Written before the head, byte for byte: 1xx interim answers ("HTTP/1.1 103 Early Hints…").
    // A browser skips them; the model is fed the final answer only.
    QByteArray interim;
    // After the body, a TCP reset instead of a close or holding (the model: a network error,
    // ERR_CONNECTION_RESET, while streaming).
    bool reset = false;
    // status 0: the server closes the connection without answering (ERR_EMPTY_RESPONSE).
};

// One row of the matrix.
struct Case
{
    QString name; // "es.cors.no-acao"
    QString group; // "eventsource-cors", "fetch-preflight", "cookies", ...
    RequestMode mode = RequestMode::EventSource;
    bool withCredentials = false; // EventSource
    CredentialsMode fetchCredentials = CredentialsMode::SameOrigin; // fetch
    HeaderList fetchHeaders; // fetch request headers the page sets
    // fetch's init.method as the page spells it (fetch normalizes DELETE/GET/HEAD/OPTIONS/POST/PUT
    // only) and init.body, a string (nullopt: no body member).
    QByteArray fetchMethod = QByteArrayLiteral("GET");
    std::optional<QByteArray> fetchBody;
    // Response header names the page's code reads with response.headers.get(name) once fetch()
    // resolved (issue 18); each is reported as its value or null.
    QList<QByteArray> readHeaders;
    bool sameSite = false; // the API on http://localhost:Q instead of http://127.0.0.1:Q
    QByteArray streamPath = QByteArrayLiteral("/stream");
    // The page first calls fetch(api + '/login', {credentials: 'include'}) and waits for it.
    std::optional<Answer> login;
    // OPTIONS answer on the API and Other origins; none: 405 without CORS headers.
    std::optional<Answer> preflight;
    // Answers by "role path" ("api /stream", any method but OPTIONS) or, taking precedence, by
    // "role METHOD path" ("api POST /stream"): one per attempt, the last one repeats.
    QMap<QString, QList<Answer>> routes;
    // How long the page observes after constructing the EventSource / calling fetch (it reports
    // early once the state is final). Generous: the suite shares 2 cores with builds.
    int windowMs = kDefaultWindowMs;
    static constexpr int kDefaultWindowMs = 3000;
    // The window is part of the case's meaning (a reconnect must not have happened yet): runners
    // may not stretch it.
    bool fixedWindow = false;
    QString note; // why the case is there (the observed table row, the rule)
    // Local Network Access (lna.*): the address space the browser is told the page's / the API's port
    // is in (Chromium --ip-address-space-overrides, Firefox network.lna.address_space.*.override);
    // unset: what the address is (loopback). WebKit cannot be told (it has no such check).
    std::optional<IpAddressSpace> pageSpace;
    std::optional<IpAddressSpace> apiSpace;
    std::optional<IpAddressSpace> fetchTargetAddressSpace; // fetch's init.targetAddressSpace

    // The answer the server gives (and the model is fed) for the n-th (0-based) request of
    // `method` to `path` on `role`.
    Answer answerFor(Role role, const QByteArray &method, const QByteArray &path, int attempt) const;
};

struct Endpoints
{
    quint16 pagePort = 0;
    quint16 apiPort = 0;
    quint16 otherPort = 0;
    bool sameSite = false;

    QString origin(Role role) const;
    std::optional<Role> roleOfPort(int port) const;
    // Header value / console text with the origins' ports put back as {P}, {Q}, {R}, so that
    // observations made against different server instances compare.
    QString normalize(const QString &text) const;
    QByteArray expand(const QByteArray &value) const; // {page} {api} {other} → origins
};

// One request that reached the server (or that the model says the browser sends).
struct SeenRequest
{
    QByteArray method;
    Role role = Role::Api;
    QByteArray path;
    QMap<QByteArray, QByteArray> headers; // lower-case names; only the compared ones (comparedRequestHeaders)
    QByteArray body; // the request body ("" without one): what a redirect keeps or drops
};

// The request headers the suite compares. Headers outside this list (User-Agent, sec-ch-ua, Host,
// Connection, Accept-Language, ...) are engine chrome the model does not describe.
const QList<QByteArray> &comparedRequestHeaders();

struct Observation
{
    QString runner; // "chromium", "firefox", "model:chromium"
    QString error; // the runner could not observe (no report, crash); a disagreement by itself
    bool opened = false; // `open` fired (fetch: the promise resolved with an ok status)
    int events = 0; // message events (fetch: SSE blocks with data the page parsed)
    int errors = 0; // `error` events (EventSource only)
    QString readyState; // CONNECTING | OPEN | CLOSED at the end of the window
    QStringList console; // normalized console lines (only where the runner can see them)
    bool consoleKnown = false; // the runner reports console lines (Chromium, model)
    QList<SeenRequest> requests; // API and Other origins, in order (login, preflight, stream hops)
    // fetch: "name=value" or "name=null" for each of Case::readHeaders, in order: what
    // response.headers.get(name) returned (null for every name when fetch() rejected).
    QStringList readHeaders;

    bool preflight() const;
    QString streamCookie() const; // the Cookie header of the first stream request ("" if none)
};

// Field-by-field differences, "field: browser=… model=…"; empty when they agree. Console lines are
// compared only when both sides know them.
QStringList compareObservations(const Observation &truth, const Observation &other);
QString describe(const Observation &observation);

// The overrides a case asks for (Case::pageSpace, apiSpace), on 127.0.0.1 and ::1 of each port.
QList<AddressSpaceOverride> addressSpaceOverrides(const Case &c, const Endpoints &endpoints);

// Observation::readHeaders from a JSON object name → string or null (the page's report, `check`'s
// verdict.readHeaders); a name the object lacks reads as null.
QStringList readHeadersFromJson(const Case &c, const QJsonObject &values);
QString readHeaderText(const QByteArray &name, const std::optional<QByteArray> &value); // "name=value" | "name=null"

// The HTML page of one case; it reports to POST /report on the page origin.
QByteArray casePage(const Case &c, const Endpoints &endpoints);

// The matrix (casematrix.cpp), with the fetch POST rows of casematrixpost.cpp.
QList<Case> conformanceMatrix();
QList<Case> fetchPostCases();

} // namespace SseScope::Conformance
