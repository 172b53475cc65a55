// An LLM-style chat stream on Express with the `cors` package, configured the way the packages'
// own READMEs show it: the "server that is not ours" for issue 18's command, which
// tst_fetchpostagainstservers runs with `ssescope check` and in headless Chromium and compares.
//
//   node express-chat-server.mjs [--expose LIST] [--allowed-headers LIST]
//
// Two listeners, so the page and the API are cross-origin as in production:
// - the API on http://127.0.0.1:PORT: `app.use(cors({origin: PAGE, exposedHeaders, allowedHeaders}))`
//   (without --allowed-headers, cors reflects Access-Control-Request-Headers, its default);
//   POST /v1/chat/completions reads the JSON body and answers `Mcp-Session-Id: express-session`
//   and a text/event-stream of `data:` token chunks ending with `data: [DONE]`;
// - the page on http://localhost:PAGEPORT: GET /?api=URL runs the same fetch() as the command
//   (POST, body {"stream":true}, Content-Type: application/json, Authorization: Bearer x, reads
//   Mcp-Session-Id) and POSTs what it saw to /report.
// Prints {"api":…,"page":…} when ready, then one line per request the API saw
// ({"request":{"method":…,"path":…}}) and {"report":{…}} per page report.
import express from 'express';
import cors from 'cors';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const list = (text) => text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
const print = (object) => process.stdout.write(JSON.stringify(object) + '\n');

const pageApp = express();
const api = express();
const pageServer = pageApp.listen(0, 'localhost');
await new Promise((resolve) => pageServer.once('listening', resolve));
const pageOrigin = `http://localhost:${pageServer.address().port}`;

api.use((req, res, next) => {
  print({ request: { method: req.method, path: req.path } });
  next();
});
const corsOptions = { origin: pageOrigin };
if (option('--expose', '')) {
  corsOptions.exposedHeaders = list(option('--expose', ''));
}
if (option('--allowed-headers', '')) {
  corsOptions.allowedHeaders = list(option('--allowed-headers', ''));
}
api.use(cors(corsOptions));
api.use(express.json());
api.post('/v1/chat/completions', (req, res) => {
  res.set({
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    'Mcp-Session-Id': 'express-session',
  });
  res.flushHeaders();
  const tokens = req.body && req.body.stream ? ['Hel', 'lo', ' from', ' Express'] : [];
  let next = 0;
  const timer = setInterval(() => {
    if (next < tokens.length) {
      res.write(`data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ delta: { content: tokens[next] } }] })}\n\n`);
      next += 1;
      return;
    }
    clearInterval(timer);
    res.end('data: [DONE]\n\n');
  }, 50);
  res.on('close', () => clearInterval(timer)); // the client went away (req's 'close' fires once the body is read)
});
const apiServer = api.listen(0, '127.0.0.1');
await new Promise((resolve) => apiServer.once('listening', resolve));
const apiOrigin = `http://127.0.0.1:${apiServer.address().port}`;

// The page: the command's fetch, written as a chat UI writes it, reading the stream to its end.
const page = `<!doctype html><meta charset="utf-8"><title>fetch POST</title><script>
(async () => {
  const state = { opened: false, failed: false, events: 0, status: null, readHeaders: {}, data: [] };
  const report = () => fetch('/report', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(state) });
  try {
    const url = new URLSearchParams(location.search).get('api');
    const response = await fetch(url, { method: 'POST', body: '{"stream":true}',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer x' } });
    state.status = response.status;
    state.readHeaders['Mcp-Session-Id'] = response.headers.get('Mcp-Session-Id');
    state.opened = response.ok;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
        if (data.length > 0) { state.events += 1; state.data.push(data.join('\\n')); }
      }
    }
  } catch (error) {
    state.failed = true;
    state.error = String(error);
  }
  await report();
})();
</script>`;
pageApp.get('/', (req, res) => res.type('html').send(page));
pageApp.post('/report', express.json(), (req, res) => {
  print({ report: req.body });
  res.status(204).end();
});

print({ api: apiOrigin, page: pageOrigin });
