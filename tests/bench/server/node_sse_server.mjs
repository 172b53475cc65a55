// The plain Node.js `http` SSE server that the mock server is measured against (DESIGN.md budgets).
// Deliberately ordinary: what a back-end developer writes from the MDN example, no framework, no
// tuning — one `res.write()` per client per event, Node's default chunked transfer encoding.
//
//   node node_sse_server.mjs [--port 0] [--mode idle|broadcast] [--interval-ms 1] [--bytes 100]
//                            [--timers shared|per-client]
//
// It prints the same ready line as `ssescope serve` ({"api":"http://127.0.0.1:PORT",...}), so the
// benchmark driver starts either server the same way, and exits on SIGINT/SIGTERM.
//   idle:      GET /events answers 200 text/event-stream and writes one opening comment, then nothing.
//   broadcast: additionally, every --interval-ms one event of exactly --bytes bytes
//              ("data: xxx…\n\n") is written to every connected client: by one shared timer
//              (default, a broadcast loop) or by one timer per client (--timers per-client, the
//              shape of a server whose every stream runs its own generator).
//              Ticks keep a schedule (tick k is due at start + k × interval); a late tick is followed
//              at once by the next one (setImmediate, so I/O still runs in between) and missed ticks
//              are not replayed. So a server that cannot keep up runs flat out instead of idling one
//              interval after each late tick (which is what a bare setInterval does, and which would
//              hide how much faster one server is than another).
import http from 'node:http';

function option(name, fallback) {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option('port', '0'));
const mode = option('mode', 'idle');
const intervalMs = Number(option('interval-ms', '1'));
const bytes = Number(option('bytes', '100'));
const timers = option('timers', 'shared');
if (!['idle', 'broadcast'].includes(mode) || !['shared', 'per-client'].includes(timers) || !(bytes >= 9)
    || !(intervalMs >= 1) || !(port >= 0)) {
    console.error('usage: node node_sse_server.mjs [--port N] [--mode idle|broadcast] [--interval-ms MS] '
        + '[--bytes N>=9] [--timers shared|per-client]');
    process.exit(2);
}

// "data: " + filler + "\n\n" is exactly `bytes` bytes on the wire (before chunk framing).
const payload = `data: ${'x'.repeat(bytes - 8)}\n\n`;
const clients = new Set();

// Calls fn every intervalMs on the schedule described above; returns a function that stops it.
function every(fn) {
    let due = performance.now() + intervalMs;
    let stopped = false;
    const tick = () => {
        if (stopped) {
            return;
        }
        fn();
        due += intervalMs;
        const now = performance.now();
        if (due <= now) {
            due = now;
            setImmediate(tick);
        } else {
            setTimeout(tick, due - now);
        }
    };
    setTimeout(tick, intervalMs);
    return () => { stopped = true; };
}

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
    if (mode === 'broadcast' && timers === 'per-client') {
        const stop = every(() => res.write(payload));
        res.on('close', stop);
        return;
    }
    clients.add(res);
    res.on('close', () => clients.delete(res));
});

server.listen(port, '127.0.0.1', () => {
    const { port: bound } = server.address();
    process.stdout.write(`${JSON.stringify({ api: `http://127.0.0.1:${bound}`, scenario: `node-${mode}${mode === 'broadcast' ? `-${timers}` : ''}` })}\n`);
});

if (mode === 'broadcast' && timers === 'shared') {
    every(() => {
        for (const res of clients) {
            res.write(payload);
        }
    });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => process.exit(0));
}
