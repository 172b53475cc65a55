// The stream of the client benchmark (scripts/run-benchmarks.sh client): small events as fast as
// the reader takes them, the same bytes for `ssescope check` and for headless Chromium's
// EventSource, measured the same way on the server's side. No dependencies (node:http only).
//
//   node sse-flood-server.mjs
//
// Prints {"port":N} on stdout when ready, then one line per finished stream and per page report:
//   {"stream":{"client":"ssescope-1","ms":…,"bytes":…,"events":…}}
//   {"report":{"client":"chromium-1","events":…,"pagems":…}}
// GET /events?client=NAME: text/event-stream (Access-Control-Allow-Origin: *), an opening comment,
//   then `data: 0123456789abcdef` events (24 bytes each) written while the socket drains, until
//   the client closes the connection. `ms` runs from the head to that close: the time the client
//   took to read what it read, start-up excluded.
// GET /page?client=NAME&events=N: a page whose EventSource counts message events and closes after
//   N of them, then reports its own count and time (onopen to the Nth event) to /report.
import http from 'node:http';

const EVENT = 'data: 0123456789abcdef\n\n';
const BLOCK = Buffer.from(EVENT.repeat(4096)); // 96 KiB

const page = (client, events) => `<!doctype html><meta charset="utf-8"><title>client benchmark</title><script>
const wanted = ${Number(events)};
const es = new EventSource('/events?client=' + ${JSON.stringify(encodeURIComponent(client))});
let count = 0, opened = 0;
es.onopen = () => { opened = performance.now(); };
es.onmessage = () => {
  if (++count === wanted) {
    const ms = performance.now() - opened;
    es.close();
    fetch('/report?client=' + ${JSON.stringify(encodeURIComponent(client))} + '&events=' + count + '&pagems=' + ms.toFixed(1));
  }
};
</script>`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const client = url.searchParams.get('client') ?? 'unnamed';
  if (url.pathname === '/events') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
    });
    res.write(': flood\n\n');
    const started = process.hrtime.bigint();
    let blocks = 0;
    let open = true;
    const pump = () => {
      while (open && res.write(BLOCK)) {
        ++blocks;
      }
      if (open) {
        ++blocks; // the write that filled the buffer
      }
    };
    res.on('drain', pump);
    res.on('close', () => {
      open = false;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Bytes handed to the socket (the kernel may still hold the last of them).
      const bytes = req.socket.bytesWritten;
      console.log(JSON.stringify({stream: {client, ms: Number(ms.toFixed(1)), bytes}}));
    });
    pump();
    return;
  }
  if (url.pathname === '/page') {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
    res.end(page(client, url.searchParams.get('events') ?? '100000'));
    return;
  }
  if (url.pathname === '/report') {
    console.log(JSON.stringify({report: {client, events: Number(url.searchParams.get('events')),
      pagems: Number(url.searchParams.get('pagems'))}}));
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(404);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({port: server.address().port}));
});
