// A small SSE server on Node's own `http` module: the "server that is not ours" for the
// `ssescope check` integration test. No dependencies. Prints {"port":N} on stdout when ready.
//
//   node sse-server.mjs [--cors ORIGIN|*|none] [--credentials] [--interval MS] [--events N]
//
// GET /events: text/event-stream, `retry: 500`, one `id`/`event: tick`/`data` block per interval,
// a `: ping` comment first; ends the response after N events when --events is given.
// Anything else: 404.
import http from 'node:http';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const cors = option('--cors', '*');
const credentials = args.includes('--credentials');
const interval = Number(option('--interval', '100'));
const limit = Number(option('--events', '0'));

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' || url.pathname !== '/events') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  const headers = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  };
  if (cors === 'echo') {
    headers['Access-Control-Allow-Origin'] = req.headers.origin ?? 'null';
    headers['Vary'] = 'Origin';
  } else if (cors !== 'none') {
    headers['Access-Control-Allow-Origin'] = cors;
  }
  if (credentials) {
    headers['Access-Control-Allow-Credentials'] = 'true';
  }
  res.writeHead(200, headers);
  res.write(': ping\nretry: 500\n\n');
  const resumeAfter = Number(req.headers['last-event-id'] ?? '0') || 0;
  let sequence = resumeAfter;
  const timer = setInterval(() => {
    sequence += 1;
    res.write(`id: ${sequence}\nevent: tick\ndata: {"seq":${sequence},"server":"node"}\n\n`);
    if (limit > 0 && sequence - resumeAfter >= limit) {
      clearInterval(timer);
      res.end();
    }
  }, interval);
  req.on('close', () => clearInterval(timer));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
