#pragma once

#include "localnetworkaccess.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace SseScope {

// How the page reads the stream.
enum class RequestMode
{
    EventSource, // new EventSource(url, {withCredentials})
    Fetch, // fetch(url, {method, headers, credentials}) read as a stream
};

// Fetch's credentials mode (Fetch §2.2.5 "request credentials mode").
enum class CredentialsMode
{
    Omit,
    SameOrigin,
    Include
};

// EventSource's readyState (HTML §9.2.2), also used for fetch-streaming: CONNECTING until the
// response is accepted, OPEN while the body streams, CLOSED when it failed or ended.
enum class ReadyState
{
    Connecting,
    Open,
    Closed
};

QString requestModeName(RequestMode mode); // "eventsource" | "fetch" (CLI --mode, JSON)
QString credentialsModeName(CredentialsMode mode); // "omit" | "same-origin" | "include"
QString readyStateName(ReadyState state); // "CONNECTING" | "OPEN" | "CLOSED"

// What the page asks for: the inputs of the browser model besides the page origin and profile.
struct RequestIntent
{
    QUrl url;
    RequestMode mode = RequestMode::EventSource;
    // EventSource: withCredentials → credentials "include", else "same-origin" (HTML §9.2.2 step 8).
    bool withCredentials = false;
    // Fetch only: the init's credentials member (fetch's default is "same-origin").
    CredentialsMode fetchCredentials = CredentialsMode::SameOrigin;
    QByteArray method = QByteArrayLiteral("GET"); // fetch only; EventSource always GETs
    // Headers the page sets. fetch sends them (forbidden names dropped); EventSource cannot send any
    // and the model reports `eventsource.custom-header` instead.
    HttpHeaders extraHeaders;
    // Fetch only: the request body (`init.body`), always a string: `body` holds it, or `bodyFile`
    // names a file whose bytes are streamed as the string's UTF-8 (`ssescope check --data-file`).
    // Without a Content-Type from the page, fetch adds `text/plain;charset=UTF-8` (fetchrequest.h).
    bool hasBody = false;
    QByteArray body;
    QString bodyFile;
    // Fetch only: the response header names the page's code reads with `response.headers.get(name)`
    // (`--read-header`); the model says what each call returns (fetchresponse.h).
    QList<QByteArray> readHeaders;
    // Fetch only: the init's targetAddressSpace ("local" / "loopback"; Local Network Access): it must
    // match the address the connection finds, and it lets an https page fetch an http local address.
    // EventSource has none (Chromium sends kUnknown).
    std::optional<IpAddressSpace> targetAddressSpace;

    CredentialsMode credentialsMode() const;
};

} // namespace SseScope
