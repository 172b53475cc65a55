// The plain Node.js `http` SSE server that the mock server is measured against (DESIGN.md budgets).
// Deliberately ordinary: what a back-end developer writes from the MDN example, no framework, no
// tuning — one `res.write()` per client per event, Node's default chunked transfer encoding.
//
//   node node_sse_server.mjs [--port 0] [--mode idle|broadcast] [--interval-ms 1] [--bytes 100]
//
// It prints the same ready line as `ssescope serve` ({"api":"http://127.0.0.1:PORT",...}), so the
// benchmark driver starts either server the same way, and exits on SIGINT/SIGTERM.
//   idle:      GET /events answers 200 text/event-stream and writes one opening comment, then nothing.
//   broadcast: additionally, every --interval-ms one event of exactly --bytes bytes
//              ("data: xxx…\n\n") is written to every connected client.
import http from 'node:http';

function option(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option('port', '0'));
const mode = option('mode', 'idle');
const intervalMs = Number(option('interval-ms', '1'));
const bytes = Number(option('bytes', '100'));
if (!['idle', 'broadcast'].includes(mode) || !(bytes >= 9) || !(intervalMs >= 1) || !(port >= 0)) {
    console.error('usage: node node_sse_server.mjs [--port N] [--mode idle|broadcast] [--interval-ms MS] [--bytes N>=9]');
    process.exit(2);
}

// "data: " + filler + "\n\n" is exactly `bytes` bytes on the wire (before chunk framing).
const payload = `data: ${'x'.repeat(bytes - 8)}\n\n`;
const clients = new Set();

const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || !req.url.startsWith('/events')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found\n');
        return;
    }
    res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
    });
    res.write(': ok\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
});

server.listen(port, '127.0.0.1', () => {
    const { port: bound } = server.address();
    process.stdout.write(`${JSON.stringify({ api: `http://127.0.0.1:${bound}`, scenario: `node-${mode}` })}\n`);
});

if (mode === 'broadcast') {
    setInterval(() => {
        for (const res of clients) {
            res.write(payload);
        }
    }, intervalMs);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => process.exit(0));
}
