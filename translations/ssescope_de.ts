<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Finding</name>
    <message>
        <source>The stream URL does not parse</source>
        <translation>Die Stream-URL lässt sich nicht parsen</translation>
    </message>
    <message>
        <source>The browser parses the URL before it sends anything. `new EventSource(url)` throws a SyntaxError and `fetch(url)` rejects with a TypeError, so no request leaves the page.</source>
        <translation>Der Browser parst die URL, bevor er etwas sendet. `new EventSource(url)` wirft einen SyntaxError und `fetch(url)` wird mit einem TypeError abgelehnt, sodass keine Anfrage die Seite verlässt.</translation>
    </message>
    <message>
        <source>Pass an absolute http(s) URL, or a path the page&apos;s URL resolves (check for an unencoded space, a missing scheme or a stray character).</source>
        <translation>Übergeben Sie eine absolute http(s)-URL oder einen Pfad, den die URL der Seite auflöst (prüfen Sie auf ein nicht kodiertes Leerzeichen, ein fehlendes Schema oder ein verirrtes Zeichen).</translation>
    </message>
    <message>
        <source>An HTTPS page cannot open an http:// stream</source>
        <translation>Eine HTTPS-Seite kann keinen http://-Stream öffnen</translation>
    </message>
    <message>
        <source>A page loaded over HTTPS may not load an insecure subresource. Chromium blocks the request before the network (an access-check error), so the EventSource goes straight to CLOSED and never retries. http://localhost and http://127.0.0.1 are exempt because they count as potentially trustworthy.</source>
        <translation>Eine über HTTPS geladene Seite darf keine unsichere Unterressource laden. Chromium blockiert die Anfrage vor dem Netzwerk (ein Zugriffsprüfungsfehler), sodass die EventSource direkt auf CLOSED geht und es nie erneut versucht. http://localhost und http://127.0.0.1 sind ausgenommen, weil sie als potenziell vertrauenswürdig gelten.</translation>
    </message>
    <message>
        <source>Serve the stream over HTTPS (a TLS-terminating proxy in front of the SSE server is enough) and use an https:// URL in the page.</source>
        <translation>Liefern Sie den Stream über HTTPS aus (ein TLS-terminierender Proxy vor dem SSE-Server genügt) und verwenden Sie in der Seite eine https://-URL.</translation>
    </message>
    <message>
        <source>The page sets a header the browser will not send</source>
        <translation>Die Seite setzt einen Header, den der Browser nicht sendet</translation>
    </message>
    <message>
        <source>Script cannot set forbidden request headers such as Cookie, Host, Origin, Referer, Connection or any Sec-* / Proxy-* name: fetch() drops them silently, so the server never sees them.</source>
        <translation>Skripte können verbotene Anfrage-Header wie Cookie, Host, Origin, Referer, Connection oder beliebige Sec-*- / Proxy-*-Namen nicht setzen: fetch() verwirft sie stillschweigend, sodass der Server sie nie sieht.</translation>
    </message>
    <message>
        <source>Let the browser send cookies itself (`credentials: &apos;include&apos;` and a credentialed CORS answer), and carry anything else in an allowed header such as Authorization or a custom X- header (which needs a preflight).</source>
        <translation>Lassen Sie den Browser Cookies selbst senden (`credentials: &apos;include&apos;` und eine CORS-Antwort mit Anmeldedaten) und übertragen Sie alles andere in einem erlaubten Header wie Authorization oder einem eigenen X-Header (der einen Preflight braucht).</translation>
    </message>
    <message>
        <source>A credential travels in the query string</source>
        <translation>Ein Zugangsnachweis steht im Query-String</translation>
    </message>
    <message>
        <source>EventSource cannot send an Authorization header, so tokens often go in the URL. A URL is written to server and proxy access logs, browser history, the Referer of later requests and error trackers: a long-lived token there leaks.</source>
        <translation>EventSource kann keinen Authorization-Header senden, deshalb landen Tokens oft in der URL. Eine URL wird in Zugriffsprotokolle von Servern und Proxys, den Browserverlauf, den Referer späterer Anfragen und Fehlertracker geschrieben: ein langlebiges Token dort gelangt nach außen.</translation>
    </message>
    <message>
        <source>Prefer a cookie (HttpOnly; Secure; SameSite, sent with `withCredentials: true`). If the URL must carry a token, make it single-use and short-lived (seconds), scoped to the stream, and strip it from access logs.</source>
        <translation>Bevorzugen Sie ein Cookie (HttpOnly; Secure; SameSite, gesendet mit `withCredentials: true`). Muss die URL ein Token tragen, machen Sie es einmalig und kurzlebig (Sekunden), auf den Stream beschränkt, und entfernen Sie es aus den Zugriffsprotokollen.</translation>
    </message>
    <message>
        <source>Set-Cookie on a request without credentials is ignored</source>
        <translation>Set-Cookie bei einer Anfrage ohne Anmeldedaten wird ignoriert</translation>
    </message>
    <message>
        <source>The response sets a cookie, but the request&apos;s credentials mode does not include credentials (an EventSource without `withCredentials`, or a fetch without `credentials: &apos;include&apos;`, to another origin). The browser neither sends cookies on such a request nor stores the ones it sets.</source>
        <translation>Die Antwort setzt ein Cookie, aber der Credentials-Modus der Anfrage schließt keine Anmeldedaten ein (eine EventSource ohne `withCredentials` oder ein fetch ohne `credentials: &apos;include&apos;` zu einem anderen Ursprung). Der Browser sendet bei einer solchen Anfrage weder Cookies, noch speichert er die gesetzten.</translation>
    </message>
    <message>
        <source>Open the stream with `new EventSource(url, { withCredentials: true })` (fetch: `credentials: &apos;include&apos;`) and answer with the exact origin and `Access-Control-Allow-Credentials: true`.</source>
        <translation>Öffnen Sie den Stream mit `new EventSource(url, { withCredentials: true })` (fetch: `credentials: &apos;include&apos;`) und antworten Sie mit dem exakten Ursprung und `Access-Control-Allow-Credentials: true`.</translation>
    </message>
    <message>
        <source>No Access-Control-Allow-Origin on the response</source>
        <translation>Kein Access-Control-Allow-Origin in der Antwort</translation>
    </message>
    <message>
        <source>The stream is cross-origin, so the browser reads it only if the response names the page&apos;s origin (or `*` without credentials) in Access-Control-Allow-Origin. With no such header the check fails: the EventSource goes to CLOSED, fires `error` and never reconnects; fetch() rejects. On a redirect the 3xx response itself needs the header, and the console then names the first URL.</source>
        <translation>Der Stream ist ursprungsübergreifend, daher liest der Browser ihn nur, wenn die Antwort in Access-Control-Allow-Origin den Ursprung der Seite nennt (oder `*` ohne Anmeldedaten). Ohne diesen Header schlägt die Prüfung fehl: die EventSource geht auf CLOSED, löst `error` aus und verbindet sich nie neu; fetch() wird abgelehnt. Bei einer Umleitung braucht schon die 3xx-Antwort den Header, und die Konsole nennt dann die erste URL.</translation>
    </message>
    <message>
        <source>Send `Access-Control-Allow-Origin: &lt;the page origin&gt;` (plus `Access-Control-Allow-Credentials: true` and `Vary: Origin` for a credentialed stream), or `Access-Control-Allow-Origin: *` for a public stream without credentials, on every response of the stream including redirects and errors.</source>
        <translation>Senden Sie `Access-Control-Allow-Origin: &lt;the page origin&gt;` (plus `Access-Control-Allow-Credentials: true` und `Vary: Origin` für einen Stream mit Anmeldedaten) oder `Access-Control-Allow-Origin: *` für einen öffentlichen Stream ohne Anmeldedaten, und zwar bei jeder Antwort des Streams einschließlich Umleitungen und Fehlern.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin is `*` on a credentialed request</source>
        <translation>Access-Control-Allow-Origin ist `*` bei einer Anfrage mit Anmeldedaten</translation>
    </message>
    <message>
        <source>With `withCredentials: true` (fetch: `credentials: &apos;include&apos;`) the wildcard is not accepted, even when Access-Control-Allow-Credentials is `true`: a response readable by any site must not carry the user&apos;s cookies.</source>
        <translation>Mit `withCredentials: true` (fetch: `credentials: &apos;include&apos;`) wird der Platzhalter nicht akzeptiert, selbst wenn Access-Control-Allow-Credentials `true` ist: eine Antwort, die jede Website lesen kann, darf nicht die Cookies des Benutzers tragen.</translation>
    </message>
    <message>
        <source>Echo the page&apos;s exact origin from an allow-list instead of `*`, add `Access-Control-Allow-Credentials: true` and `Vary: Origin`. If the stream needs no cookies, drop `withCredentials` instead.</source>
        <translation>Geben Sie statt `*` den exakten Ursprung der Seite aus einer Erlaubnisliste zurück und fügen Sie `Access-Control-Allow-Credentials: true` und `Vary: Origin` hinzu. Braucht der Stream keine Cookies, lassen Sie stattdessen `withCredentials` weg.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin holds several values</source>
        <translation>Access-Control-Allow-Origin enthält mehrere Werte</translation>
    </message>
    <message>
        <source>The header must hold exactly one origin. A list (`https://a, https://b`) fails, and so do two Access-Control-Allow-Origin header lines: the browser joins them with &quot;, &quot; before checking. The usual cause is the application and a proxy both adding the header.</source>
        <translation>Der Header muss genau einen Ursprung enthalten. Eine Liste (`https://a, https://b`) schlägt fehl, ebenso zwei Access-Control-Allow-Origin-Headerzeilen: der Browser verbindet sie vor der Prüfung mit &quot;, &quot;. Die übliche Ursache ist, dass sowohl die Anwendung als auch ein Proxy den Header hinzufügen.</translation>
    </message>
    <message>
        <source>Send a single Access-Control-Allow-Origin: pick the request&apos;s Origin from your allow-list and echo it. Make sure only one layer (app or proxy) sets CORS headers; in nginx use `proxy_hide_header` when the app already sends them.</source>
        <translation>Senden Sie ein einziges Access-Control-Allow-Origin: nehmen Sie den Origin der Anfrage aus Ihrer Erlaubnisliste und geben Sie ihn zurück. Sorgen Sie dafür, dass nur eine Schicht (Anwendung oder Proxy) CORS-Header setzt; verwenden Sie in nginx `proxy_hide_header`, wenn die Anwendung sie bereits sendet.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin is not an origin</source>
        <translation>Access-Control-Allow-Origin ist kein Ursprung</translation>
    </message>
    <message>
        <source>The value is neither `*`, `null` nor a URL such as `https://app.example.com`: a bare host (`app.example.com`) or an empty value fails.</source>
        <translation>Der Wert ist weder `*`, `null` noch eine URL wie `https://app.example.com`: ein bloßer Host (`app.example.com`) oder ein leerer Wert schlägt fehl.</translation>
    </message>
    <message>
        <source>Send the origin exactly as the browser sends it in the Origin request header: scheme, host and port, no path, no trailing slash.</source>
        <translation>Senden Sie den Ursprung genau so, wie der Browser ihn im Origin-Anfrage-Header sendet: Schema, Host und Port, kein Pfad, kein abschließender Schrägstrich.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin names another origin</source>
        <translation>Access-Control-Allow-Origin nennt einen anderen Ursprung</translation>
    </message>
    <message>
        <source>The value is compared with the page&apos;s serialized origin byte for byte. A trailing slash, another port, http instead of https, an upper-case host or `null` all fail. The origin has no path: `http://localhost:5173/` is not `http://localhost:5173`.</source>
        <translation>Der Wert wird Byte für Byte mit dem serialisierten Ursprung der Seite verglichen. Ein abschließender Schrägstrich, ein anderer Port, http statt https, ein großgeschriebener Host oder `null` schlagen fehl. Der Ursprung hat keinen Pfad: `http://localhost:5173/` ist nicht `http://localhost:5173`.</translation>
    </message>
    <message>
        <source>Echo the request&apos;s Origin header when it is on your allow-list, exactly as sent.</source>
        <translation>Geben Sie den Origin-Header der Anfrage genau wie gesendet zurück, wenn er auf Ihrer Erlaubnisliste steht.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Credentials is not exactly `true`</source>
        <translation>Access-Control-Allow-Credentials ist nicht genau `true`</translation>
    </message>
    <message>
        <source>For a credentialed request the response must carry `Access-Control-Allow-Credentials: true`, lower case, nothing else. A missing header, `True`, `TRUE`, `1` or `&quot;true&quot;` fail.</source>
        <translation>Bei einer Anfrage mit Anmeldedaten muss die Antwort `Access-Control-Allow-Credentials: true` tragen, kleingeschrieben, nichts anderes. Ein fehlender Header, `True`, `TRUE`, `1` oder `&quot;true&quot;` schlagen fehl.</translation>
    </message>
    <message>
        <source>Send `Access-Control-Allow-Credentials: true` together with the echoed origin.</source>
        <translation>Senden Sie `Access-Control-Allow-Credentials: true` zusammen mit dem zurückgegebenen Ursprung.</translation>
    </message>
    <message>
        <source>The stream URL is not http or https</source>
        <translation>Die Stream-URL ist weder http noch https</translation>
    </message>
    <message>
        <source>A cross-origin request (or a redirect) to a scheme that does not support CORS (ftp:, file:, ws:, a custom scheme) is blocked. EventSource speaks only HTTP.</source>
        <translation>Eine ursprungsübergreifende Anfrage (oder eine Umleitung) zu einem Schema ohne CORS-Unterstützung (ftp:, file:, ws:, ein eigenes Schema) wird blockiert. EventSource spricht nur HTTP.</translation>
    </message>
    <message>
        <source>Use an http:// or https:// URL, and make redirects point to one.</source>
        <translation>Verwenden Sie eine http://- oder https://-URL und lassen Sie Umleitungen auf eine solche zeigen.</translation>
    </message>
    <message>
        <source>A redirect Location contains a user name and password</source>
        <translation>Eine Umleitungs-Location enthält Benutzername und Passwort</translation>
    </message>
    <message>
        <source>A cross-origin redirect to `https://user:pass@host/…` is refused for a CORS request.</source>
        <translation>Eine ursprungsübergreifende Umleitung zu `https://user:pass@host/…` wird für eine CORS-Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>Redirect to a URL without credentials; authenticate with a cookie or a token instead.</source>
        <translation>Leiten Sie auf eine URL ohne Zugangsdaten um; authentifizieren Sie stattdessen mit einem Cookie oder einem Token.</translation>
    </message>
    <message>
        <source>After a cross-origin redirect the request&apos;s origin is `null`</source>
        <translation>Nach einer ursprungsübergreifenden Umleitung ist der Ursprung der Anfrage `null`</translation>
    </message>
    <message>
        <source>The stream went from one cross-origin URL to yet another origin. From that hop on the browser sends `Origin: null` and checks Access-Control-Allow-Origin against `null`, so a response echoing the page origin fails.</source>
        <translation>Der Stream ging von einer ursprungsübergreifenden URL zu noch einem anderen Ursprung. Ab diesem Schritt sendet der Browser `Origin: null` und prüft Access-Control-Allow-Origin gegen `null`, sodass eine Antwort, die den Ursprung der Seite zurückgibt, fehlschlägt.</translation>
    </message>
    <message>
        <source>Point the page at the final URL so there is no cross-origin redirect chain, or keep the redirect within the stream&apos;s own origin. Answering `Access-Control-Allow-Origin: null` works but allows any sandboxed page: avoid it.</source>
        <translation>Lassen Sie die Seite direkt auf die endgültige URL zeigen, damit es keine ursprungsübergreifende Umleitungskette gibt, oder halten Sie die Umleitung innerhalb des Ursprungs des Streams. `Access-Control-Allow-Origin: null` zu antworten funktioniert, erlaubt aber jede Seite in einer Sandbox: vermeiden Sie es.</translation>
    </message>
    <message>
        <source>The response echoes the Origin without `Vary: Origin`</source>
        <translation>Die Antwort gibt den Origin ohne `Vary: Origin` zurück</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin changes with the request&apos;s Origin, but the response does not say so. A cache or CDN can then serve one site&apos;s answer to another site, which the browser blocks as a mismatch.</source>
        <translation>Access-Control-Allow-Origin ändert sich mit dem Origin der Anfrage, aber die Antwort sagt das nicht. Ein Cache oder CDN kann dann die Antwort für eine Website an eine andere ausliefern, was der Browser als Nichtübereinstimmung blockiert.</translation>
    </message>
    <message>
        <source>Add `Vary: Origin` to every response whose Access-Control-Allow-Origin depends on the request.</source>
        <translation>Fügen Sie `Vary: Origin` zu jeder Antwort hinzu, deren Access-Control-Allow-Origin von der Anfrage abhängt.</translation>
    </message>
    <message>
        <source>Access-Control-Allow-Origin `*` on a stream that needs authentication</source>
        <translation>Access-Control-Allow-Origin `*` bei einem Stream, der Authentifizierung braucht</translation>
    </message>
    <message>
        <source>The stream is authenticated (an Authorization header, cookies or a token in the URL) yet readable by any site. Any page the user visits can open it with the same token, and the wildcard means cookies cannot be used at all.</source>
        <translation>Der Stream ist authentifiziert (ein Authorization-Header, Cookies oder ein Token in der URL) und trotzdem für jede Website lesbar. Jede Seite, die der Benutzer besucht, kann ihn mit demselben Token öffnen, und der Platzhalter bedeutet, dass Cookies gar nicht verwendet werden können.</translation>
    </message>
    <message>
        <source>Answer only allowed origins: echo the request&apos;s Origin from an allow-list with `Vary: Origin` (and `Access-Control-Allow-Credentials: true` when cookies authenticate the stream).</source>
        <translation>Antworten Sie nur erlaubten Ursprüngen: geben Sie den Origin der Anfrage aus einer Erlaubnisliste mit `Vary: Origin` zurück (und mit `Access-Control-Allow-Credentials: true`, wenn Cookies den Stream authentifizieren).</translation>
    </message>
    <message>
        <source>The fetch stream needs a preflight</source>
        <translation>Der fetch-Stream braucht einen Preflight</translation>
    </message>
    <message>
        <source>A cross-origin fetch with a method other than GET/HEAD/POST or a header outside the CORS safelist (Authorization, a custom X- header, Last-Event-ID…) is preceded by an OPTIONS request. The stream opens only if the server answers it, and every reconnect your code makes pays that round trip unless the answer is cached (Access-Control-Max-Age). EventSource never sends a preflight.</source>
        <translation>Einem ursprungsübergreifenden fetch mit einer anderen Methode als GET/HEAD/POST oder einem Header außerhalb der CORS-Safelist (Authorization, ein eigener X-Header, Last-Event-ID…) geht eine OPTIONS-Anfrage voraus. Der Stream öffnet sich nur, wenn der Server sie beantwortet, und jede Neuverbindung, die Ihr Code aufbaut, zahlt diesen Umlauf, sofern die Antwort nicht zwischengespeichert wird (Access-Control-Max-Age). EventSource sendet nie einen Preflight.</translation>
    </message>
    <message>
        <source>Answer OPTIONS on the stream URL with the CORS headers below and a 2xx status, and cache it with Access-Control-Max-Age.</source>
        <translation>Beantworten Sie OPTIONS an der Stream-URL mit den unten stehenden CORS-Headern und einem 2xx-Status, und speichern Sie die Antwort mit Access-Control-Max-Age zwischen.</translation>
    </message>
    <message>
        <source>The preflight answer is not a 2xx</source>
        <translation>Die Preflight-Antwort ist kein 2xx</translation>
    </message>
    <message>
        <source>The OPTIONS request got a status outside 200–299 (often 404 or 405 because the route only handles GET, or 401 because authentication runs before CORS). The browser does not send the stream request.</source>
        <translation>Die OPTIONS-Anfrage bekam einen Status außerhalb von 200–299 (oft 404 oder 405, weil die Route nur GET behandelt, oder 401, weil die Authentifizierung vor CORS läuft). Der Browser sendet die Stream-Anfrage nicht.</translation>
    </message>
    <message>
        <source>Answer OPTIONS for the stream URL with 204 (or 200) before any authentication middleware: a preflight never carries credentials.</source>
        <translation>Beantworten Sie OPTIONS für die Stream-URL mit 204 (oder 200) vor jeder Authentifizierungs-Middleware: ein Preflight trägt nie Anmeldedaten.</translation>
    </message>
    <message>
        <source>The preflight was redirected</source>
        <translation>Der Preflight wurde umgeleitet</translation>
    </message>
    <message>
        <source>A preflight must be answered directly: a 3xx fails it (a common cause is an http→https or trailing-slash redirect on OPTIONS).</source>
        <translation>Ein Preflight muss direkt beantwortet werden: ein 3xx lässt ihn scheitern (eine häufige Ursache ist eine http→https- oder Schrägstrich-Umleitung bei OPTIONS).</translation>
    </message>
    <message>
        <source>Answer OPTIONS at the exact URL the page uses; fix the URL in the page instead of redirecting.</source>
        <translation>Beantworten Sie OPTIONS genau unter der URL, die die Seite verwendet; korrigieren Sie die URL in der Seite, statt umzuleiten.</translation>
    </message>
    <message>
        <source>The preflight answer has no Access-Control-Allow-Origin</source>
        <translation>Die Preflight-Antwort hat kein Access-Control-Allow-Origin</translation>
    </message>
    <message>
        <source>The OPTIONS response must pass the same CORS check as the stream. Frameworks that only add CORS headers to GET routes answer the preflight without them (observed Chromium 156: a 405 without CORS headers gives this message).</source>
        <translation>Die OPTIONS-Antwort muss dieselbe CORS-Prüfung bestehen wie der Stream. Frameworks, die CORS-Header nur zu GET-Routen hinzufügen, beantworten den Preflight ohne sie (beobachtet in Chromium 156: ein 405 ohne CORS-Header ergibt diese Meldung).</translation>
    </message>
    <message>
        <source>Add the CORS headers to the OPTIONS answer too.</source>
        <translation>Fügen Sie die CORS-Header auch der OPTIONS-Antwort hinzu.</translation>
    </message>
    <message>
        <source>The preflight answers `*` for a credentialed request</source>
        <translation>Der Preflight antwortet `*` bei einer Anfrage mit Anmeldedaten</translation>
    </message>
    <message>
        <source>For a request with credentials the preflight&apos;s Access-Control-Allow-Origin must be the exact origin, as for the stream.</source>
        <translation>Bei einer Anfrage mit Anmeldedaten muss das Access-Control-Allow-Origin des Preflights wie beim Stream der exakte Ursprung sein.</translation>
    </message>
    <message>
        <source>Echo the allowed origin and send `Access-Control-Allow-Credentials: true` on the OPTIONS answer.</source>
        <translation>Geben Sie den erlaubten Ursprung zurück und senden Sie `Access-Control-Allow-Credentials: true` in der OPTIONS-Antwort.</translation>
    </message>
    <message>
        <source>The preflight answer holds several Access-Control-Allow-Origin values</source>
        <translation>Die Preflight-Antwort enthält mehrere Access-Control-Allow-Origin-Werte</translation>
    </message>
    <message>
        <source>As on the stream: one value only; two header lines are joined and fail.</source>
        <translation>Wie beim Stream: nur ein Wert; zwei Headerzeilen werden verbunden und schlagen fehl.</translation>
    </message>
    <message>
        <source>Send exactly one Access-Control-Allow-Origin on the OPTIONS answer; make sure app and proxy do not both add it.</source>
        <translation>Senden Sie in der OPTIONS-Antwort genau ein Access-Control-Allow-Origin; sorgen Sie dafür, dass nicht Anwendung und Proxy es beide hinzufügen.</translation>
    </message>
    <message>
        <source>The preflight&apos;s Access-Control-Allow-Origin is not an origin</source>
        <translation>Das Access-Control-Allow-Origin des Preflights ist kein Ursprung</translation>
    </message>
    <message>
        <source>The OPTIONS answer carries a value that is not `*`, `null` or an origin URL.</source>
        <translation>Die OPTIONS-Antwort trägt einen Wert, der weder `*`, `null` noch eine Ursprungs-URL ist.</translation>
    </message>
    <message>
        <source>Echo the request&apos;s Origin exactly.</source>
        <translation>Geben Sie den Origin der Anfrage exakt zurück.</translation>
    </message>
    <message>
        <source>The preflight&apos;s Access-Control-Allow-Origin names another origin</source>
        <translation>Das Access-Control-Allow-Origin des Preflights nennt einen anderen Ursprung</translation>
    </message>
    <message>
        <source>The OPTIONS answer names an origin that differs from the page&apos;s (trailing slash, port, scheme).</source>
        <translation>Die OPTIONS-Antwort nennt einen Ursprung, der sich von dem der Seite unterscheidet (abschließender Schrägstrich, Port, Schema).</translation>
    </message>
    <message>
        <source>The preflight answer lacks `Access-Control-Allow-Credentials: true`</source>
        <translation>Der Preflight-Antwort fehlt `Access-Control-Allow-Credentials: true`</translation>
    </message>
    <message>
        <source>A credentialed fetch needs `Access-Control-Allow-Credentials: true` on the OPTIONS answer as well as on the stream.</source>
        <translation>Ein fetch mit Anmeldedaten braucht `Access-Control-Allow-Credentials: true` sowohl in der OPTIONS-Antwort als auch beim Stream.</translation>
    </message>
    <message>
        <source>Add `Access-Control-Allow-Credentials: true` to the OPTIONS answer.</source>
        <translation>Fügen Sie `Access-Control-Allow-Credentials: true` der OPTIONS-Antwort hinzu.</translation>
    </message>
    <message>
        <source>The preflight does not allow the method</source>
        <translation>Der Preflight erlaubt die Methode nicht</translation>
    </message>
    <message>
        <source>The method is not listed in Access-Control-Allow-Methods (names are compared case-sensitively; `*` counts only without credentials).</source>
        <translation>Die Methode steht nicht in Access-Control-Allow-Methods (Namen werden mit Beachtung der Groß-/Kleinschreibung verglichen; `*` zählt nur ohne Anmeldedaten).</translation>
    </message>
    <message>
        <source>List the method, upper case, in Access-Control-Allow-Methods.</source>
        <translation>Führen Sie die Methode in Großbuchstaben in Access-Control-Allow-Methods auf.</translation>
    </message>
    <message>
        <source>The preflight does not allow a request header</source>
        <translation>Der Preflight erlaubt einen Anfrage-Header nicht</translation>
    </message>
    <message>
        <source>A header the page sets is not listed in Access-Control-Allow-Headers. `*` covers every name only for requests without credentials; with credentials it is a literal name. By the standard `*` never covers Authorization; Chromium 156 was observed to let it (without credentials) but Firefox and Safari do not.</source>
        <translation>Ein Header, den die Seite setzt, steht nicht in Access-Control-Allow-Headers. `*` deckt nur bei Anfragen ohne Anmeldedaten jeden Namen ab; mit Anmeldedaten ist es ein wörtlicher Name. Laut Standard deckt `*` nie Authorization ab; Chromium 156 ließ es (ohne Anmeldedaten) beobachtbar durch, Firefox und Safari aber nicht.</translation>
    </message>
    <message>
        <source>List every header the page sends (Authorization included) by name in Access-Control-Allow-Headers.</source>
        <translation>Führen Sie jeden Header, den die Seite sendet (einschließlich Authorization), namentlich in Access-Control-Allow-Headers auf.</translation>
    </message>
    <message>
        <source>Only `Access-Control-Allow-Headers: *` lets Authorization through</source>
        <translation>Nur `Access-Control-Allow-Headers: *` lässt Authorization durch</translation>
    </message>
    <message>
        <source>Observed Chromium 156 accepts `*` as covering Authorization on a request without credentials, so the stream works here. The Fetch standard says Authorization must be listed by name, Firefox and Safari follow it, and Chromium has announced it will too: the same server fails elsewhere.</source>
        <translation>Das beobachtete Chromium 156 akzeptiert `*` als Abdeckung für Authorization bei einer Anfrage ohne Anmeldedaten, daher funktioniert der Stream hier. Der Fetch-Standard verlangt, dass Authorization namentlich aufgeführt wird, Firefox und Safari folgen ihm, und Chromium hat angekündigt, es ebenfalls zu tun: derselbe Server scheitert anderswo.</translation>
    </message>
    <message>
        <source>Name Authorization explicitly: `Access-Control-Allow-Headers: Authorization, *`.</source>
        <translation>Nennen Sie Authorization ausdrücklich: `Access-Control-Allow-Headers: Authorization, *`.</translation>
    </message>
    <message>
        <source>The preflight answer is not cached</source>
        <translation>Die Preflight-Antwort wird nicht zwischengespeichert</translation>
    </message>
    <message>
        <source>Without Access-Control-Max-Age the browser keeps the answer 5 seconds, so nearly every reconnect of a fetch stream sends another OPTIONS first.</source>
        <translation>Ohne Access-Control-Max-Age behält der Browser die Antwort 5 Sekunden, sodass fast jede Neuverbindung eines fetch-Streams zuerst ein weiteres OPTIONS sendet.</translation>
    </message>
    <message>
        <source>Send `Access-Control-Max-Age: 600` (Chromium caps it at 7200, WebKit at 600, Firefox at 86400).</source>
        <translation>Senden Sie `Access-Control-Max-Age: 600` (Chromium begrenzt auf 7200, WebKit auf 600, Firefox auf 86400).</translation>
    </message>
    <message>
        <source>Access-Control-Max-Age is above the browser&apos;s cap</source>
        <translation>Access-Control-Max-Age liegt über der Grenze des Browsers</translation>
    </message>
    <message>
        <source>The browser keeps the preflight answer only up to its own limit (Chromium 2 h, WebKit 10 min, Firefox 24 h); the larger value has no effect.</source>
        <translation>Der Browser behält die Preflight-Antwort nur bis zu seiner eigenen Grenze (Chromium 2 h, WebKit 10 min, Firefox 24 h); der größere Wert hat keine Wirkung.</translation>
    </message>
    <message>
        <source>Send a value within the cap, e.g. 600 (10 minutes) to behave the same in every browser.</source>
        <translation>Senden Sie einen Wert innerhalb der Grenze, z. B. 600 (10 Minuten), damit sich jeder Browser gleich verhält.</translation>
    </message>
    <message>
        <source>EventSource cannot send a custom header</source>
        <translation>EventSource kann keinen eigenen Header senden</translation>
    </message>
    <message>
        <source>The EventSource API has no way to set request headers: an Authorization header or an API key header asked of it is never sent. (ssescope&apos;s EventSource mode therefore refuses --header.)</source>
        <translation>Die EventSource-API bietet keine Möglichkeit, Anfrage-Header zu setzen: ein von ihr verlangter Authorization- oder API-Key-Header wird nie gesendet. (Der EventSource-Modus von ssescope lehnt --header deshalb ab.)</translation>
    </message>
    <message>
        <source>Authenticate with a cookie (`withCredentials: true` plus a credentialed CORS answer), with a short-lived single-use token in the query string, or switch to fetch() streaming, which can send headers (and then needs a preflight).</source>
        <translation>Authentifizieren Sie mit einem Cookie (`withCredentials: true` plus eine CORS-Antwort mit Anmeldedaten), mit einem kurzlebigen Einmal-Token im Query-String, oder wechseln Sie zu fetch()-Streaming, das Header senden kann (und dann einen Preflight braucht).</translation>
    </message>
    <message>
        <source>204 No Content: the server told the client to stop</source>
        <translation>204 No Content: der Server hat den Client angewiesen aufzuhören</translation>
    </message>
    <message>
        <source>Any status other than 200 fails the connection: readyState CLOSED, one `error` event, no reconnect. 204 is the conventional way for a server to stop an EventSource for good.</source>
        <translation>Jeder andere Status als 200 lässt die Verbindung scheitern: readyState CLOSED, ein `error`-Ereignis, keine Neuverbindung. 204 ist der übliche Weg, mit dem ein Server eine EventSource endgültig beendet.</translation>
    </message>
    <message>
        <source>Nothing to fix if stopping was intended. Otherwise answer 200 with `Content-Type: text/event-stream`.</source>
        <translation>Nichts zu beheben, wenn das Beenden beabsichtigt war. Andernfalls antworten Sie mit 200 und `Content-Type: text/event-stream`.</translation>
    </message>
    <message>
        <source>The stream answered with a status other than 200</source>
        <translation>Der Stream hat mit einem anderen Status als 200 geantwortet</translation>
    </message>
    <message>
        <source>EventSource accepts only status 200. Any other status (401, 404, 500, 206…) fails the connection: CLOSED, `error`, no reconnect and — in Chromium — no console line, so the failure is silent. A redirect is followed first; only the final status counts.</source>
        <translation>EventSource akzeptiert nur Status 200. Jeder andere Status (401, 404, 500, 206…) lässt die Verbindung scheitern: CLOSED, `error`, keine Neuverbindung und — in Chromium — keine Konsolenzeile, der Fehler bleibt also still. Einer Umleitung wird zuerst gefolgt; nur der endgültige Status zählt.</translation>
    </message>
    <message>
        <source>Answer the stream with 200. For &quot;not now&quot; use 200 with a `retry:` field and close the body (the browser reconnects); for &quot;never&quot; use 204.</source>
        <translation>Beantworten Sie den Stream mit 200. Für „jetzt nicht“ verwenden Sie 200 mit einem `retry:`-Feld und schließen den Body (der Browser verbindet sich neu); für „nie“ verwenden Sie 204.</translation>
    </message>
    <message>
        <source>The Content-Type is not text/event-stream</source>
        <translation>Der Content-Type ist nicht text/event-stream</translation>
    </message>
    <message>
        <source>The response&apos;s MIME type must be exactly `text/event-stream` (parameters such as charset are ignored here; Chromium&apos;s network stack lower-cases the type first and Safari ignores case, so only the letters matter). Otherwise the connection fails with a console message and no reconnect.</source>
        <translation>Der MIME-Typ der Antwort muss genau `text/event-stream` sein (Parameter wie charset werden hier ignoriert; der Netzwerkstack von Chromium schreibt den Typ zuerst klein und Safari ignoriert die Groß-/Kleinschreibung, es zählen also nur die Buchstaben). Andernfalls scheitert die Verbindung mit einer Konsolenmeldung und ohne Neuverbindung.</translation>
    </message>
    <message>
        <source>Send `Content-Type: text/event-stream` on the stream response (and make sure no proxy or framework replaces it).</source>
        <translation>Senden Sie `Content-Type: text/event-stream` in der Stream-Antwort (und stellen Sie sicher, dass kein Proxy oder Framework ihn ersetzt).</translation>
    </message>
    <message>
        <source>The stream declares a charset other than UTF-8</source>
        <translation>Der Stream deklariert einen anderen Zeichensatz als UTF-8</translation>
    </message>
    <message>
        <source>An event stream is always UTF-8. Chromium fails the connection when the Content-Type names another charset (`text/event-stream; charset=iso-8859-1`), with a console message; Firefox ignores the parameter and Safari warns and decodes as UTF-8, so the same server works there.</source>
        <translation>Ein Event-Stream ist immer UTF-8. Chromium lässt die Verbindung mit einer Konsolenmeldung scheitern, wenn der Content-Type einen anderen Zeichensatz nennt (`text/event-stream; charset=iso-8859-1`); Firefox ignoriert den Parameter und Safari warnt und dekodiert als UTF-8, dort funktioniert derselbe Server also.</translation>
    </message>
    <message>
        <source>Send `Content-Type: text/event-stream` with no charset, or `; charset=utf-8`, and encode the body as UTF-8.</source>
        <translation>Senden Sie `Content-Type: text/event-stream` ohne charset oder mit `; charset=utf-8` und kodieren Sie den Body als UTF-8.</translation>
    </message>
    <message>
        <source>The browser is sniffing the MIME type and waits silently</source>
        <translation>Der Browser schnüffelt den MIME-Typ und wartet still</translation>
    </message>
    <message>
        <source>The response is `text/plain` (or has no Content-Type) without `X-Content-Type-Options: nosniff`. Chromium holds it while its MIME sniffer waits for 1024 bytes or the end of the body: the EventSource stays CONNECTING, with no error and no console line, for as long as a small stream stays open. It then fails (not text/event-stream). Firefox fails at once.</source>
        <translation>Die Antwort ist `text/plain` (oder hat keinen Content-Type) ohne `X-Content-Type-Options: nosniff`. Chromium hält sie zurück, während sein MIME-Sniffer auf 1024 Bytes oder das Ende des Bodys wartet: die EventSource bleibt auf CONNECTING, ohne Fehler und ohne Konsolenzeile, solange ein kleiner Stream offen bleibt. Danach scheitert sie (nicht text/event-stream). Firefox scheitert sofort.</translation>
    </message>
    <message>
        <source>Send `Content-Type: text/event-stream`. Adding `X-Content-Type-Options: nosniff` makes any remaining mistake fail loudly instead of hanging.</source>
        <translation>Senden Sie `Content-Type: text/event-stream`. Mit `X-Content-Type-Options: nosniff` scheitert jeder verbleibende Fehler laut, statt zu hängen.</translation>
    </message>
    <message>
        <source>The browser reconnects</source>
        <translation>Der Browser verbindet sich neu</translation>
    </message>
    <message>
        <source>The body ended or the connection broke after the stream was accepted. The EventSource fires `error` with readyState CONNECTING, waits the reconnection time (3000 ms in Chromium and Safari, 5000 ms in Firefox, or the last `retry:` value) and requests the stream again, sending `Last-Event-ID` when an id was seen.</source>
        <translation>Der Body endete oder die Verbindung brach ab, nachdem der Stream angenommen wurde. Die EventSource löst `error` mit readyState CONNECTING aus, wartet die Wiederverbindungszeit ab (3000 ms in Chromium und Safari, 5000 ms in Firefox, oder den letzten `retry:`-Wert) und fordert den Stream erneut an, wobei sie `Last-Event-ID` sendet, sobald eine id gesehen wurde.</translation>
    </message>
    <message>
        <source>Nothing to fix. To resume without gaps, give events an `id:` and honour Last-Event-ID; to stop the client, answer 204.</source>
        <translation>Nichts zu beheben. Um lückenlos fortzusetzen, geben Sie Ereignissen eine `id:` und beachten Sie Last-Event-ID; um den Client zu stoppen, antworten Sie mit 204.</translation>
    </message>
    <message>
        <source>The browser raised the `retry:` value</source>
        <translation>Der Browser hat den `retry:`-Wert angehoben</translation>
    </message>
    <message>
        <source>Firefox waits at least 500 ms between reconnects whatever `retry:` says, and reads an empty `retry:` as 0 (then 500 ms). Chromium and Safari use the value as is and reset an empty one to 3000 ms.</source>
        <translation>Firefox wartet zwischen Neuverbindungen mindestens 500 ms, egal was `retry:` sagt, und liest ein leeres `retry:` als 0 (dann 500 ms). Chromium und Safari verwenden den Wert unverändert und setzen einen leeren auf 3000 ms zurück.</translation>
    </message>
    <message>
        <source>Send `retry:` values of 500 ms or more, and never an empty `retry:` line.</source>
        <translation>Senden Sie `retry:`-Werte von 500 ms oder mehr und nie eine leere `retry:`-Zeile.</translation>
    </message>
    <message>
        <source>The fetch stream answered with an error status</source>
        <translation>Der fetch-Stream hat mit einem Fehlerstatus geantwortet</translation>
    </message>
    <message>
        <source>fetch() resolves for any status that passes CORS, so a stream reader that does not check `response.ok` reads an error page as if it were events. SSE Scope counts the stream as failed.</source>
        <translation>fetch() wird bei jedem Status erfüllt, der CORS besteht, sodass ein Stream-Leser, der `response.ok` nicht prüft, eine Fehlerseite liest, als wären es Ereignisse. SSE Scope zählt den Stream als gescheitert.</translation>
    </message>
    <message>
        <source>Answer the stream with 200 and `Content-Type: text/event-stream`; in the page, check `response.ok` before reading the body.</source>
        <translation>Beantworten Sie den Stream mit 200 und `Content-Type: text/event-stream`; prüfen Sie in der Seite `response.ok`, bevor Sie den Body lesen.</translation>
    </message>
    <message>
        <source>A fetch stream does not reconnect by itself</source>
        <translation>Ein fetch-Stream verbindet sich nicht von selbst neu</translation>
    </message>
    <message>
        <source>Unlike EventSource, a fetch() stream that ends or breaks is simply over: no `retry`, no Last-Event-ID, unless the page&apos;s code does it.</source>
        <translation>Anders als bei EventSource ist ein fetch()-Stream, der endet oder abbricht, einfach vorbei: kein `retry`, keine Last-Event-ID, es sei denn, der Code der Seite erledigt das.</translation>
    </message>
    <message>
        <source>Reconnect in the page with a delay (honouring `retry:`) and send the last id yourself, e.g. in a `Last-Event-ID` header (which needs a preflight).</source>
        <translation>Verbinden Sie sich in der Seite mit einer Verzögerung neu (unter Beachtung von `retry:`) und senden Sie die letzte id selbst, z. B. in einem `Last-Event-ID`-Header (der einen Preflight braucht).</translation>
    </message>
    <message>
        <source>No `Cache-Control: no-transform` on the stream</source>
        <translation>Kein `Cache-Control: no-transform` beim Stream</translation>
    </message>
    <message>
        <source>Without no-transform a proxy, CDN or antivirus may compress, buffer or re-chunk the response, so events arrive late and in bursts, or only when the stream closes.</source>
        <translation>Ohne no-transform kann ein Proxy, CDN oder Virenscanner die Antwort komprimieren, puffern oder neu aufteilen, sodass Ereignisse verspätet und in Schüben ankommen, oder erst, wenn der Stream schließt.</translation>
    </message>
    <message>
        <source>Send `Cache-Control: no-cache, no-transform` on the stream (and `X-Accel-Buffering: no` behind nginx).</source>
        <translation>Senden Sie `Cache-Control: no-cache, no-transform` beim Stream (und hinter nginx `X-Accel-Buffering: no`).</translation>
    </message>
    <message>
        <source>The stream is compressed</source>
        <translation>Der Stream ist komprimiert</translation>
    </message>
    <message>
        <source>A Content-Encoding (gzip, br…) on an event stream makes the compressor hold events until its buffer fills, unless every event is flushed through it. Typical symptom: nothing for a while, then many events at once.</source>
        <translation>Ein Content-Encoding (gzip, br…) bei einem Event-Stream lässt den Kompressor Ereignisse zurückhalten, bis sein Puffer voll ist, sofern nicht jedes Ereignis durch ihn hindurch geleert wird. Typisches Symptom: eine Weile nichts, dann viele Ereignisse auf einmal.</translation>
    </message>
    <message>
        <source>Exclude text/event-stream from response compression, or flush the compressor after each event.</source>
        <translation>Nehmen Sie text/event-stream von der Antwortkomprimierung aus oder leeren Sie den Kompressor nach jedem Ereignis.</translation>
    </message>
    <message>
        <source>No heartbeat within common proxy idle timeouts</source>
        <translation>Kein Heartbeat innerhalb üblicher Proxy-Leerlaufzeiten</translation>
    </message>
    <message>
        <source>The stream went 30 s or more without a byte. Proxies and load balancers close idle connections (nginx proxy_read_timeout 60 s, AWS ALB 60 s, Heroku 55 s), so a quiet stream is cut and the browser reconnects, or worse, hangs on a half-open socket.</source>
        <translation>Der Stream blieb 30 s oder länger ohne ein Byte. Proxys und Load Balancer schließen untätige Verbindungen (nginx proxy_read_timeout 60 s, AWS ALB 60 s, Heroku 55 s), sodass ein stiller Stream abgeschnitten wird und der Browser sich neu verbindet oder, schlimmer, an einem halboffenen Socket hängt.</translation>
    </message>
    <message>
        <source>Write a comment line (`: ping`) every 15–20 s.</source>
        <translation>Schreiben Sie alle 15–20 s eine Kommentarzeile (`: ping`).</translation>
    </message>
    <message>
        <source>Events carry no id</source>
        <translation>Ereignisse tragen keine id</translation>
    </message>
    <message>
        <source>Without `id:` fields the browser has no Last-Event-ID to send when it reconnects, so the server cannot resume where the client stopped: events sent during the reconnect gap are lost.</source>
        <translation>Ohne `id:`-Felder hat der Browser beim Neuverbinden keine Last-Event-ID zu senden, sodass der Server nicht dort fortsetzen kann, wo der Client aufgehört hat: während der Verbindungslücke gesendete Ereignisse gehen verloren.</translation>
    </message>
    <message>
        <source>Give each event an `id:` and, on reconnect, replay the events after the Last-Event-ID request header.</source>
        <translation>Geben Sie jedem Ereignis eine `id:` und spielen Sie beim Neuverbinden die Ereignisse nach dem Last-Event-ID-Anfrage-Header erneut ab.</translation>
    </message>
    <message>
        <source>The connection failed</source>
        <translation>Die Verbindung ist gescheitert</translation>
    </message>
    <message>
        <source>The request did not get a complete answer (refused, reset, timed out, name not resolved, or the body was cut). Chromium and Safari reconnect after the reconnection time; Firefox fails the connection for errors other than refused, timeout, reset or an interrupted transfer (an unknown host, for example); fetch() rejects.</source>
        <translation>Die Anfrage bekam keine vollständige Antwort (abgewiesen, zurückgesetzt, Zeitüberschreitung, Name nicht aufgelöst oder der Body wurde abgeschnitten). Chromium und Safari verbinden sich nach der Wiederverbindungszeit neu; Firefox lässt die Verbindung bei anderen Fehlern als Abweisung, Zeitüberschreitung, Zurücksetzen oder unterbrochener Übertragung scheitern (zum Beispiel bei einem unbekannten Host); fetch() wird abgelehnt.</translation>
    </message>
    <message>
        <source>Check that the server is reachable from the page&apos;s network, and that no proxy closes the stream (see stream.no-heartbeat).</source>
        <translation>Prüfen Sie, ob der Server aus dem Netzwerk der Seite erreichbar ist und kein Proxy den Stream schließt (siehe stream.no-heartbeat).</translation>
    </message>
    <message>
        <source>The stream was redirected</source>
        <translation>Der Stream wurde umgeleitet</translation>
    </message>
    <message>
        <source>The browser follows 301/302/303/307/308 for EventSource and fetch, but runs the CORS check on each cross-origin 3xx first (it needs Access-Control-Allow-Origin too), and after a cross-origin hop to another origin it sends `Origin: null`. Every reconnect repeats the redirect.</source>
        <translation>Der Browser folgt 301/302/303/307/308 bei EventSource und fetch, führt aber zuerst bei jedem ursprungsübergreifenden 3xx die CORS-Prüfung durch (es braucht ebenfalls Access-Control-Allow-Origin), und nach einem ursprungsübergreifenden Sprung zu einem anderen Ursprung sendet er `Origin: null`. Jede Neuverbindung wiederholt die Umleitung.</translation>
    </message>
    <message>
        <source>Point the page at the final URL; if the redirect must stay, send the CORS headers on the 3xx response as well.</source>
        <translation>Lassen Sie die Seite direkt auf die endgültige URL zeigen; muss die Umleitung bleiben, senden Sie die CORS-Header auch in der 3xx-Antwort.</translation>
    </message>
    <message>
        <source>The stream uses one of six HTTP/1.1 connections to the host</source>
        <translation>Der Stream belegt eine von sechs HTTP/1.1-Verbindungen zum Host</translation>
    </message>
    <message>
        <source>Over HTTP/1.1 — which includes every plain http:// URL, since browsers do not speak cleartext HTTP/2 — each open stream holds one of the six connections a browser allows per host, across all tabs. A seventh stream, or any other request to that host once six streams are open, waits silently.</source>
        <translation>Über HTTP/1.1 — dazu gehört jede einfache http://-URL, da Browser kein unverschlüsseltes HTTP/2 sprechen — hält jeder offene Stream eine der sechs Verbindungen, die ein Browser pro Host über alle Tabs hinweg erlaubt. Ein siebter Stream oder jede andere Anfrage an diesen Host wartet still, sobald sechs Streams offen sind.</translation>
    </message>
    <message>
        <source>Serve the stream over HTTP/2 or HTTP/3 (https), or share one stream per browser (a SharedWorker or BroadcastChannel), or put the stream on its own host name.</source>
        <translation>Liefern Sie den Stream über HTTP/2 oder HTTP/3 (https) aus, teilen Sie einen Stream pro Browser (ein SharedWorker oder BroadcastChannel) oder legen Sie den Stream auf einen eigenen Hostnamen.</translation>
    </message>
    <message>
        <source>Events written over time arrive in bursts</source>
        <translation>Über die Zeit geschriebene Ereignisse kommen in Schüben an</translation>
    </message>
    <message>
        <source>The events reached the client in a few large groups separated by pauses, although a streaming server sends them one by one: something between server and browser (a reverse proxy with buffering on, a compressing middleware, a CDN) holds them back.</source>
        <translation>Die Ereignisse erreichten den Client in wenigen großen Gruppen mit Pausen dazwischen, obwohl ein streamender Server sie einzeln sendet: etwas zwischen Server und Browser (ein Reverse Proxy mit eingeschalteter Pufferung, eine komprimierende Middleware, ein CDN) hält sie zurück.</translation>
    </message>
    <message>
        <source>Turn off response buffering for the stream: `X-Accel-Buffering: no` for nginx (or `proxy_buffering off`), no compression of text/event-stream, and flush after each event in the application.</source>
        <translation>Schalten Sie die Antwortpufferung für den Stream ab: `X-Accel-Buffering: no` für nginx (oder `proxy_buffering off`), keine Komprimierung von text/event-stream, und leeren Sie in der Anwendung nach jedem Ereignis den Puffer.</translation>
    </message>
    <message>
        <source>The stream stopped delivering while still open</source>
        <translation>Der Stream hat aufgehört zu liefern, obwohl er noch offen ist</translation>
    </message>
    <message>
        <source>Bytes arrived regularly, then nothing for a long time although the connection stayed open: the server stopped writing, a proxy holds the data, or the connection is half-open. The browser will not notice until the TCP connection dies.</source>
        <translation>Bytes kamen regelmäßig an, dann lange nichts, obwohl die Verbindung offen blieb: der Server hat aufgehört zu schreiben, ein Proxy hält die Daten zurück, oder die Verbindung ist halboffen. Der Browser bemerkt es erst, wenn die TCP-Verbindung stirbt.</translation>
    </message>
    <message>
        <source>Send a heartbeat comment every 15 s so that silence means a problem, and check proxy buffering and the server&apos;s event loop.</source>
        <translation>Senden Sie alle 15 s einen Heartbeat-Kommentar, damit Stille ein Problem bedeutet, und prüfen Sie die Proxy-Pufferung und die Ereignisschleife des Servers.</translation>
    </message>
    <message>
        <source>A line exceeded the parser&apos;s limit</source>
        <translation>Eine Zeile hat die Grenze des Parsers überschritten</translation>
    </message>
    <message>
        <source>The stream sent a line longer than SSE Scope&apos;s parser cap. Browsers keep reading (until memory runs out), but a line that long is usually a missing newline or a huge payload that should be split.</source>
        <translation>Der Stream hat eine Zeile gesendet, die länger ist als die Parser-Grenze von SSE Scope. Browser lesen weiter (bis der Speicher ausgeht), aber eine so lange Zeile ist meist ein fehlender Zeilenumbruch oder eine riesige Nutzlast, die aufgeteilt werden sollte.</translation>
    </message>
    <message>
        <source>End every field with a newline and keep events small; send large payloads by reference (an id to fetch).</source>
        <translation>Beenden Sie jedes Feld mit einem Zeilenumbruch und halten Sie Ereignisse klein; senden Sie große Nutzlasten per Verweis (eine id zum Abrufen).</translation>
    </message>
    <message>
        <source>An event exceeded the parser&apos;s limit</source>
        <translation>Ein Ereignis hat die Grenze des Parsers überschritten</translation>
    </message>
    <message>
        <source>The data of one event grew past SSE Scope&apos;s cap before a blank line dispatched it: often a missing blank line between events, so everything accumulates into one event.</source>
        <translation>Die Daten eines Ereignisses wuchsen über die Grenze von SSE Scope, bevor eine Leerzeile es ausgelöst hat: oft fehlt eine Leerzeile zwischen Ereignissen, sodass sich alles in einem Ereignis ansammelt.</translation>
    </message>
    <message>
        <source>End each event with a blank line (`\n\n`), and keep single events small.</source>
        <translation>Beenden Sie jedes Ereignis mit einer Leerzeile (`\n\n`) und halten Sie einzelne Ereignisse klein.</translation>
    </message>
    <message>
        <source>The stream is not valid UTF-8</source>
        <translation>Der Stream ist kein gültiges UTF-8</translation>
    </message>
    <message>
        <source>The body contains bytes that are not UTF-8. The browser decodes it as UTF-8 regardless and replaces each bad sequence with U+FFFD, so the page sees garbled text.</source>
        <translation>Der Body enthält Bytes, die kein UTF-8 sind. Der Browser dekodiert ihn trotzdem als UTF-8 und ersetzt jede fehlerhafte Folge durch U+FFFD, sodass die Seite verstümmelten Text sieht.</translation>
    </message>
    <message>
        <source>Encode the stream as UTF-8 (and declare no other charset).</source>
        <translation>Kodieren Sie den Stream als UTF-8 (und deklarieren Sie keinen anderen Zeichensatz).</translation>
    </message>
    <message>
        <source>The certificate does not verify: a browser refuses it</source>
        <translation>Das Zertifikat lässt sich nicht verifizieren: ein Browser lehnt es ab</translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate failed verification (self-signed, expired, or for another host). SSE Scope connected anyway because you asked it to, but a browser stops at the certificate error (net::ERR_CERT_AUTHORITY_INVALID and friends) and the page&apos;s EventSource never opens.</source>
        <translation>Die Verifizierung des TLS-Zertifikats des Servers ist gescheitert (selbst signiert, abgelaufen oder für einen anderen Host). SSE Scope hat sich trotzdem verbunden, weil Sie es so verlangt haben, aber ein Browser bleibt beim Zertifikatsfehler stehen (net::ERR_CERT_AUTHORITY_INVALID und Verwandte) und die EventSource der Seite öffnet sich nie.</translation>
    </message>
    <message>
        <source>Serve a certificate the browser trusts: from a public CA (Let&apos;s Encrypt), or for local development a locally trusted one (mkcert) installed in the browser&apos;s trust store.</source>
        <translation>Verwenden Sie ein Zertifikat, dem der Browser vertraut: von einer öffentlichen CA (Let&apos;s Encrypt) oder für die lokale Entwicklung ein lokal vertrauenswürdiges (mkcert), das im Zertifikatsspeicher des Browsers installiert ist.</translation>
    </message>
    <message>
        <source>Over the browser&apos;s per-host connection limit</source>
        <translation>Über der Verbindungsgrenze des Browsers pro Host</translation>
    </message>
    <message>
        <source>This stream is beyond the six connections per host a browser allows over HTTP/1.1. In a browser it would hang in CONNECTING with no error until another connection to the host closes.</source>
        <translation>Dieser Stream liegt jenseits der sechs Verbindungen pro Host, die ein Browser über HTTP/1.1 erlaubt. In einem Browser hinge er ohne Fehler in CONNECTING, bis eine andere Verbindung zum Host schließt.</translation>
    </message>
    <message>
        <source>Serve the streams over HTTP/2 or HTTP/3 (https), share a single stream between tabs, or spread streams over several host names.</source>
        <translation>Liefern Sie die Streams über HTTP/2 oder HTTP/3 (https) aus, teilen Sie einen einzigen Stream zwischen Tabs oder verteilen Sie Streams auf mehrere Hostnamen.</translation>
    </message>
    <message>
        <source>This HAR cannot tell everything</source>
        <translation>Dieses HAR kann nicht alles verraten</translation>
    </message>
    <message>
        <source>A HAR saved by a browser&apos;s developer tools keeps request and response heads, but not the console, the credentials mode, raw chunk arrival times or (when sanitized) the cookies; Chrome does not save event-stream bodies at all. The diagnosis re-runs on what the file holds; the detail lists what it had to do without.</source>
        <translation>Ein von den Entwicklerwerkzeugen eines Browsers gespeichertes HAR behält die Köpfe von Anfrage und Antwort, aber nicht die Konsole, den Credentials-Modus, die Ankunftszeiten der Roh-Chunks oder (wenn bereinigt) die Cookies; Chrome speichert Event-Stream-Bodys überhaupt nicht. Die Diagnose läuft erneut über das, was die Datei enthält; die Details listen auf, worauf sie verzichten musste.</translation>
    </message>
    <message>
        <source>Record the session with SSE Scope itself (ssescope check URL --origin ORIGIN --har FILE) for exact timings, raw chunks, cookies and the console.</source>
        <translation>Zeichnen Sie die Sitzung mit SSE Scope selbst auf (ssescope check URL --origin ORIGIN --har FILE), um exakte Zeiten, Roh-Chunks, Cookies und die Konsole zu erhalten.</translation>
    </message>
    <message>
        <source>The response head is over 256 KiB: Chromium fails the request</source>
        <translation>Der Antwortkopf ist größer als 256 KiB: Chromium lässt die Anfrage scheitern</translation>
    </message>
    <message>
        <source>End the header block with an empty line (CRLF CRLF) before the body, and keep the head small: no header should grow with the session.</source>
        <translation>Beenden Sie den Header-Block vor dem Body mit einer Leerzeile (CRLF CRLF) und halten Sie den Kopf klein: Kein Header sollte mit der Sitzung wachsen.</translation>
    </message>
    <message>
        <source>The response head did not end (no empty line after the header fields) within 256 KiB. Chromium stops there and fails the request with net::ERR_RESPONSE_HEADERS_TOO_BIG, a network error: EventSource reconnects after the reconnection time and meets the same head again; fetch() rejects. Usually the server never ends its header block, or sends too many or too large header fields (a cookie or a token that keeps growing). The detail says how SSE Scope measured it: from the header fields Qt read, or, because Qt&apos;s network stack does not show head bytes as they arrive, with a second request of its own that read 256 KiB of head without finding its end.</source>
        <translation>Der Antwortkopf endete nicht innerhalb von 256 KiB (keine Leerzeile nach den Header-Feldern). Chromium bricht dort ab und lässt die Anfrage mit net::ERR_RESPONSE_HEADERS_TOO_BIG scheitern, einem Netzwerkfehler: EventSource verbindet sich nach der Wiederverbindungszeit neu und trifft wieder auf denselben Kopf; fetch() wird abgelehnt. Meist beendet der Server seinen Header-Block nie, oder er sendet zu viele oder zu große Header-Felder (ein Cookie oder Token, das immer weiter wächst). Das Detail nennt, wie SSE Scope es gemessen hat: an den Header-Feldern, die Qt gelesen hat, oder, weil Qts Netzwerk-Stack die Bytes des Kopfes nicht beim Eintreffen zeigt, mit einer eigenen zweiten Anfrage, die 256 KiB Kopf gelesen hat, ohne sein Ende zu finden.</translation>
    </message>
    <message>
        <source>fetch() throws before sending anything</source>
        <translation>fetch() wirft, bevor etwas gesendet wird</translation>
    </message>
    <message>
        <source>The Request constructor rejects the init: a body with GET or HEAD, a forbidden method (CONNECT, TRACE, TRACK) or a method that is not an HTTP token. The promise rejects with a TypeError and no request leaves the page.</source>
        <translation>Der Request-Konstruktor lehnt das init ab: ein Body bei GET oder HEAD, eine verbotene Methode (CONNECT, TRACE, TRACK) oder eine Methode, die kein HTTP-Token ist. Das Promise wird mit einem TypeError abgelehnt, und keine Anfrage verlässt die Seite.</translation>
    </message>
    <message>
        <source>Send a body with POST (LLM chat completions and MCP both POST JSON), or drop the body from the GET.</source>
        <translation>Senden Sie einen Body mit POST (LLM-Chat-Completions und MCP senden beide JSON per POST), oder lassen Sie den Body beim GET weg.</translation>
    </message>
    <message>
        <source>The page&apos;s code reads a response header as null</source>
        <translation>Der Code der Seite liest einen Antwort-Header als null</translation>
    </message>
    <message>
        <source>The server sent the header, but a cross-origin response shows script only the CORS-safelisted response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those listed in Access-Control-Expose-Headers. `response.headers.get(name)` returns null, and no browser prints anything about it; DevTools&apos; Network panel still shows the header, which makes this hard to see. An MCP client that reads `Mcp-Session-Id` this way never gets its session.</source>
        <translation>Der Server hat den Header gesendet, aber eine ursprungsübergreifende Antwort zeigt Skripten nur die CORS-sicheren Antwort-Header (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma) und die in Access-Control-Expose-Headers aufgeführten. `response.headers.get(name)` liefert null, und kein Browser gibt dazu etwas aus; das Netzwerk-Panel der DevTools zeigt den Header trotzdem, was den Fehler schwer erkennbar macht. Ein MCP-Client, der `Mcp-Session-Id` so liest, bekommt seine Sitzung nie.</translation>
    </message>
    <message>
        <source>List the header in `Access-Control-Expose-Headers` on the response the page reads (the actual response, not the preflight).</source>
        <translation>Führen Sie den Header in `Access-Control-Expose-Headers` bei der Antwort auf, die die Seite liest (der eigentlichen Antwort, nicht dem Preflight).</translation>
    </message>
    <message>
        <source>`Access-Control-Expose-Headers: *` exposes nothing to a credentialed request</source>
        <translation>`Access-Control-Expose-Headers: *` gibt einer Anfrage mit Anmeldedaten nichts frei</translation>
    </message>
    <message>
        <source>With `credentials: &apos;include&apos;` the `*` in Access-Control-Expose-Headers is not a wildcard: it names a header literally called `*`. The page&apos;s `response.headers.get(name)` returns null for every header that is not CORS-safelisted, silently.</source>
        <translation>Mit `credentials: &apos;include&apos;` ist der `*` in Access-Control-Expose-Headers kein Platzhalter: er nennt einen Header, der wörtlich `*` heißt. `response.headers.get(name)` liefert der Seite für jeden Header, der nicht CORS-sicher ist, stillschweigend null.</translation>
    </message>
    <message>
        <source>Name each header the page reads in `Access-Control-Expose-Headers` (e.g. `Mcp-Session-Id`).</source>
        <translation>Nennen Sie jeden Header, den die Seite liest, in `Access-Control-Expose-Headers` (z. B. `Mcp-Session-Id`).</translation>
    </message>
    <message>
        <source>Script can never read Set-Cookie</source>
        <translation>Skripte können Set-Cookie nie lesen</translation>
    </message>
    <message>
        <source>Set-Cookie and Set-Cookie2 are forbidden response-header names: every filtered response drops them, same-origin or not, exposed or not. `response.headers.get(&apos;Set-Cookie&apos;)` is always null.</source>
        <translation>Set-Cookie und Set-Cookie2 sind verbotene Antwort-Header-Namen: jede gefilterte Antwort verwirft sie, ob gleicher Ursprung oder nicht, ob freigegeben oder nicht. `response.headers.get(&apos;Set-Cookie&apos;)` ist immer null.</translation>
    </message>
    <message>
        <source>Read the cookie&apos;s effect instead (the next request carries it), or send the value the page needs in another, exposed header or in the body.</source>
        <translation>Lesen Sie stattdessen die Wirkung des Cookies (die nächste Anfrage trägt es), oder senden Sie den Wert, den die Seite braucht, in einem anderen, freigegebenen Header oder im Body.</translation>
    </message>
    <message>
        <source>The response does not carry a header the page reads</source>
        <translation>Die Antwort enthält einen Header nicht, den die Seite liest</translation>
    </message>
    <message>
        <source>The page&apos;s code reads this response header, but the server did not send it at all, so `response.headers.get(name)` returns null whatever Access-Control-Expose-Headers says.</source>
        <translation>Der Code der Seite liest diesen Antwort-Header, aber der Server hat ihn gar nicht gesendet, daher liefert `response.headers.get(name)` null, was auch immer Access-Control-Expose-Headers sagt.</translation>
    </message>
    <message>
        <source>Send the header on the response the page reads (for MCP: `Mcp-Session-Id` on the answer to `initialize`), and expose it.</source>
        <translation>Senden Sie den Header bei der Antwort, die die Seite liest (bei MCP: `Mcp-Session-Id` in der Antwort auf `initialize`), und geben Sie ihn frei.</translation>
    </message>
    <message>
        <source>The fetch stream is not text/event-stream</source>
        <translation>Der fetch-Stream ist nicht text/event-stream</translation>
    </message>
    <message>
        <source>fetch() hands the page any body, but the readers that parse it as server-sent events check the type first: fetch-event-source throws &quot;Expected content-type to be text/event-stream&quot;, and MCP&apos;s Streamable HTTP clients take `application/json` as one JSON-RPC answer, not a stream. A chat UI reading this answer shows nothing, or the whole reply at the end.</source>
        <translation>fetch() gibt der Seite jeden Body, aber die Leser, die ihn als Server-Sent Events parsen, prüfen zuerst den Typ: fetch-event-source wirft &quot;Expected content-type to be text/event-stream&quot;, und die Streamable-HTTP-Clients von MCP nehmen `application/json` als eine einzige JSON-RPC-Antwort, nicht als Stream. Eine Chat-Oberfläche, die diese Antwort liest, zeigt nichts oder die ganze Antwort erst am Ende.</translation>
    </message>
    <message>
        <source>Answer a streaming request with `Content-Type: text/event-stream` and `data:` lines; keep JSON for non-streaming calls (`&quot;stream&quot;: false`).</source>
        <translation>Beantworten Sie eine Streaming-Anfrage mit `Content-Type: text/event-stream` und `data:`-Zeilen; JSON bleibt für Aufrufe ohne Streaming (`&quot;stream&quot;: false`).</translation>
    </message>
    <message>
        <source>The answer is a JSON error body, not a stream</source>
        <translation>Die Antwort ist ein JSON-Fehler-Body, kein Stream</translation>
    </message>
    <message>
        <source>Instead of events the server answered with one JSON document — typically an API error such as `{&quot;error&quot;: {&quot;message&quot;: &quot;Invalid API key&quot;}}` with 401, 429 or even 200. A stream reader that does not check `response.ok` and the Content-Type shows an empty reply and the error is lost.</source>
        <translation>Statt Ereignissen hat der Server ein einzelnes JSON-Dokument geantwortet – typischerweise einen API-Fehler wie `{&quot;error&quot;: {&quot;message&quot;: &quot;Invalid API key&quot;}}` mit 401, 429 oder sogar 200. Ein Stream-Leser, der `response.ok` und den Content-Type nicht prüft, zeigt eine leere Antwort, und der Fehler geht verloren.</translation>
    </message>
    <message>
        <source>Fix the cause the message names (key, quota, model, body). In the page, check `response.ok` and the Content-Type before reading the stream, and show the JSON error.</source>
        <translation>Beheben Sie die Ursache, die die Meldung nennt (Schlüssel, Kontingent, Modell, Body). Prüfen Sie in der Seite `response.ok` und den Content-Type, bevor Sie den Stream lesen, und zeigen Sie den JSON-Fehler an.</translation>
    </message>
    <message>
        <source>Events were lost across a reconnect</source>
        <translation>Beim Neuverbinden gingen Events verloren</translation>
    </message>
    <message>
        <source>After a reconnect the server did not resume right after the `Last-Event-ID` the browser sent: the first id it sent skips some (ids counted as numbers), or the server itself said its replay buffer no longer held them. The page never receives those events, and nothing in the browser tells it so.</source>
        <translation>Nach dem Neuverbinden hat der Server nicht direkt nach der `Last-Event-ID` weitergemacht, die der Browser gesendet hat: Die erste gesendete ID überspringt einige (IDs als Zahlen gezählt), oder der Server selbst meldete, dass sein Replay-Puffer sie nicht mehr hatte. Die Seite erhält diese Events nie, und nichts im Browser sagt es ihr.</translation>
    </message>
    <message>
        <source>On a request with `Last-Event-ID: N`, send every event after N, starting with N+1; keep enough of them (a replay buffer sized for the longest reconnect gap), and when N is older than what you kept, tell the page to reload its state (an event of its own, or 204 and a fresh start).</source>
        <translation>Auf eine Anfrage mit `Last-Event-ID: N` jedes Event nach N senden, beginnend mit N+1; genug davon aufbewahren (einen Replay-Puffer, bemessen für die längste Lücke beim Neuverbinden), und wenn N älter ist als das Aufbewahrte, der Seite sagen, dass sie ihren Zustand neu laden soll (ein eigenes Event, oder 204 und ein Neuanfang).</translation>
    </message>
    <message>
        <source>Events were delivered twice across a reconnect</source>
        <translation>Beim Neuverbinden wurden Events doppelt zugestellt</translation>
    </message>
    <message>
        <source>After a reconnect the server sent again events whose ids the page had already received (often the event named by `Last-Event-ID` itself: resuming at it instead of after it). The browser does not filter them: each one reaches the page&apos;s handlers a second time.</source>
        <translation>Nach dem Neuverbinden hat der Server Events erneut gesendet, deren IDs die Seite schon erhalten hatte (oft das Event, das `Last-Event-ID` selbst nennt: Fortsetzung bei ihm statt danach). Der Browser filtert sie nicht: Jedes erreicht die Handler der Seite ein zweites Mal.</translation>
    </message>
    <message>
        <source>Resume with the first event after the `Last-Event-ID` the request carries, never with that event; if the page cannot rule out repeats, let it ignore ids it has seen.</source>
        <translation>Mit dem ersten Event nach der `Last-Event-ID` der Anfrage fortsetzen, nie mit diesem Event selbst; wenn die Seite Wiederholungen nicht ausschließen kann, soll sie bereits gesehene IDs ignorieren.</translation>
    </message>
    <message>
        <source>The browser asks the user before this public page reaches a local address</source>
        <translation>Der Browser fragt den Nutzer, bevor diese öffentliche Seite eine lokale Adresse erreicht</translation>
    </message>
    <message>
        <source>The page is in the public address space and the stream is on a loopback (localhost) or local (192.168.x.y, 10.x.y.z) address. Chromium (since 142) and Firefox ask the user for the Local Network Access permission when the connection is made; the request waits for the answer. If the user blocks it — or nobody can answer: headless browsers, test automation, kiosks — the request fails before anything reaches the server: no preflight, no CORS headers matter, the EventSource closes with one error and fetch rejects with a TypeError. Safari does not ask.</source>
        <translation>Die Seite liegt im öffentlichen Adressraum, der Stream auf einer Loopback-Adresse (localhost) oder einer lokalen Adresse (192.168.x.y, 10.x.y.z). Chromium (seit 142) und Firefox fragen den Nutzer beim Verbindungsaufbau nach der Berechtigung für den Zugriff auf das lokale Netzwerk (Local Network Access); die Anfrage wartet auf die Antwort. Blockiert der Nutzer sie – oder kann niemand antworten: Headless-Browser, Testautomatisierung, Kiosk-Systeme –, scheitert die Anfrage, bevor irgendetwas den Server erreicht: kein Preflight, CORS-Header spielen keine Rolle, die EventSource schließt mit einem Fehler und fetch wird mit einem TypeError abgelehnt. Safari fragt nicht.</translation>
    </message>
    <message>
        <source>For development, serve the page from the same address space as the stream (a page on http://localhost reaching localhost is not asked about), or put the backend behind a public https URL. If a deployed page must reach a service on the user&apos;s machine, ask for the permission from a user gesture first — `fetch(url, {targetAddressSpace: &apos;loopback&apos;})` (or &apos;local&apos;) — check `navigator.permissions.query({name: &apos;loopback-network&apos;})`, and show what to do when it is denied. In automation, grant the permission (Chromium: the loopback-network / local-network permissions through CDP Browser.grantPermissions).</source>
        <translation>Zum Entwickeln die Seite aus demselben Adressraum wie den Stream ausliefern (eine Seite auf http://localhost, die localhost erreicht, wird nicht abgefragt) oder das Backend hinter eine öffentliche https-URL stellen. Muss eine ausgelieferte Seite einen Dienst auf dem Rechner des Nutzers erreichen, die Berechtigung zuerst aus einer Nutzergeste anfordern – `fetch(url, {targetAddressSpace: &apos;loopback&apos;})` (oder &apos;local&apos;) –, `navigator.permissions.query({name: &apos;loopback-network&apos;})` prüfen und zeigen, was bei einer Ablehnung zu tun ist. In der Automatisierung die Berechtigung erteilen (Chromium: die Berechtigungen loopback-network / local-network über CDP Browser.grantPermissions).</translation>
    </message>
    <message>
        <source>Local Network Access was denied: the request never left the browser</source>
        <translation>Der Zugriff auf das lokale Netzwerk wurde verweigert: Die Anfrage hat den Browser nie verlassen</translation>
    </message>
    <message>
        <source>A public page reached for a local or loopback address and the Local Network Access permission was not granted (the user blocked it, or nobody could answer the prompt, as in a headless browser). The browser fails the request when it connects: nothing reaches the server, the EventSource goes to CLOSED with one error and does not reconnect, fetch rejects with &quot;TypeError: Failed to fetch&quot;.</source>
        <translation>Eine öffentliche Seite wollte eine lokale oder Loopback-Adresse erreichen, und die Berechtigung für den Zugriff auf das lokale Netzwerk wurde nicht erteilt (der Nutzer hat sie blockiert, oder niemand konnte die Abfrage beantworten, wie in einem Headless-Browser). Der Browser lässt die Anfrage beim Verbindungsaufbau scheitern: Nichts erreicht den Server, die EventSource geht auf CLOSED mit einem Fehler und verbindet sich nicht neu, fetch wird mit &quot;TypeError: Failed to fetch&quot; abgelehnt.</translation>
    </message>
    <message>
        <source>Grant the permission (site settings: &quot;Apps on device&quot; / &quot;Local network&quot;; in automation, through CDP Browser.grantPermissions), serve the page from the same address space as the stream, or put the stream behind a public https URL. No response header can allow it: the server is never asked.</source>
        <translation>Die Berechtigung erteilen (Website-Einstellungen: &quot;Apps auf dem Gerät&quot; / &quot;Lokales Netzwerk&quot;; in der Automatisierung über CDP Browser.grantPermissions), die Seite aus demselben Adressraum wie den Stream ausliefern oder den Stream hinter eine öffentliche https-URL stellen. Kein Antwort-Header kann es erlauben: Der Server wird nie gefragt.</translation>
    </message>
    <message>
        <source>A page that is not a secure context cannot reach a more private address</source>
        <translation>Eine Seite, die kein sicherer Kontext ist, kann keine privatere Adresse erreichen</translation>
    </message>
    <message>
        <source>The page is served over plain http from a public address and the stream is on a local or loopback address. Local Network Access is only offered to secure contexts: the browser blocks the request without asking anyone, before anything reaches the server.</source>
        <translation>Die Seite wird über einfaches http von einer öffentlichen Adresse ausgeliefert, der Stream liegt auf einer lokalen oder Loopback-Adresse. Der Zugriff auf das lokale Netzwerk wird nur sicheren Kontexten angeboten: Der Browser blockiert die Anfrage, ohne jemanden zu fragen, bevor irgendetwas den Server erreicht.</translation>
    </message>
    <message>
        <source>Serve the page over HTTPS (then the browser asks the user), or serve page and stream from the same address space.</source>
        <translation>Die Seite über HTTPS ausliefern (dann fragt der Browser den Nutzer) oder Seite und Stream aus demselben Adressraum ausliefern.</translation>
    </message>
    <message>
        <source>fetch&apos;s targetAddressSpace does not match the server&apos;s address</source>
        <translation>targetAddressSpace von fetch passt nicht zur Adresse des Servers</translation>
    </message>
    <message>
        <source>The page declared `targetAddressSpace` in fetch() but the connection found the server in another address space (a loopback address declared &apos;local&apos;, or the reverse). Chromium fails the request before sending it.</source>
        <translation>Die Seite hat in fetch() `targetAddressSpace` angegeben, aber die Verbindung fand den Server in einem anderen Adressraum (eine Loopback-Adresse als &apos;local&apos; angegeben oder umgekehrt). Chromium lässt die Anfrage scheitern, bevor sie gesendet wird.</translation>
    </message>
    <message>
        <source>Declare &apos;loopback&apos; for localhost / 127.0.0.1 / ::1 and &apos;local&apos; for private addresses (192.168.x.y, 10.x.y.z, fc00::/7), or leave the option out.</source>
        <translation>&apos;loopback&apos; für localhost / 127.0.0.1 / ::1 und &apos;local&apos; für private Adressen (192.168.x.y, 10.x.y.z, fc00::/7) angeben oder die Option weglassen.</translation>
    </message>
    <message>
        <source>This engine does not ask before a public page reaches a local address</source>
        <translation>Diese Engine fragt nicht, bevor eine öffentliche Seite eine lokale Adresse erreicht</translation>
    </message>
    <message>
        <source>The page is public and the stream is on a local or loopback address. Safari (WebKit) has no Local Network Access check today: the request goes out as any cross-origin request. Chromium and Firefox ask the user first and fail it when nobody allows it.</source>
        <translation>Die Seite ist öffentlich, der Stream liegt auf einer lokalen oder Loopback-Adresse. Safari (WebKit) prüft den Zugriff auf das lokale Netzwerk derzeit nicht: Die Anfrage geht wie jede Cross-Origin-Anfrage hinaus. Chromium und Firefox fragen zuerst den Nutzer und lassen sie scheitern, wenn niemand sie erlaubt.</translation>
    </message>
    <message>
        <source>Nothing to change for this engine; see lna.permission-prompt for Chromium and Firefox.</source>
        <translation>Für diese Engine ist nichts zu ändern; für Chromium und Firefox siehe lna.permission-prompt.</translation>
    </message>
    <message>
        <source>Safari holds a 401 or 407 answer until its body ends</source>
        <translation>Safari hält eine 401- oder 407-Antwort zurück, bis ihr Body endet</translation>
    </message>
    <message>
        <source>WebKit&apos;s network layer treats a `401 Unauthorized` and a `407 Proxy Authentication Required` as an authentication challenge and keeps it from the page until the whole body has arrived. Such an answer whose body stays open (an error page written by a streaming handler) leaves the EventSource CONNECTING, with no error and no console line, for as long as the server holds it; once the body ends it is judged as any other status (CLOSED). Chromium and Firefox act at once: they fail the connection (Chromium reconnects after an origin&apos;s 407, which is a network error to it).</source>
        <translation>WebKits Netzwerkschicht behandelt ein `401 Unauthorized` und ein `407 Proxy Authentication Required` als Authentifizierungsaufforderung und hält sie von der Seite fern, bis der ganze Body angekommen ist. Eine solche Antwort, deren Body offen bleibt (eine Fehlerseite aus einem streamenden Handler), lässt die EventSource auf CONNECTING, ohne Fehler und ohne Konsolenzeile, solange der Server sie hält; endet der Body, wird sie wie jeder andere Status beurteilt (CLOSED). Chromium und Firefox handeln sofort: Sie lassen die Verbindung scheitern (Chromium verbindet sich nach einem 407 des Origins neu, für Chromium ein Netzwerkfehler).</translation>
    </message>
    <message>
        <source>End the body of an error answer: send the 401 or 407 with `Content-Length` (or end the chunked body) before waiting for anything, and never open the stream before the request is authorized.</source>
        <translation>Den Body einer Fehlerantwort beenden: die 401 oder 407 mit `Content-Length` senden (oder den chunked Body beenden), bevor auf irgendetwas gewartet wird, und den Stream nie öffnen, bevor die Anfrage autorisiert ist.</translation>
    </message>
</context>
<context>
    <name>HarReader</name>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an ISO 8601 date and time: %2</source>
        <translation>„%1“ ist kein Datum mit Uhrzeit nach ISO 8601: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an absolute URL: %2</source>
        <translation>„%1“ ist keine absolute URL: %2</translation>
    </message>
    <message>
        <source>unsupported content encoding &quot;%1&quot;</source>
        <translation>nicht unterstützte Inhaltskodierung „%1“</translation>
    </message>
    <message>
        <source>content.text is not valid base64</source>
        <translation>content.text ist kein gültiges Base64</translation>
    </message>
    <message>
        <source>&quot;time&quot; is not seconds since the epoch</source>
        <translation>„time“ ist keine Sekundenzahl seit der Epoche</translation>
    </message>
    <message>
        <source>the file is larger than %1 MiB</source>
        <translation>die Datei ist größer als %1 MiB</translation>
    </message>
    <message>
        <source>not valid JSON (%1): the file looks truncated</source>
        <translation>kein gültiges JSON (%1): die Datei scheint abgeschnitten</translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation>kein gültiges JSON: %1</translation>
    </message>
    <message>
        <source>a HAR file is a JSON object with a &quot;log&quot; member</source>
        <translation>eine HAR-Datei ist ein JSON-Objekt mit einem „log“-Element</translation>
    </message>
    <message>
        <source>unsupported HAR version &quot;%1&quot; (1.2 expected)</source>
        <translation>nicht unterstützte HAR-Version „%1“ (1.2 erwartet)</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>missing member &quot;%1&quot;</source>
        <translation>Element „%1“ fehlt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an object</source>
        <translation>„%1“ muss ein Objekt sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an array</source>
        <translation>„%1“ muss ein Array sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string</source>
        <translation>„%1“ muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a number</source>
        <translation>„%1“ muss eine Zahl sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an integer</source>
        <translation>„%1“ muss eine Ganzzahl sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an integer of at least %2</source>
        <translation>„%1“ muss eine Ganzzahl von mindestens %2 sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>„%1“ muss true oder false sein</translation>
    </message>
    <message>
        <source>unknown %1 &quot;%2&quot;</source>
        <translation>unbekannt: %1 „%2“</translation>
    </message>
    <message>
        <source>unsupported _ssescope format %1 (this version reads %2)</source>
        <translation>nicht unterstütztes _ssescope-Format %1 (diese Version liest %2)</translation>
    </message>
    <message>
        <source>exchange %1 appears twice</source>
        <translation>Austausch %1 kommt doppelt vor</translation>
    </message>
    <message>
        <source>a raw chunk is [receivedMs, offset, size, kept, events], all integers</source>
        <translation>ein Roh-Chunk ist [receivedMs, offset, size, kept, events], alles Ganzzahlen</translation>
    </message>
    <message>
        <source>the raw chunks keep more bytes than content.text holds</source>
        <translation>die Roh-Chunks behalten mehr Bytes, als content.text enthält</translation>
    </message>
    <message>
        <source>content.text holds %1 bytes but the raw chunks keep %2</source>
        <translation>content.text enthält %1 Bytes, die Roh-Chunks behalten aber %2</translation>
    </message>
    <message>
        <source>&quot;direction&quot; must be &quot;sent&quot; or &quot;set&quot;</source>
        <translation>„direction“ muss „sent“ oder „set“ sein</translation>
    </message>
    <message>
        <source>no event-stream request among the %1 entries (no eventsource entry, no text/event-stream response or Accept header)</source>
        <translation>keine Event-Stream-Anfrage unter den %1 Einträgen (kein eventsource-Eintrag, keine text/event-stream-Antwort und kein solcher Accept-Header)</translation>
    </message>
    <message>
        <source>the page origin (no Origin header: taken from the Referer)</source>
        <translation>der Ursprung der Seite (kein Origin-Header: aus dem Referer übernommen)</translation>
    </message>
    <message>
        <source>the page origin (no Origin or Referer header: assumed same-origin)</source>
        <translation>der Ursprung der Seite (weder Origin- noch Referer-Header: gleicher Ursprung angenommen)</translation>
    </message>
    <message>
        <source>whether the page used EventSource or fetch (guessed %1 from the Accept header)</source>
        <translation>ob die Seite EventSource oder fetch verwendet hat (aus dem Accept-Header auf %1 geschlossen)</translation>
    </message>
    <message>
        <source>whether the page asked for credentials (withCredentials / credentials: &apos;include&apos;): assumed %1</source>
        <translation>ob die Seite Anmeldedaten angefordert hat (withCredentials / credentials: &apos;include&apos;): %1 angenommen</translation>
    </message>
    <message>
        <source>which headers the page set (taken to be those a browser does not add itself)</source>
        <translation>welche Header die Seite gesetzt hat (angenommen: die, die ein Browser nicht selbst hinzufügt)</translation>
    </message>
    <message>
        <source>when each event arrived (the body was saved whole at the end: every event carries the end time of its request)</source>
        <translation>wann jedes Ereignis ankam (der Body wurde am Ende vollständig gespeichert: jedes Ereignis trägt die Endzeit seiner Anfrage)</translation>
    </message>
    <message>
        <source>the stream body (the browser did not save it): events unknown</source>
        <translation>den Body des Streams (der Browser hat ihn nicht gespeichert): Ereignisse unbekannt</translation>
    </message>
    <message>
        <source>%1 other event stream request(s) in the HAR (only the first stream URL is loaded)</source>
        <translation>%1 weitere Event-Stream-Anfrage(n) im HAR (nur die erste Stream-URL wird geladen)</translation>
    </message>
    <message>
        <source>raw chunk boundaries, and the DNS, connect and TLS phases as Qt sees them</source>
        <translation>Grenzen der Roh-Chunks sowie die DNS-, Verbindungs- und TLS-Phasen, wie Qt sie sieht</translation>
    </message>
    <message>
        <source>the preflight (OPTIONS) the browser sends first: not in the HAR, so the diagnosis stops before it</source>
        <translation>den Preflight (OPTIONS), den der Browser zuerst sendet: nicht im HAR, daher endet die Diagnose davor</translation>
    </message>
    <message>
        <source>the answer to %1 (the HAR has neither a response nor an error)</source>
        <translation>die Antwort auf %1 (das HAR enthält weder eine Antwort noch einen Fehler)</translation>
    </message>
    <message>
        <source>the preflight of the redirected request: the diagnosis stops at the redirect</source>
        <translation>den Preflight der umgeleiteten Anfrage: die Diagnose endet an der Umleitung</translation>
    </message>
    <message>
        <source>the browser: recorded with %1, re-diagnosed as %2 from the file&apos;s entries</source>
        <translation>der Browser: aufgezeichnet mit %1, aus den Einträgen der Datei neu diagnostiziert als %2</translation>
    </message>
    <message>
        <source>the browser: saved by %1&apos;s developer tools, diagnosed as %2</source>
        <translation>der Browser: gespeichert von den Entwicklerwerkzeugen von %1, diagnostiziert als %2</translation>
    </message>
    <message>
        <source>cookies and Authorization (none in the HAR: saved sanitized, or none were sent)</source>
        <translation>Cookies und Authorization (keine im HAR: bereinigt gespeichert, oder es wurden keine gesendet)</translation>
    </message>
    <message>
        <source>the console messages (re-derived from the headers by the browser model)</source>
        <translation>die Konsolenmeldungen (vom Browsermodell aus den Headern neu abgeleitet)</translation>
    </message>
    <message>
        <source>yes, a Cookie or Authorization header was sent</source>
        <translation>ja, ein Cookie- oder Authorization-Header wurde gesendet</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>&quot;_replay&quot; must be &quot;repeated&quot;, &quot;afterGap&quot; or &quot;none&quot;</source>
        <translation>&quot;_replay&quot; muss &quot;repeated&quot;, &quot;afterGap&quot; oder &quot;none&quot; sein</translation>
    </message>
</context>
<context>
    <name>HarWriter</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>warning: %1 keeps cookies, Authorization headers and tokens; do not share it</source>
        <translation>Warnung: %1 enthält Cookies, Authorization-Header und Tokens; geben Sie die Datei nicht weiter</translation>
    </message>
</context>
<context>
    <name>InterceptProxy</name>
    <message>
        <source>cannot listen on 127.0.0.1:%1: %2</source>
        <translation>kann nicht auf 127.0.0.1:%1 lauschen: %2</translation>
    </message>
</context>
<context>
    <name>InterceptRecording</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>kann %1 nicht schreiben: %2</translation>
    </message>
</context>
<context>
    <name>SseScope</name>
    <message>
        <source>cannot create %1: %2</source>
        <translation>kann %1 nicht anlegen: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>kann %1 nicht schreiben: %2</translation>
    </message>
</context>
<context>
    <name>SseScope::BrowserLauncher</name>
    <message>
        <source>cannot write the Firefox profile: %1</source>
        <translation>kann das Firefox-Profil nicht schreiben: %1</translation>
    </message>
    <message>
        <source>certutil is missing (Debian: apt-get install libnss3-tools); Firefox cannot be told to trust the local CA</source>
        <translation>certutil fehlt (Debian: apt-get install libnss3-tools); Firefox kann nicht angewiesen werden, der lokalen CA zu vertrauen</translation>
    </message>
    <message>
        <source>certutil could not add the local CA to the Firefox profile</source>
        <translation>certutil konnte die lokale CA nicht zum Firefox-Profil hinzufügen</translation>
    </message>
    <message>
        <source>cannot create a browser profile directory</source>
        <translation>kann kein Browser-Profilverzeichnis anlegen</translation>
    </message>
    <message>
        <source>Chromium is not installed (no chromium on PATH)</source>
        <translation>Chromium ist nicht installiert (kein chromium im PATH)</translation>
    </message>
    <message>
        <source>Firefox is not installed (no firefox-esr on PATH)</source>
        <translation>Firefox ist nicht installiert (kein firefox-esr im PATH)</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>kann %1 nicht starten: %2</translation>
    </message>
</context>
<context>
    <name>SseScope::Cli</name>
    <message>
        <source>Feeds an event stream to the parser exactly as a browser would and prints the events it dispatches.</source>
        <translation>Gibt einen Event-Stream genau wie ein Browser an den Parser und druckt die Events, die er auslöst.</translation>
    </message>
    <message>
        <source>The stream&apos;s bytes; &apos;-&apos; or nothing reads stdin.</source>
        <translation>Die Bytes des Streams; &apos;-&apos; oder nichts liest von stdin.</translation>
    </message>
    <message>
        <source>Print the events as JSON.</source>
        <translation>Die Events als JSON ausgeben.</translation>
    </message>
    <message>
        <source>Print only the number of events and bytes, as JSON.</source>
        <translation>Nur die Anzahl der Events und Bytes ausgeben, als JSON.</translation>
    </message>
    <message>
        <source>Skip lines longer than this and report an error (default %1).</source>
        <translation>Längere Zeilen überspringen und einen Fehler melden (Vorgabe %1).</translation>
    </message>
    <message>
        <source>Drop events with more data than this and report an error (default %1).</source>
        <translation>Events mit mehr Daten verwerfen und einen Fehler melden (Vorgabe %1).</translation>
    </message>
    <message>
        <source>--json and --stats cannot be used together</source>
        <translation>--json und --stats schließen einander aus</translation>
    </message>
    <message>
        <source>expected at most one FILE, got %1</source>
        <translation>höchstens eine DATEI erwartet, %1 erhalten</translation>
    </message>
    <message>
        <source>--%1 needs a positive number of bytes, not &apos;%2&apos;</source>
        <translation>--%1 braucht eine positive Anzahl Bytes, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>cannot read stdin: %1</source>
        <translation>stdin kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot read &apos;%1&apos;: it is a directory</source>
        <translation>&apos;%1&apos; kann nicht gelesen werden: es ist ein Verzeichnis</translation>
    </message>
    <message>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos; kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>cannot read &apos;%1&apos; after %2 bytes: %3</source>
        <translation>&apos;%1&apos; kann nach %2 Bytes nicht weitergelesen werden: %3</translation>
    </message>
    <message>
        <source>stdin</source>
        <translation>stdin</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Event</numerusform>
            <numerusform>%n Events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reconnect(s)</source>
        <translation>
            <numerusform>%n Neuverbindung</numerusform>
            <numerusform>%n Neuverbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Console (%1)</source>
        <translation>Konsole (%1)</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Lösung:</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Austausch</translation>
    </message>
    <message>
        <source>Connect to an SSE URL the way a browser would and say what it does.</source>
        <translation>Sich wie ein Browser mit einer SSE-URL verbinden und sagen, was er tut.</translation>
    </message>
    <message>
        <source>The stream URL.</source>
        <translation>Die URL des Streams.</translation>
    </message>
    <message>
        <source>The origin of the page running the script (scheme://host[:port]).</source>
        <translation>Der Origin der Seite, die das Skript ausführt (schema://host[:port]).</translation>
    </message>
    <message>
        <source>EventSource withCredentials / fetch credentials &apos;include&apos;.</source>
        <translation>EventSource withCredentials / fetch credentials &apos;include&apos;.</translation>
    </message>
    <message>
        <source>eventsource (default) or fetch.</source>
        <translation>eventsource (Vorgabe) oder fetch.</translation>
    </message>
    <message>
        <source>A request header &apos;Name: value&apos; (fetch mode only).</source>
        <translation>Ein Anfrage-Header &apos;Name: Wert&apos; (nur im fetch-Modus).</translation>
    </message>
    <message>
        <source>fetch(URL, {credentials: &apos;include&apos;}) before the stream.</source>
        <translation>fetch(URL, {credentials: &apos;include&apos;}) vor dem Stream.</translation>
    </message>
    <message>
        <source>A cookie already in the jar for the URL&apos;s host: &apos;name=value; attributes&apos;.</source>
        <translation>Ein Cookie, das schon für den Host der URL gespeichert ist: &apos;name=wert; Attribute&apos;.</translation>
    </message>
    <message>
        <source>allow or block (default: the browser&apos;s own policy).</source>
        <translation>allow oder block (Vorgabe: die Regel des Browsers).</translation>
    </message>
    <message>
        <source>Observation window in seconds (default 5).</source>
        <translation>Beobachtungsfenster in Sekunden (Vorgabe 5).</translation>
    </message>
    <message>
        <source>End the window after N events.</source>
        <translation>Das Fenster nach N Events beenden.</translation>
    </message>
    <message>
        <source>Print the JSON report.</source>
        <translation>Den JSON-Bericht ausgeben.</translation>
    </message>
    <message>
        <source>Accept a TLS certificate that does not verify (reported as a finding: a browser would refuse it).</source>
        <translation>Ein TLS-Zertifikat akzeptieren, das sich nicht prüfen lässt (als Befund gemeldet: ein Browser würde es ablehnen).</translation>
    </message>
    <message>
        <source>the stream URL is missing</source>
        <translation>die URL des Streams fehlt</translation>
    </message>
    <message>
        <source>one URL only, got &apos;%1&apos;</source>
        <translation>nur eine URL, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--origin is required (the page&apos;s origin, e.g. https://app.example.com)</source>
        <translation>--origin ist nötig (der Origin der Seite, z. B. https://app.example.com)</translation>
    </message>
    <message>
        <source>--origin &apos;%1&apos; is not an origin (scheme://host[:port])%2</source>
        <translation>--origin &apos;%1&apos; ist kein Origin (schema://host[:port])%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a URL</source>
        <translation>&apos;%1&apos; ist keine URL</translation>
    </message>
    <message>
        <source>--header needs --mode fetch: EventSource cannot set request headers (only fetch() can)</source>
        <translation>--header braucht --mode fetch: EventSource kann keine Anfrage-Header setzen (nur fetch() kann das)</translation>
    </message>
    <message>
        <source>--mode must be eventsource or fetch, not &apos;%1&apos;</source>
        <translation>--mode muss eventsource oder fetch sein, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--header &apos;%1&apos; is not &apos;Name: value&apos;</source>
        <translation>--header &apos;%1&apos; hat nicht die Form &apos;Name: Wert&apos;</translation>
    </message>
    <message>
        <source>--login &apos;%1&apos; is not a URL</source>
        <translation>--login &apos;%1&apos; ist keine URL</translation>
    </message>
    <message>
        <source>--third-party-cookies must be allow or block, not &apos;%1&apos;</source>
        <translation>--third-party-cookies muss allow oder block sein, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--duration needs a number of seconds above 0, not &apos;%1&apos;</source>
        <translation>--duration braucht eine Anzahl Sekunden über 0, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--max-events needs a positive number, not &apos;%1&apos;</source>
        <translation>--max-events braucht eine positive Zahl, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Write the session as a HAR 1.2 file (sanitized unless --har-keep-secrets).</source>
        <translation>Die Sitzung als HAR-1.2-Datei schreiben (bereinigt, außer mit --har-keep-secrets).</translation>
    </message>
    <message>
        <source>Keep cookies, Authorization and tokens in the HAR file.</source>
        <translation>Cookies, Authorization und Tokens in der HAR-Datei behalten.</translation>
    </message>
    <message>
        <source>--har-keep-secrets needs --har FILE</source>
        <translation>--har-keep-secrets braucht --har DATEI</translation>
    </message>
    <message>
        <source>within %1 s</source>
        <translation>innerhalb von %1 s</translation>
    </message>
    <message>
        <source>Run a loopback proxy that records and diagnoses the event streams passing through it, optionally with a browser launched through it.</source>
        <translation>Einen Loopback-Proxy betreiben, der die durchlaufenden Event-Streams aufzeichnet und diagnostiziert, optional mit einem durch ihn gestarteten Browser.</translation>
    </message>
    <message>
        <source>Proxy port (default: chosen by the system).</source>
        <translation>Port des Proxys (Standard: vom System gewählt).</translation>
    </message>
    <message>
        <source>Start this browser with a fresh profile through the proxy: chromium, firefox or none (default).</source>
        <translation>Diesen Browser mit frischem Profil über den Proxy starten: chromium, firefox oder none (Standard).</translation>
    </message>
    <message>
        <source>Apply this scenario&apos;s CORS and transport knobs to the answers (a local file).</source>
        <translation>Die CORS- und Transport-Einstellungen dieses Szenarios auf die Antworten anwenden (eine lokale Datei).</translation>
    </message>
    <message>
        <source>Stop after this many seconds (default: run until interrupted).</source>
        <translation>Nach so vielen Sekunden anhalten (Standard: bis zur Unterbrechung laufen).</translation>
    </message>
    <message>
        <source>Write every exchange to this HAR file at exit.</source>
        <translation>Beim Beenden jeden Austausch in diese HAR-Datei schreiben.</translation>
    </message>
    <message>
        <source>Keep cookies, credentials and tokens in the HAR (it is sanitized by default).</source>
        <translation>Cookies, Zugangsdaten und Tokens im HAR behalten (standardmäßig wird es bereinigt).</translation>
    </message>
    <message>
        <source>Diagnose for this browser: chromium or firefox (default: the launched one, else chromium).</source>
        <translation>Für diesen Browser diagnostizieren: chromium oder firefox (Standard: der gestartete, sonst chromium).</translation>
    </message>
    <message>
        <source>The page the launched browser opens first.</source>
        <translation>Die Seite, die der gestartete Browser zuerst öffnet.</translation>
    </message>
    <message>
        <source>Launch the browser headless.</source>
        <translation>Den Browser ohne Fenster (headless) starten.</translation>
    </message>
    <message>
        <source>Also trust the CA certificates in FILE (PEM) for the servers the proxy connects to.</source>
        <translation>Für die Server, mit denen sich der Proxy verbindet, zusätzlich den CA-Zertifikaten in FILE (PEM) vertrauen.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--port needs a port number (0-65535)</source>
        <translation>--port braucht eine Portnummer (0-65535)</translation>
    </message>
    <message>
        <source>--launch takes chromium, firefox or none, not &apos;%1&apos;</source>
        <translation>--launch nimmt chromium, firefox oder none, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--browser safari is not supported by intercept yet: use chromium or firefox</source>
        <translation>--browser safari wird von intercept noch nicht unterstützt: chromium oder firefox verwenden</translation>
    </message>
    <message>
        <source>--browser takes chromium or firefox, not &apos;%1&apos;</source>
        <translation>--browser nimmt chromium oder firefox, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--duration needs a number of seconds</source>
        <translation>--duration braucht eine Anzahl Sekunden</translation>
    </message>
    <message>
        <source>no certificate in %1</source>
        <translation>kein Zertifikat in %1</translation>
    </message>
    <message>
        <source>cannot install the signal handlers</source>
        <translation>kann die Signal-Handler nicht installieren</translation>
    </message>
    <message>
        <source>ssescope intercept: point a client at %1 and have it trust %2. Ctrl+C stops.
</source>
        <translation>ssescope intercept: einen Client auf %1 richten und ihn %2 vertrauen lassen. Strg+C beendet.
</translation>
    </message>
    <message>
        <source>by the end of the recording</source>
        <translation>bis zum Ende der Aufzeichnung</translation>
    </message>
    <message>
        <source>Re-diagnose the event streams of a HAR file (ours, Chrome&apos;s or Firefox&apos;s) with the browser model.</source>
        <translation>Die Event-Streams einer HAR-Datei (unserer, von Chrome oder Firefox) mit dem Browsermodell neu diagnostizieren.</translation>
    </message>
    <message>
        <source>The HAR file.</source>
        <translation>Die HAR-Datei.</translation>
    </message>
    <message>
        <source>Print {&quot;streams&quot;:[REPORT,…]}.</source>
        <translation>{&quot;streams&quot;:[REPORT,…]} ausgeben.</translation>
    </message>
    <message>
        <source>the HAR file is missing</source>
        <translation>die HAR-Datei fehlt</translation>
    </message>
    <message>
        <source>one file only, got &apos;%1&apos;</source>
        <translation>nur eine Datei, erhalten: &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Stream %1 of %2</source>
        <translation>Stream %1 von %2</translation>
    </message>
    <message>
        <source>Engines: %1</source>
        <translation>Engines: %1</translation>
    </message>
    <message>
        <source>The three engines agree.</source>
        <translation>Die drei Engines stimmen überein.</translation>
    </message>
    <message>
        <source>Differences:</source>
        <translation>Unterschiede:</translation>
    </message>
    <message>
        <source>chromium (default), firefox, safari, or all: the three side by side.</source>
        <translation>chromium (Vorgabe), firefox, safari oder all: alle drei nebeneinander.</translation>
    </message>
    <message>
        <source>--browser must be chromium, firefox, safari or all, not &apos;%1&apos;</source>
        <translation>--browser muss chromium, firefox, safari oder all sein, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--har records one browser&apos;s session: give --browser chromium, firefox or safari</source>
        <translation>--har zeichnet die Sitzung eines Browsers auf: --browser chromium, firefox oder safari angeben</translation>
    </message>
    <message>
        <source>chromium, firefox, safari, or all: the three side by side (default: the browser the file names).</source>
        <translation>chromium, firefox, safari oder all: alle drei nebeneinander (Vorgabe: der Browser, den die Datei nennt).</translation>
    </message>
    <message>
        <source>Headers read by the page</source>
        <translation>Von der Seite gelesene Header</translation>
    </message>
</context>
<context>
    <name>SseScope::Cli::FetchRequestOptions</name>
    <message>
        <source>The fetch() method (default GET; fetch mode only).</source>
        <translation>Die Methode von fetch() (Vorgabe GET; nur im fetch-Modus).</translation>
    </message>
    <message>
        <source>The request body, as fetch(URL, {body}) sends it (fetch mode only).</source>
        <translation>Der Request-Body, wie fetch(URL, {body}) ihn sendet (nur im fetch-Modus).</translation>
    </message>
    <message>
        <source>The request body from a file, streamed, never loaded whole (fetch mode only).</source>
        <translation>Der Request-Body aus einer Datei, gestreamt, nie ganz geladen (nur im fetch-Modus).</translation>
    </message>
    <message>
        <source>A response header the page&apos;s code reads with response.headers.get(NAME) (fetch mode only).</source>
        <translation>Ein Response-Header, den der Code der Seite mit response.headers.get(NAME) liest (nur im fetch-Modus).</translation>
    </message>
    <message>
        <source>%1 needs --mode fetch: EventSource always sends a GET without a body (only fetch() can)</source>
        <translation>%1 braucht --mode fetch: EventSource sendet immer ein GET ohne Body (nur fetch() kann das)</translation>
    </message>
    <message>
        <source>--read-header needs --mode fetch: an EventSource&apos;s page cannot read response headers (only fetch() can)</source>
        <translation>--read-header braucht --mode fetch: die Seite einer EventSource kann keine Response-Header lesen (nur fetch() kann das)</translation>
    </message>
    <message>
        <source>give --data or --data-file, not both</source>
        <translation>--data oder --data-file angeben, nicht beides</translation>
    </message>
    <message>
        <source>--data-file &apos;%1&apos;: no such file</source>
        <translation>--data-file &apos;%1&apos;: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>--data-file &apos;%1&apos;: not a regular file</source>
        <translation>--data-file &apos;%1&apos;: keine reguläre Datei</translation>
    </message>
    <message>
        <source>--data-file &apos;%1&apos;: cannot read it: %2</source>
        <translation>--data-file &apos;%1&apos;: nicht lesbar: %2</translation>
    </message>
    <message>
        <source>--read-header &apos;%1&apos; is not a header name</source>
        <translation>--read-header &apos;%1&apos; ist kein Header-Name</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Preflight</source>
        <translation>Preflight</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>Umleitung</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::BannerPane</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Pick a preset or enter a URL, then Connect (F5).</source>
        <translation>Eine Vorlage wählen oder eine URL eingeben, dann Verbinden (F5).</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Lösung: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) · %1 error(s) · %2 warning(s) · readyState %3</source>
        <translation>
            <numerusform>%n Event · %1 Fehler · %2 Warnung(en) · readyState %3</numerusform>
            <numerusform>%n Events · %1 Fehler · %2 Warnung(en) · readyState %3</numerusform>
        </translation>
    </message>
    <message>
        <source>The engines agree so far.</source>
        <translation>Die Engines stimmen bisher überein.</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ClientPane</name>
    <message>
        <source>Follow the mock server and the scenario&apos;s client side</source>
        <translation>Dem Mock-Server und der Client-Seite des Szenarios folgen</translation>
    </message>
    <message>
        <source>https://api.example.com/events</source>
        <translation>https://api.example.com/events</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>https://app.example.com</source>
        <translation>https://app.example.com</translation>
    </message>
    <message>
        <source>Page &amp;origin:</source>
        <translation>Seiten-&amp;Origin:</translation>
    </message>
    <message>
        <source>EventSource</source>
        <translation>EventSource</translation>
    </message>
    <message>
        <source>fetch (streaming)</source>
        <translation>fetch (Streaming)</translation>
    </message>
    <message>
        <source>with&amp;Credentials</source>
        <translation>with&amp;Credentials</translation>
    </message>
    <message>
        <source>Browser:</source>
        <translation>Browser:</translation>
    </message>
    <message>
        <source>Authorization: Bearer …  (fetch mode; one per line)</source>
        <translation>Authorization: Bearer …  (fetch-Modus; einer pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <source>none: no login step first</source>
        <translation>leer: keine vorherige Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Login URL:</source>
        <translation>&amp;Anmelde-URL:</translation>
    </message>
    <message>
        <source>credentials: include</source>
        <translation>credentials: include</translation>
    </message>
    <message>
        <source>The page origin is not scheme://host[:port]: %1</source>
        <translation>Der Seiten-Origin hat nicht die Form schema://host[:port]: %1</translation>
    </message>
    <message>
        <source>The URL is not a valid http(s) URL.</source>
        <translation>Die URL ist keine gültige http(s)-URL.</translation>
    </message>
    <message>
        <source>A header line needs a name and a colon: %1</source>
        <translation>Eine Header-Zeile braucht einen Namen und einen Doppelpunkt: %1</translation>
    </message>
    <message>
        <source>The method of the page&apos;s fetch()</source>
        <translation>Die Methode des fetch() der Seite</translation>
    </message>
    <message>
        <source>Content-Type of the body</source>
        <translation>Content-Type des Bodys</translation>
    </message>
    <message>
        <source>The body&apos;s Content-Type; none: fetch sends text/plain;charset=UTF-8 for a text body</source>
        <translation>Der Content-Type des Bodys; leer: fetch sendet für einen Text-Body text/plain;charset=UTF-8</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>{&quot;stream&quot;: true, …}  (fetch mode; the request body, as text)</source>
        <translation>{&quot;stream&quot;: true, …}  (fetch-Modus; der Body der Anfrage, als Text)</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>&amp;Body:</translation>
    </message>
    <message>
        <source>Mcp-Session-Id, X-Request-Id  (response.headers.get(…) in the page)</source>
        <translation>Mcp-Session-Id, X-Request-Id  (response.headers.get(…) in der Seite)</translation>
    </message>
    <message>
        <source>Headers &amp;read by the page:</source>
        <translation>Von der Seite &amp;gelesene Header:</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>Gültiges JSON</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at character %2</source>
        <translation>Kein gültiges JSON: %1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>more than one value</source>
        <translation>mehr als ein Wert</translation>
    </message>
    <message>
        <source>The method is not an HTTP method: %1</source>
        <translation>Die Methode ist keine HTTP-Methode: %1</translation>
    </message>
    <message>
        <source>Content-Type is given twice: in the headers and as the body&apos;s Content-Type.</source>
        <translation>Content-Type ist doppelt angegeben: in den Headern und als Content-Type des Bodys.</translation>
    </message>
    <message>
        <source>fetch() refuses a body with %1: choose POST, or clear the body.</source>
        <translation>fetch() lehnt einen Body bei %1 ab: POST wählen oder den Body leeren.</translation>
    </message>
    <message>
        <source>Not a header name: %1</source>
        <translation>Kein Header-Name: %1</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::CookiesPresentationModel</name>
    <message>
        <source>Set-Cookie</source>
        <translation>Set-Cookie</translation>
    </message>
    <message>
        <source>Cookie</source>
        <translation>Cookie</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blockiert</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Austausch</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Fate</source>
        <translation>Schicksal</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::DiagnosisPane</name>
    <message>
        <source>Console (what the browser prints)</source>
        <translation>Konsole (was der Browser ausgibt)</translation>
    </message>
    <message>
        <source>No console messages.</source>
        <translation>Keine Konsolenmeldungen.</translation>
    </message>
    <message>
        <source>Select a finding for its explanation and fix.</source>
        <translation>Einen Befund auswählen, um Erklärung und Lösung zu sehen.</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Express</source>
        <translation>Express</translation>
    </message>
    <message>
        <source>nginx</source>
        <translation>nginx</translation>
    </message>
    <message>
        <source>Go net/http</source>
        <translation>Go net/http</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Seen:</source>
        <translation>Gesehen:</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Lösung:</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>Referenz:</translation>
    </message>
    <message>
        <source>(no server-side change: the fix is on the page)</source>
        <translation>(keine Änderung am Server: die Lösung liegt in der Seite)</translation>
    </message>
    <message>
        <source>&amp;Apply to Scenario</source>
        <translation>Auf Szenario &amp;anwenden</translation>
    </message>
    <message>
        <source>Set %1 in the mock server&apos;s scenario; the stream reconnects with it.</source>
        <translation>Setzt %1 im Szenario des Mock-Servers; der Stream verbindet sich damit neu.</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::EnginesPane</name>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>readyState</source>
        <translation>readyState</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Connect the client to see what Chromium, Firefox and Safari each do with the stream: the two engines the client does not show run beside it on their own connections.</source>
        <translation>Verbinden Sie den Client, um zu sehen, was Chromium, Firefox und Safari jeweils mit dem Stream tun: die beiden Engines, die der Client nicht zeigt, laufen daneben über eigene Verbindungen.</translation>
    </message>
    <message>
        <source>The engines agree so far.</source>
        <translation>Die Engines stimmen bisher überein.</translation>
    </message>
    <message>
        <source>Where they differ</source>
        <translation>Wo sie sich unterscheiden</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Lösung:</translation>
    </message>
    <message>
        <source>%1, not observed here: %2</source>
        <translation>%1, hier nicht beobachtet: %2</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::EventsPane</name>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>Search data and ids (Ctrl+F)</source>
        <translation>Daten und IDs durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Follow &amp;newest</source>
        <translation>&amp;Neuesten folgen</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Select an event to see it in full.</source>
        <translation>Ein Event auswählen, um es vollständig zu sehen.</translation>
    </message>
    <message>
        <source>The stream&apos;s bytes as received, line endings shown as ␍ and ␊.</source>
        <translation>Die Bytes des Streams wie empfangen, Zeilenenden als ␍ und ␊ dargestellt.</translation>
    </message>
    <message>
        <source>Selected event</source>
        <translation>Ausgewähltes Event</translation>
    </message>
    <message>
        <source>Raw stream</source>
        <translation>Roher Stream</translation>
    </message>
    <message>
        <source>── #%1 · %2 · %3 ──</source>
        <translation>── #%1 · %2 · %3 ──</translation>
    </message>
    <message>
        <source>── %1 not shown (the stream is faster than this view) ──</source>
        <translation>── %1 nicht angezeigt (der Stream ist schneller als diese Ansicht) ──</translation>
    </message>
    <message>
        <source>%1 shown · %2 received · %3 oldest dropped</source>
        <translation>%1 angezeigt · %2 empfangen · %3 älteste verworfen</translation>
    </message>
    <message>
        <source>%1 shown · %2 received</source>
        <translation>%1 angezeigt · %2 empfangen</translation>
    </message>
    <message>
        <source>#%1 · %2 · exchange %3
</source>
        <translation>#%1 · %2 · Austausch %3
</translation>
    </message>
    <message>
        <source>type: %1
</source>
        <translation>Typ: %1
</translation>
    </message>
    <message>
        <source>lastEventId: %1
</source>
        <translation>lastEventId: %1
</translation>
    </message>
    <message>
        <source>data (%1):
</source>
        <translation>Daten (%1):
</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::EventsPresentationModel</name>
    <message>
        <source>+%1 ms</source>
        <translation>+%1 ms</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 · twice</source>
        <translation>%1 · doppelt</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n missed before</source>
        <translation>
            <numerusform>%1 · %n davor verpasst</numerusform>
            <numerusform>%1 · %n davor verpasst</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivered twice: the page had already received this id before the reconnect (stream.events-repeated).</source>
        <translation>Doppelt zugestellt: Die Seite hatte diese ID schon vor dem Neuverbinden erhalten (stream.events-repeated).</translation>
    </message>
    <message numerus="yes">
        <source>After the reconnect the server skipped %n event(s) before this one: the page never got them (stream.events-missed).</source>
        <translation>
            <numerusform>Nach dem Neuverbinden hat der Server %n Event vor diesem übersprungen: Die Seite hat es nie bekommen (stream.events-missed).</numerusform>
            <numerusform>Nach dem Neuverbinden hat der Server %n Events vor diesem übersprungen: Die Seite hat sie nie bekommen (stream.events-missed).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ExchangesPane</name>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Cookies: each one&apos;s fate</source>
        <translation>Cookies: was mit jedem geschah</translation>
    </message>
    <message>
        <source>Added by the transport (Qt), not by the browser</source>
        <translation>Vom Transport (Qt) hinzugefügt, nicht vom Browser</translation>
    </message>
    <message>
        <source>Request: %1 %2</source>
        <translation>Anfrage: %1 %2</translation>
    </message>
    <message>
        <source>Response: %1 %2 (HTTP/%3)</source>
        <translation>Antwort: %1 %2 (HTTP/%3)</translation>
    </message>
    <message>
        <source>Response: waiting</source>
        <translation>Antwort: ausstehend</translation>
    </message>
    <message>
        <source>Response: none</source>
        <translation>Antwort: keine</translation>
    </message>
    <message>
        <source>Timing and transport</source>
        <translation>Zeiten und Transport</translation>
    </message>
    <message>
        <source>started</source>
        <translation>begonnen</translation>
    </message>
    <message>
        <source>first byte</source>
        <translation>erstes Byte</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>body</source>
        <translation>Body</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n chunk(s)</source>
        <translation>
            <numerusform>%1 in %n Stück</numerusform>
            <numerusform>%1 in %n Stücken</numerusform>
        </translation>
    </message>
    <message>
        <source>attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>decoded</source>
        <translation>dekodiert</translation>
    </message>
    <message>
        <source>the client decoded the Content-Encoding</source>
        <translation>der Client hat das Content-Encoding dekodiert</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>by the client</source>
        <translation>vom Client</translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Als &amp;curl kopieren</translation>
    </message>
    <message>
        <source>Copy the selected request as a curl command, with every header the browser sent</source>
        <translation>Die gewählte Anfrage als curl-Befehl kopieren, mit jedem Header, den der Browser gesendet hat</translation>
    </message>
    <message>
        <source>Copy as &amp;JavaScript</source>
        <translation>Als &amp;JavaScript kopieren</translation>
    </message>
    <message>
        <source>Copy the page&apos;s code that makes this request (new EventSource / fetch)</source>
        <translation>Den Code der Seite kopieren, der diese Anfrage stellt (new EventSource / fetch)</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ExchangesPresentationModel</name>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::FindingsPresentationModel</name>
    <message>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Gesehen</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::HarExportDialog</name>
    <message>
        <source>Export Session as HAR</source>
        <translation>Sitzung als HAR exportieren</translation>
    </message>
    <message>
        <source>The export is sanitized: cookie values, Authorization and tokens are replaced, so the file can be attached to a bug report.</source>
        <translation>Der Export wird bereinigt: Cookie-Werte, Authorization und Tokens werden ersetzt, sodass die Datei an einen Fehlerbericht angehängt werden kann.</translation>
    </message>
    <message>
        <source>&amp;Keep secrets (cookies, Authorization, tokens)</source>
        <translation>Geheimnisse &amp;behalten (Cookies, Authorization, Tokens)</translation>
    </message>
    <message>
        <source>The file will hold secrets: do not share it.</source>
        <translation>Die Datei wird Geheimnisse enthalten: geben Sie sie nicht weiter.</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::HelpDock</name>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::HelpViewer</name>
    <message>
        <source>SSE Scope Help — %1</source>
        <translation>SSE-Scope-Hilfe — %1</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::InterceptDialog</name>
    <message>
        <source>Intercept a Browser — SSE Scope</source>
        <translation>Einen Browser abfangen — SSE Scope</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Events</translation>
    </message>
    <message>
        <source>E&amp;xchanges</source>
        <translation>A&amp;ustausch</translation>
    </message>
    <message>
        <source>&amp;Diagnosis</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <source>Intercept did not start: %1</source>
        <translation>Das Abfangen ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgewiesen: %1</translation>
    </message>
    <message>
        <source>The launched browser ended (exit code %1); the proxy still runs.</source>
        <translation>Der gestartete Browser wurde beendet (Exit-Code %1); der Proxy läuft weiter.</translation>
    </message>
    <message>
        <source>Recording. Every event stream is diagnosed as %1.</source>
        <translation>Aufzeichnung läuft. Jeder Event-Stream wird als %1 diagnostiziert.</translation>
    </message>
    <message>
        <source>Recording, with the rewrite rules of %1 applied.</source>
        <translation>Aufzeichnung läuft, mit den Umschreiberegeln aus %1.</translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %n exchange(s) recorded.</source>
        <translation>
            <numerusform>Gestoppt: %n Austausch aufgezeichnet.</numerusform>
            <numerusform>Gestoppt: %n Austausche aufgezeichnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>not diagnosed: %1</source>
        <translation>nicht diagnostiziert: %1</translation>
    </message>
    <message>
        <source>Not diagnosed: %1</source>
        <translation>Nicht diagnostiziert: %1</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Export Intercepted Exchanges as HAR</source>
        <translation>Abgefangenen Austausch als HAR exportieren</translation>
    </message>
    <message>
        <source>HAR files (*.har);;All files (*)</source>
        <translation>HAR-Dateien (*.har);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export HAR</source>
        <translation>HAR exportieren</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::InterceptPane</name>
    <message>
        <source>chosen by the system</source>
        <translation>vom System gewählt</translation>
    </message>
    <message>
        <source>The proxy listens on 127.0.0.1 only, at this port</source>
        <translation>Der Proxy lauscht nur auf 127.0.0.1, an diesem Port</translation>
    </message>
    <message>
        <source>Proxy &amp;port:</source>
        <translation>Proxy-&amp;Port:</translation>
    </message>
    <message>
        <source>Chromium, fresh profile</source>
        <translation>Chromium, frisches Profil</translation>
    </message>
    <message>
        <source>Firefox, fresh profile</source>
        <translation>Firefox, frisches Profil</translation>
    </message>
    <message>
        <source>None: I point my own client at the proxy</source>
        <translation>Keinen: ich richte meinen eigenen Client auf den Proxy</translation>
    </message>
    <message>
        <source>The launched browser trusts the local CA in its own profile only; the CA is never installed system-wide</source>
        <translation>Der gestartete Browser vertraut der lokalen CA nur in seinem eigenen Profil; die CA wird nie systemweit installiert</translation>
    </message>
    <message>
        <source>&amp;Launch:</source>
        <translation>&amp;Starten:</translation>
    </message>
    <message>
        <source>The browser model each stream is diagnosed with</source>
        <translation>Das Browsermodell, mit dem jeder Stream diagnostiziert wird</translation>
    </message>
    <message>
        <source>&amp;Diagnose as:</source>
        <translation>&amp;Diagnostizieren als:</translation>
    </message>
    <message>
        <source>none: answers pass unchanged</source>
        <translation>keine: Antworten passieren unverändert</translation>
    </message>
    <message>
        <source>A scenario file (or a &quot;rewrite&quot; list) whose CORS and transport knobs are applied to the answers, to try a fix before deploying it. Local files only.</source>
        <translation>Eine Szenariodatei (oder eine &quot;rewrite&quot;-Liste), deren CORS- und Transport-Einstellungen auf die Antworten angewandt werden, um eine Korrektur vor dem Ausrollen zu erproben. Nur lokale Dateien.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Rewrite rules:</source>
        <translation>&amp;Umschreiberegeln:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Export HAR…</source>
        <translation>HAR &amp;exportieren…</translation>
    </message>
    <message>
        <source>Every recorded exchange as a HAR 1.2 file, sanitized unless you keep secrets</source>
        <translation>Jeder aufgezeichnete Austausch als HAR-1.2-Datei, bereinigt, sofern Sie Geheimnisse nicht behalten</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>Der Proxy ist gestoppt.</translation>
    </message>
    <message>
        <source>Proxy: %1
CA certificate: %2</source>
        <translation>Proxy: %1
CA-Zertifikat: %2</translation>
    </message>
    <message>
        <source>Point your client at the proxy and have it trust the CA certificate, for example:
curl -N --proxy %1 --cacert %2 https://…</source>
        <translation>Richten Sie Ihren Client auf den Proxy und lassen Sie ihn dem CA-Zertifikat vertrauen, zum Beispiel:
curl -N --proxy %1 --cacert %2 https://…</translation>
    </message>
    <message>
        <source>The browser runs through the proxy with a fresh profile; open your page in it.</source>
        <translation>Der Browser läuft mit einem frischen Profil über den Proxy; öffnen Sie darin Ihre Seite.</translation>
    </message>
    <message>
        <source>Start, then point your own client at the proxy address shown here and have it trust the CA file.</source>
        <translation>Starten Sie, richten Sie dann Ihren eigenen Client auf die hier gezeigte Proxy-Adresse und lassen Sie ihn der CA-Datei vertrauen.</translation>
    </message>
    <message>
        <source>Start launches the browser through the proxy.</source>
        <translation>Starten startet den Browser über den Proxy.</translation>
    </message>
    <message>
        <source>Rewrite Rules</source>
        <translation>Umschreiberegeln</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>Szenariodateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>event stream</source>
        <translation>Event-Stream</translation>
    </message>
    <message>
        <source>preflight</source>
        <translation>Preflight</translation>
    </message>
    <message>
        <source>other</source>
        <translation>andere</translation>
    </message>
    <message>
        <source> · open</source>
        <translation> · offen</translation>
    </message>
    <message>
        <source> · rewritten</source>
        <translation> · umgeschrieben</translation>
    </message>
    <message>
        <source>Rewritten by the rules:</source>
        <translation>Von den Regeln umgeschrieben:</translation>
    </message>
    <message>
        <source>The server&apos;s own answer:</source>
        <translation>Die eigene Antwort des Servers:</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::MainWindow</name>
    <message>
        <source>SSE Scope</source>
        <translation>SSE Scope</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Mock server</source>
        <translation>Mock-Server</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>The mock server did not start: %1</source>
        <translation>Der Mock-Server ist nicht gestartet: %1</translation>
    </message>
    <message numerus="yes">
        <source>Mock server %1 · %n open stream(s)</source>
        <translation>
            <numerusform>Mock-Server %1 · %n offener Stream</numerusform>
            <numerusform>Mock-Server %1 · %n offene Streams</numerusform>
        </translation>
    </message>
    <message>
        <source>Mock server stopped</source>
        <translation>Mock-Server gestoppt</translation>
    </message>
    <message>
        <source>Opened %1 in your browser; waiting for its report.</source>
        <translation>%1 im Browser geöffnet; warte auf seinen Bericht.</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Verbindung nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>Client: %1 · %n reconnect(s)</source>
        <translation>
            <numerusform>Client: %1 · %n Neuverbindung</numerusform>
            <numerusform>Client: %1 · %n Neuverbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Client: idle</source>
        <translation>Client: untätig</translation>
    </message>
    <message>
        <source>%1 events/s</source>
        <translation>%1 Events/s</translation>
    </message>
    <message>
        <source>Imported session (read-only)</source>
        <translation>Importierte Sitzung (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Export Session as HAR</source>
        <translation>Sitzung als HAR exportieren</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Import HAR</source>
        <translation>HAR importieren</translation>
    </message>
    <message>
        <source>Cannot import the HAR file:
%1</source>
        <translation>Die HAR-Datei kann nicht importiert werden:
%1</translation>
    </message>
    <message>
        <source>SSE Scope — %1 (imported, read-only)</source>
        <translation>SSE Scope — %1 (importiert, schreibgeschützt)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %1 (%2): %n event(s)</source>
        <translation>
            <numerusform>%1 importiert (%2): %n Ereignis</numerusform>
            <numerusform>%1 importiert (%2): %n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>HAR files (*.har);;All files (*)</source>
        <translation>HAR-Dateien (*.har);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>HAR files (*.har *.json);;All files (*)</source>
        <translation>HAR-Dateien (*.har *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The settings were not saved: %1</source>
        <translation>Die Einstellungen wurden nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Applied to the scenario: %1. The stream reconnects with it.</source>
        <translation>Auf das Szenario angewendet: %1. Der Stream verbindet sich damit neu.</translation>
    </message>
    <message>
        <source>Opened %1 in %2; waiting for its report.</source>
        <translation>%1 in %2 geöffnet; warte auf den Bericht.</translation>
    </message>
    <message>
        <source>Could not start %1 (%2).</source>
        <translation>%1 konnte nicht gestartet werden (%2).</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::RealBrowserPane</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>No report yet: open the test page.</source>
        <translation>Noch kein Bericht: Testseite öffnen.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>readyState</source>
        <translation>readyState</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 #%2: %3</source>
        <translation>%1 #%2: %3</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>The test page&apos;s report could not be read: %1</source>
        <translation>Der Bericht der Testseite ließ sich nicht lesen: %1</translation>
    </message>
    <message>
        <source>Open the built-in test page in real browsers: each connects to the mock server exactly as the scenario&apos;s client side says and reports what it did. Each report appears beside the prediction for its engine.</source>
        <translation>Die eingebaute Testseite in echten Browsern öffnen: Jeder verbindet sich mit dem Mock-Server genau so, wie es die Client-Seite des Szenarios vorgibt, und berichtet, was er getan hat. Jeder Bericht erscheint neben der Vorhersage für seine Engine.</translation>
    </message>
    <message>
        <source>Open in my default browser</source>
        <translation>In meinem Standardbrowser öffnen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Real browser</source>
        <translation>Echter Browser</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>Open in %1</source>
        <translation>In %1 öffnen</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation>noch kein Bericht</translation>
    </message>
    <message>
        <source>%1: predicted %2 · no report yet</source>
        <translation>%1: vorhergesagt %2 · noch kein Bericht</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>stimmt überein</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>weicht ab</translation>
    </message>
    <message>
        <source>%1: predicted %2 · reported %3 · %4</source>
        <translation>%1: vorhergesagt %2 · berichtet %3 · %4</translation>
    </message>
    <message>
        <source>Unknown engine</source>
        <translation>Unbekannte Engine</translation>
    </message>
    <message>
        <source>no prediction</source>
        <translation>keine Vorhersage</translation>
    </message>
    <message>
        <source>%1: no prediction · reported %2</source>
        <translation>%1: keine Vorhersage · berichtet %2</translation>
    </message>
    <message>
        <source>No report from an engine with a prediction.</source>
        <translation>Kein Bericht von einer Engine mit Vorhersage.</translation>
    </message>
    <message>
        <source>Agrees with the prediction: %1 of %2 real browsers.</source>
        <translation>Stimmt mit der Vorhersage überein: %1 von %2 echten Browsern.</translation>
    </message>
    <message>
        <source>Differs from the prediction: %1 of %2 real browsers.</source>
        <translation>Weicht von der Vorhersage ab: %1 von %2 echten Browsern.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Headers read</source>
        <translation>Gelesene Header</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ScenarioEditor</name>
    <message numerus="yes">
        <source>%n entries (edit in the JSON)</source>
        <translation>
            <numerusform>%n Eintrag (im JSON bearbeiten)</numerusform>
            <numerusform>%n Einträge (im JSON bearbeiten)</numerusform>
        </translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>CORS</source>
        <translation>CORS</translation>
    </message>
    <message>
        <source>Auth and cookies</source>
        <translation>Authentifizierung und Cookies</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Störungen</translation>
    </message>
    <message>
        <source>Client side</source>
        <translation>Client-Seite</translation>
    </message>
    <message>
        <source>Absent: leave empty to omit, type a value to set it.</source>
        <translation>Fehlt: leer lassen, um ihn wegzulassen, oder einen Wert eingeben.</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>Szenario</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ScenarioPane</name>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>Edited: %1</source>
        <translation>Bearbeitet: %1</translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Cannot open the scenario:
%1</source>
        <translation>Das Szenario kann nicht geöffnet werden:
%1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Save Scenario</source>
        <translation>Szenario speichern</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Scenarios (*.json);;All files (*)</source>
        <translation>Szenarien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>A recovery file cannot be read: %1</source>
        <translation>Eine Wiederherstellungsdatei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>an unsaved scenario</source>
        <translation>ein ungespeichertes Szenario</translation>
    </message>
    <message>
        <source>Restore Unsaved Edits</source>
        <translation>Ungespeicherte Änderungen wiederherstellen</translation>
    </message>
    <message>
        <source>SSE Scope did not close cleanly. Restore the unsaved edits of %1 (&quot;%2&quot;, from %3)?</source>
        <translation>SSE Scope wurde nicht sauber beendet. Die ungespeicherten Änderungen von %1 („%2“, vom %3) wiederherstellen?</translation>
    </message>
    <message>
        <source>Restored the unsaved edits of %1</source>
        <translation>Die ungespeicherten Änderungen von %1 wurden wiederhergestellt</translation>
    </message>
    <message>
        <source>Works: events reach the page</source>
        <translation>Funktioniert: Ereignisse erreichen die Seite</translation>
    </message>
    <message>
        <source>Breaks: the browser refuses the stream</source>
        <translation>Scheitert: der Browser verweigert den Stream</translation>
    </message>
    <message>
        <source>Hangs: no event ever arrives</source>
        <translation>Hängt: nie kommt ein Ereignis an</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::ServerPane</name>
    <message>
        <source>API:</source>
        <translation>API:</translation>
    </message>
    <message>
        <source>Test page:</source>
        <translation>Testseite:</translation>
    </message>
    <message>
        <source>Open streams:</source>
        <translation>Offene Streams:</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Ports:</source>
        <translation>Ports:</translation>
    </message>
    <message>
        <source>Listens on loopback only. Port changes apply at the next start.</source>
        <translation>Lauscht nur auf Loopback. Port-Änderungen gelten beim nächsten Start.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::SessionCoordinator</name>
    <message>
        <source>Cannot keep a recovery copy of the edits: %1</source>
        <translation>Von den Änderungen kann keine Wiederherstellungskopie angelegt werden: %1</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::SessionTabs</name>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Events</translation>
    </message>
    <message>
        <source>E&amp;xchanges</source>
        <translation>A&amp;ustausch</translation>
    </message>
    <message>
        <source>&amp;Diagnosis</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Zeitachse</translation>
    </message>
    <message>
        <source>&amp;Real browser</source>
        <translation>Echter &amp;Browser</translation>
    </message>
    <message>
        <source>E&amp;ngines</source>
        <translation>E&amp;ngines</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::Settings</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot lock %1</source>
        <translation>%1 kann nicht gesperrt werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write %1: only %2 of %3 bytes written (is the disk full?)</source>
        <translation>%1 kann nicht geschrieben werden: nur %2 von %3 Bytes geschrieben (ist der Datenträger voll?)</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::TimelinePane</name>
    <message>
        <source>No session yet: connect (F5) to see the connection&apos;s states, its requests and the events over time.</source>
        <translation>Noch keine Sitzung: Verbinden (F5) zeigt die Zustände der Verbindung, ihre Anfragen und die Events über die Zeit.</translation>
    </message>
    <message>
        <source>CONNECTING: no event has arrived in %1 s</source>
        <translation>CONNECTING: in %1 s ist kein Event angekommen</translation>
    </message>
    <message>
        <source>OPEN: no event has arrived in %1 s</source>
        <translation>OPEN: in %1 s ist kein Event angekommen</translation>
    </message>
    <message>
        <source>CLOSED before any event arrived; Diagnosis says why</source>
        <translation>CLOSED, bevor ein Event ankam; die Diagnose sagt, warum</translation>
    </message>
    <message>
        <source>CLOSED before any event arrived (%1); Diagnosis says why</source>
        <translation>CLOSED, bevor ein Event ankam (%1); die Diagnose sagt, warum</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Event</numerusform>
            <numerusform>%n Events</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n Anfrage</numerusform>
            <numerusform>%n Anfragen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reconnect(s)</source>
        <translation>
            <numerusform>%n Neuverbindung</numerusform>
            <numerusform>%n Neuverbindungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n burst(s)</source>
        <translation>
            <numerusform>%n Schwall</numerusform>
            <numerusform>%n Schwälle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(up to %n events in one delivery)</source>
        <translation>
            <numerusform>(bis zu %n Event in einer Lieferung)</numerusform>
            <numerusform>(bis zu %n Events in einer Lieferung)</numerusform>
        </translation>
    </message>
    <message>
        <source>server write → arrival: longest %1 ms</source>
        <translation>Schreiben am Server → Ankunft: längstens %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) held %1 ms or more on the way</source>
        <translation>
            <numerusform>%n Event %1 ms oder länger unterwegs aufgehalten</numerusform>
            <numerusform>%n Events %1 ms oder länger unterwegs aufgehalten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::TimelineWidget</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>reconnect %1</source>
        <translation>Neuverbindung %1</translation>
    </message>
    <message>
        <source>preflight</source>
        <translation>Preflight</translation>
    </message>
    <message>
        <source>login</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>redirect</source>
        <translation>Umleitung</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>state</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>written</source>
        <translation>geschrieben</translation>
    </message>
    <message>
        <source>arrived</source>
        <translation>angekommen</translation>
    </message>
    <message>
        <source>no events</source>
        <translation>keine Events</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) in one delivery</source>
        <translation>
            <numerusform>%n Event in einer Lieferung</numerusform>
            <numerusform>%n Events in einer Lieferung</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>SseScope::Gui::WindowActions</name>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect the client to the URL (F5)</source>
        <translation>Den Client mit der URL verbinden (F5)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Close the stream, as when the page goes away (Shift+F5)</source>
        <translation>Den Stream schließen, wie wenn die Seite verlassen wird (Umschalt+F5)</translation>
    </message>
    <message>
        <source>&amp;Reconnect now</source>
        <translation>&amp;Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>Start a fresh session with the current settings (Ctrl+R)</source>
        <translation>Eine neue Sitzung mit den aktuellen Einstellungen beginnen (Strg+R)</translation>
    </message>
    <message>
        <source>&amp;Start mock server</source>
        <translation>Mock-Server &amp;starten</translation>
    </message>
    <message>
        <source>S&amp;top mock server</source>
        <translation>Mock-Server s&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Open Scenario…</source>
        <translation>Szenario ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save Scenario</source>
        <translation>Szenario &amp;speichern</translation>
    </message>
    <message>
        <source>Save Scenario &amp;As…</source>
        <translation>Szenario speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>Open the test page in your browser and compare what it reports (Ctrl+B)</source>
        <translation>Die Testseite im eigenen Browser öffnen und seinen Bericht vergleichen (Strg+B)</translation>
    </message>
    <message>
        <source>C&amp;lear Events</source>
        <translation>Events &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Export Session as HAR…</source>
        <translation>Sitzung als HAR &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save the session as a HAR 1.2 file, sanitized unless you keep secrets</source>
        <translation>Die Sitzung als HAR-1.2-Datei speichern, bereinigt, sofern Sie Geheimnisse nicht behalten</translation>
    </message>
    <message>
        <source>&amp;Import HAR…</source>
        <translation>HAR &amp;importieren…</translation>
    </message>
    <message>
        <source>Show a HAR saved by SSE Scope, Chrome or Firefox, with its diagnosis (read-only)</source>
        <translation>Ein von SSE Scope, Chrome oder Firefox gespeichertes HAR mit seiner Diagnose anzeigen (schreibgeschützt)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Find in Events</source>
        <translation>In Events &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;About SSE Scope</source>
        <translation>&amp;Über SSE Scope</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>Se&amp;rver</source>
        <translation>Se&amp;rver</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Presets &amp;Tour</source>
        <translation>Presets-&amp;Tour</translation>
    </message>
    <message>
        <source>&amp;Walk-through: Your Own Server</source>
        <translation>&amp;Schritt für Schritt: Ihr eigener Server</translation>
    </message>
    <message>
        <source>&amp;Findings Catalogue</source>
        <translation>&amp;Befund-Katalog</translation>
    </message>
    <message>
        <source>&amp;Scenario File Reference</source>
        <translation>Sze&amp;nariodatei-Referenz</translation>
    </message>
    <message>
        <source>&amp;Command-Line Reference</source>
        <translation>&amp;Kommandozeilen-Referenz</translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation>&amp;Dokumentation</translation>
    </message>
    <message>
        <source>Clear the List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Compare the Three &amp;Engines</source>
        <translation>Die drei &amp;Engines vergleichen</translation>
    </message>
    <message>
        <source>Run Chromium, Firefox and Safari side by side, each on its own connection</source>
        <translation>Chromium, Firefox und Safari nebeneinander ausführen, jede über eine eigene Verbindung</translation>
    </message>
    <message>
        <source>About SSE Scope</source>
        <translation>Über SSE Scope</translation>
    </message>
    <message>
        <source>&lt;b&gt;SSE Scope %1&lt;/b&gt;&lt;p&gt;Debug cross-origin Server-Sent Events: a mock server driven by scenarios, a client that connects as a chosen browser would, and a live diagnosis with the exact console message and the fix.&lt;/p&gt;</source>
        <translation>&lt;b&gt;SSE Scope %1&lt;/b&gt;&lt;p&gt;Cross-Origin-Server-Sent-Events untersuchen: ein von Szenarien gesteuerter Mock-Server, ein Client, der sich wie ein gewählter Browser verbindet, und eine Live-Diagnose mit der genauen Konsolenmeldung und der Lösung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Diagnose the imported stream as %1 would</source>
        <translation>Den importierten Stream so diagnostizieren, wie %1 es täte</translation>
    </message>
    <message>
        <source>&amp;Diagnose Import As</source>
        <translation>Import &amp;diagnostizieren als</translation>
    </message>
    <message>
        <source>&amp;Intercept a Browser…</source>
        <translation>Einen Browser &amp;abfangen…</translation>
    </message>
    <message>
        <source>Launch a browser through a recording proxy and diagnose your real page&apos;s streams</source>
        <translation>Einen Browser über einen aufzeichnenden Proxy starten und die Streams Ihrer echten Seite diagnostizieren</translation>
    </message>
</context>
<context>
    <name>SseScope::InterceptController</name>
    <message>
        <source>not an event stream, or no longer kept</source>
        <translation>kein Event-Stream, oder nicht mehr aufbewahrt</translation>
    </message>
</context>
<context>
    <name>SseScope::LocalCa</name>
    <message>
        <source>cannot create the directory %1</source>
        <translation>kann das Verzeichnis %1 nicht anlegen</translation>
    </message>
    <message>
        <source>cannot read the local CA in %1</source>
        <translation>kann die lokale CA in %1 nicht lesen</translation>
    </message>
    <message>
        <source>the local CA in %1 is damaged (delete ca.pem and ca-key.pem to make a new one)</source>
        <translation>die lokale CA in %1 ist beschädigt (ca.pem und ca-key.pem löschen, um eine neue zu erzeugen)</translation>
    </message>
    <message>
        <source>cannot create the local CA (libcrypto failed)</source>
        <translation>kann die lokale CA nicht erzeugen (libcrypto ist gescheitert)</translation>
    </message>
    <message>
        <source>cannot create a key (libcrypto failed)</source>
        <translation>kann keinen Schlüssel erzeugen (libcrypto ist gescheitert)</translation>
    </message>
    <message>
        <source>no certificate for the host name &apos;%1&apos;</source>
        <translation>kein Zertifikat für den Hostnamen &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot make a certificate for &apos;%1&apos; (libcrypto failed)</source>
        <translation>kann kein Zertifikat für &apos;%1&apos; erzeugen (libcrypto ist gescheitert)</translation>
    </message>
</context>
<context>
    <name>SseScope::RewriteRules</name>
    <message>
        <source>%1: rewrite rules are read from a local file only</source>
        <translation>%1: Umschreiberegeln werden nur aus einer lokalen Datei gelesen</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1: kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1: &quot;rewrite&quot; holds no rule</source>
        <translation>%1: &quot;rewrite&quot; enthält keine Regel</translation>
    </message>
</context>
<context>
    <name>SseScope::WireReply</name>
    <message>
        <source>Operation canceled</source>
        <translation>Vorgang abgebrochen</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message numerus="yes">
        <source>%1 opens this stream, with %n warning(s)</source>
        <translation>
            <numerusform>%1 öffnet diesen Stream, mit %n Warnung</numerusform>
            <numerusform>%1 öffnet diesen Stream, mit %n Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 opens this stream</source>
        <translation>%1 öffnet diesen Stream</translation>
    </message>
    <message numerus="yes">
        <source>%1 is reconnecting (%n reconnect(s) so far)</source>
        <translation>
            <numerusform>%1 verbindet sich neu (bisher %n Neuverbindung)</numerusform>
            <numerusform>%1 verbindet sich neu (bisher %n Neuverbindungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 opened this stream; the server ended it</source>
        <translation>%1 hat diesen Stream geöffnet; der Server hat ihn beendet</translation>
    </message>
    <message>
        <source>%1 blocks this stream</source>
        <translation>%1 blockiert diesen Stream</translation>
    </message>
    <message>
        <source>%1 opened this stream, then failed it</source>
        <translation>%1 hat diesen Stream geöffnet und dann abgebrochen</translation>
    </message>
    <message>
        <source>%1 is not getting this stream</source>
        <translation>%1 bekommt diesen Stream nicht</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>%1 has not opened this stream</source>
        <translation>%1 hat diesen Stream nicht geöffnet</translation>
    </message>
    <message>
        <source>does not open</source>
        <translation>öffnet nicht</translation>
    </message>
    <message>
        <source>opens</source>
        <translation>öffnet</translation>
    </message>
    <message>
        <source>reconnects</source>
        <translation>verbindet neu</translation>
    </message>
    <message>
        <source>opens, then ends</source>
        <translation>öffnet, dann endet</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>blockiert</translation>
    </message>
    <message>
        <source>opens, then fails</source>
        <translation>öffnet, dann scheitert</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Ergebnis: %1</translation>
    </message>
    <message>
        <source>Only %1: %2 (%3) — not %4</source>
        <translation>Nur %1: %2 (%3) — nicht %4</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>readyState: %1</source>
        <translation>readyState: %1</translation>
    </message>
    <message>
        <source>Events received: %1</source>
        <translation>Empfangene Ereignisse: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run the mock SSE server until interrupted.</source>
        <translation>Den Mock-SSE-Server bis zur Unterbrechung ausführen.</translation>
    </message>
    <message>
        <source>Connect to an SSE URL as a browser would and say what it does.</source>
        <translation>Sich wie ein Browser mit einer SSE-URL verbinden und sagen, was er tut.</translation>
    </message>
    <message>
        <source>Print the events a browser dispatches for an event stream.</source>
        <translation>Die Events ausgeben, die ein Browser für einen Event-Stream auslöst.</translation>
    </message>
    <message>
        <source>List the preset scenarios.</source>
        <translation>Die vorgefertigten Szenarien auflisten.</translation>
    </message>
    <message>
        <source>SSE Scope — debug cross-origin Server-Sent Events.

With no command, opens the window. Commands:</source>
        <translation>SSE Scope — Cross-Origin-Server-Sent-Events untersuchen.

Ohne Befehl öffnet sich das Fenster. Befehle:</translation>
    </message>
    <message>
        <source>

Run &apos;ssescope COMMAND --help&apos; for a command&apos;s options.</source>
        <translation>

&apos;ssescope BEFEHL --help&apos; zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos; (try --help)</source>
        <translation>unbekannter Befehl &apos;%1&apos; (siehe --help)</translation>
    </message>
    <message>
        <source>Proxy a browser&apos;s traffic and diagnose its event streams.</source>
        <translation>Den Verkehr eines Browsers über einen Proxy leiten und seine Event-Streams diagnostizieren.</translation>
    </message>
    <message>
        <source>Re-diagnose the event streams of a HAR file with the browser model.</source>
        <translation>Die Event-Streams einer HAR-Datei mit dem Browsermodell neu diagnostizieren.</translation>
    </message>
</context>
<context>
    <name>presets</name>
    <message>
        <source>List the preset scenarios.</source>
        <translation>Die vorgefertigten Szenarien auflisten.</translation>
    </message>
    <message>
        <source>Print a JSON array.</source>
        <translation>Ein JSON-Array ausgeben.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>serve</name>
    <message>
        <source>Run the mock SSE server until interrupted.</source>
        <translation>Den Mock-SSE-Server bis zur Unterbrechung ausführen.</translation>
    </message>
    <message>
        <source>Serve the preset NAME (see &apos;ssescope presets&apos;).</source>
        <translation>Die Vorlage NAME bereitstellen (siehe &apos;ssescope presets&apos;).</translation>
    </message>
    <message>
        <source>Serve the scenario in FILE (JSON).</source>
        <translation>Das Szenario in DATEI (JSON) bereitstellen.</translation>
    </message>
    <message>
        <source>API port (default: chosen by the system).</source>
        <translation>API-Port (Vorgabe: vom System gewählt).</translation>
    </message>
    <message>
        <source>Test-page port (default: chosen by the system).</source>
        <translation>Port der Testseite (Vorgabe: vom System gewählt).</translation>
    </message>
    <message>
        <source>Address to listen on (default 127.0.0.1).</source>
        <translation>Adresse, auf der gelauscht wird (Vorgabe 127.0.0.1).</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--preset and --scenario exclude each other</source>
        <translation>--preset und --scenario schließen einander aus</translation>
    </message>
    <message>
        <source>--port needs a port number (0-65535)</source>
        <translation>--port braucht eine Portnummer (0-65535)</translation>
    </message>
    <message>
        <source>--page-port needs a port number (0-65535)</source>
        <translation>--page-port braucht eine Portnummer (0-65535)</translation>
    </message>
    <message>
        <source>--bind needs an IP address, not &apos;%1&apos;</source>
        <translation>--bind braucht eine IP-Adresse, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>ssescope serve: WARNING: listening on %1, not loopback: other machines can reach this mock server and its test page.
</source>
        <translation>ssescope serve: WARNUNG: lauscht auf %1, nicht auf Loopback: andere Rechner erreichen diesen Mock-Server und seine Testseite.
</translation>
    </message>
    <message>
        <source>cannot install the signal handlers</source>
        <translation>die Signal-Handler können nicht installiert werden</translation>
    </message>
    <message>
        <source>ssescope serve: serving &apos;%1&apos;; open %2 in a browser to see what it does. Ctrl+C stops.
</source>
        <translation>ssescope serve: stellt „%1“ bereit; öffnen Sie %2 in einem Browser, um zu sehen, was passiert. Strg+C beendet.
</translation>
    </message>
</context>
</TS>
