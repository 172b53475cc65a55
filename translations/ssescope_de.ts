<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>OPENS</source>
        <translation>OPENS</translation>
    </message>
    <message>
        <source>the browser opens the stream</source>
        <translation>der Browser öffnet den Stream</translation>
    </message>
    <message>
        <source>BLOCKED</source>
        <translation>BLOCKED</translation>
    </message>
    <message>
        <source>the browser fails the connection</source>
        <translation>der Browser lässt die Verbindung scheitern</translation>
    </message>
    <message>
        <source>NOT OPEN</source>
        <translation>NOT OPEN</translation>
    </message>
    <message>
        <source>not open within %1 s</source>
        <translation>nicht innerhalb von %1 s geöffnet</translation>
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
        <source>chromium (default), firefox or safari.</source>
        <translation>chromium (Vorgabe), firefox oder safari.</translation>
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
        <source>Write a HAR file (not available yet).</source>
        <translation>Eine HAR-Datei schreiben (noch nicht verfügbar).</translation>
    </message>
    <message>
        <source>Keep secrets in the HAR file.</source>
        <translation>Geheimnisse in der HAR-Datei behalten.</translation>
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
        <source>--har is not available yet</source>
        <translation>--har ist noch nicht verfügbar</translation>
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
        <source>--browser must be chromium, firefox or safari, not &apos;%1&apos;</source>
        <translation>--browser muss chromium, firefox oder safari sein, nicht &apos;%1&apos;</translation>
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
    <name>SseScope::Gui::MainWindow</name>
    <message>
        <source>SSE Scope</source>
        <translation>SSE Scope</translation>
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
        <source>&amp;Timeline</source>
        <translation>&amp;Zeitachse</translation>
    </message>
    <message>
        <source>&amp;Real browser</source>
        <translation>Echter &amp;Browser</translation>
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
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
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
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Export Session (HAR)…</source>
        <translation>Sitzung &amp;exportieren (HAR)…</translation>
    </message>
    <message>
        <source>Arrives with HAR support</source>
        <translation>Kommt mit der HAR-Unterstützung</translation>
    </message>
    <message>
        <source>&amp;Import Session (HAR)…</source>
        <translation>Sitzung &amp;importieren (HAR)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
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
        <source>&amp;Find in Events</source>
        <translation>In Events &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About SSE Scope</source>
        <translation>&amp;Über SSE Scope</translation>
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
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
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
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Open the built-in test page in your own browser: it connects to the mock server exactly as the scenario&apos;s client side says and reports what the browser did. The report appears here, beside the prediction.</source>
        <translation>Die eingebaute Testseite im eigenen Browser öffnen: Sie verbindet sich genau so mit dem Mock-Server, wie es die Client-Seite des Szenarios vorgibt, und meldet, was der Browser getan hat. Der Bericht erscheint hier, neben der Vorhersage.</translation>
    </message>
    <message>
        <source>Open the test page in my browser</source>
        <translation>Testseite in meinem Browser öffnen</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>What your browser reported</source>
        <translation>Was Ihr Browser gemeldet hat</translation>
    </message>
    <message>
        <source>No report yet: open the test page.</source>
        <translation>Noch kein Bericht: Testseite öffnen.</translation>
    </message>
    <message>
        <source>Edited: %1</source>
        <translation>Bearbeitet: %1</translation>
    </message>
    <message>
        <source>The mock server did not start: %1</source>
        <translation>Der Mock-Server ist nicht gestartet: %1</translation>
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
        <source>Clear the List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Opened %1 in your browser; waiting for its report.</source>
        <translation>%1 im Browser geöffnet; warte auf seinen Bericht.</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
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
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>Your browser agrees with the prediction.</source>
        <translation>Ihr Browser stimmt mit der Vorhersage überein.</translation>
    </message>
    <message>
        <source>Your browser differs from the prediction (opened/failed).</source>
        <translation>Ihr Browser weicht von der Vorhersage ab (geöffnet/fehlgeschlagen).</translation>
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
        <source>Cannot connect: %1</source>
        <translation>Verbindung nicht möglich: %1</translation>
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
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Pick a preset or enter a URL, then Connect (F5).</source>
        <translation>Eine Vorlage wählen oder eine URL eingeben, dann Verbinden (F5).</translation>
    </message>
    <message>
        <source>%1 blocks this stream</source>
        <translation>%1 blockiert diesen Stream</translation>
    </message>
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
        <source>%1 is not getting this stream</source>
        <translation>%1 bekommt diesen Stream nicht</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Lösung: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) · %1 error(s) · %2 warning(s) · readyState %3</source>
        <translation>
            <numerusform>%n Event · %1 Fehler · %2 Warnung(en) · readyState %3</numerusform>
            <numerusform>%n Events · %1 Fehler · %2 Warnung(en) · readyState %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
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
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
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
    <name>SseScope::Gui::TimelineWidget</name>
    <message numerus="yes">
        <source>%n event(s) · peak %1 per %2 ms</source>
        <translation>
            <numerusform>%n Event · Spitze %1 je %2 ms</numerusform>
            <numerusform>%n Events · Spitze %1 je %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
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
</context>
</TS>
