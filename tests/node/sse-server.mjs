// A small SSE server on Node's own `http` module: the "server that is not ours" for the
// `ssescope check` integration test. No dependencies. Prints {"port":N} on stdout when ready.
//
//   node sse-server.mjs [--cors ORIGIN|*|none] [--credentials] [--interval MS] [--events N]
//                       [--tls-cert FILE --tls-key FILE] [--allow-headers LIST] [--expose LIST]
//                       [--status N] [--accel-buffering no|absent]
//
// With --tls-cert/--tls-key it speaks HTTPS (node:https) with that certificate (intercept tests).
// GET /events: text/event-stream, `retry: 500`, one `id`/`event: tick`/`data` block per interval,
// a `: ping` comment first; ends the response after N events when --events is given. It sends
// `X-Accel-Buffering: no` (nginx then streams it) unless --accel-buffering absent. With --status N
// (not 200) it answers N with a plain-text body instead, as an app's auth middleware does.
// GET /page?stream=URL: a page that opens `new EventSource(URL)` and, after 3 s or when the
// connection fails, reports what it saw with GET /report?opened=…&events=…&state=…, which the
// server prints as {"report":{…}} on stdout.
// OPTIONS (any path): a CORS preflight answer, 204 with Allow-Methods POST and Allow-Headers LIST
// (default `content-type, authorization`).
// POST /v1/chat/completions: an LLM-style chat stream. Reads the whole body (counting its bytes, not
// keeping them), prints {"post":{"bytes":N,"contentType":…}} on stdout, then answers with
// `Mcp-Session-Id: node-session` (exposed when --expose lists it), `data:` JSON chunks of tokens
// and `data: [DONE]`.
// Anything else: 404.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const cors = option('--cors', '*');
const credentials = args.includes('--credentials');
const interval = Number(option('--interval', '100'));
const limit = Number(option('--events', '0'));

const tlsCert = option('--tls-cert', '');
const tlsKey = option('--tls-key', '');

const page = (stream) => `<!doctype html><meta charset="utf-8"><title>intercept test</title><script>
const es = new EventSource(${JSON.stringify(stream)});
let opened = false, events = 0, sent = false;
es.onopen = () => { opened = true; };
es.addEventListener('tick', () => { events += 1; });
const report = () => {
  if (sent) return;
  sent = true;
  fetch('/report?opened=' + opened + '&events=' + events + '&state=' + es.readyState);
};
es.onerror = () => { if (es.readyState === 2) report(); };
setTimeout(report, 3000);
</script>`;

const corsHeaders = (req, headers) => {
  if (cors === 'echo') {
    headers['Access-Control-Allow-Origin'] = req.headers.origin ?? 'null';
    headers['Vary'] = 'Origin';
  } else if (cors !== 'none') {
    headers['Access-Control-Allow-Origin'] = cors;
  }
  if (credentials) {
    headers['Access-Control-Allow-Credentials'] = 'true';
  }
};

const handler = (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/page') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page(url.searchParams.get('stream') ?? ''));
    return;
  }
  if (req.method === 'GET' && url.pathname === '/report') {
    const report = {
      opened: url.searchParams.get('opened') === 'true',
      events: Number(url.searchParams.get('events')),
      readyState: Number(url.searchParams.get('state')),
    };
    process.stdout.write(JSON.stringify({ report }) + '\n');
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.method === 'OPTIONS') {
    const preflight = {
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': option('--allow-headers', 'content-type, authorization'),
      'Access-Control-Max-Age': '600',
    };
    corsHeaders(req, preflight);
    res.writeHead(204, preflight);
    res.end();
    return;
  }
  if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
    let bytes = 0;
    req.on('data', (chunk) => { bytes += chunk.length; });
    req.on('end', () => {
      process.stdout.write(JSON.stringify({ post: { bytes, contentType: req.headers['content-type'] ?? null } }) + '\n');
      const headers = {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache, no-transform',
        'Mcp-Session-Id': 'node-session',
      };
      corsHeaders(req, headers);
      const expose = option('--expose', '');
      if (expose) {
        headers['Access-Control-Expose-Headers'] = expose;
      }
      res.writeHead(200, headers);
      for (const token of ['Hel', 'lo', '!']) {
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: token } }] })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    });
    return;
  }
  if (req.method !== 'GET' || url.pathname !== '/events') {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  const status = Number(option('--status', '200'));
  if (status !== 200) {
    const refusal = { 'Content-Type': 'text/plain' };
    corsHeaders(req, refusal);
    res.writeHead(status, refusal);
    res.end('unauthorized\n');
    return;
  }
  const headers = {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
  };
  if (option('--accel-buffering', 'no') !== 'absent') {
    headers['X-Accel-Buffering'] = 'no';
  }
  corsHeaders(req, headers);
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
};
const server = tlsCert
  ? https.createServer({ cert: fs.readFileSync(tlsCert), key: fs.readFileSync(tlsKey) }, handler)
  : http.createServer(handler);

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
