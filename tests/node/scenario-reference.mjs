// Writes docs/scenario-reference.md from resources/scenario.schema.json (and the default preset as
// the example), so the reference lists exactly the keys, types, defaults and limits the schema has.
//   node tests/node/scenario-reference.mjs SOURCE_DIR --write   rewrite docs/scenario-reference.md
//   node tests/node/scenario-reference.mjs SOURCE_DIR --check   exit 1 when the committed file differs
// The `update_scenario_reference` target runs --write; the ctest `scenario_reference_doc` runs --check.
// No npm packages: plain node.

import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const [sourceDir, mode] = process.argv.slice(2)
if (!sourceDir || !['--write', '--check'].includes(mode)) {
  console.error('usage: scenario-reference.mjs SOURCE_DIR --write|--check')
  process.exit(2)
}
const schemaPath = join(sourceDir, 'resources/scenario.schema.json')
const docPath = join(sourceDir, 'docs/scenario-reference.md')
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))
const presetCount = readdirSync(join(sourceDir, 'resources/presets')).filter((f) => f.endsWith('.json')).length
const example = readFileSync(join(sourceDir, 'resources/presets/default.json'), 'utf8').trimEnd()

// What each section is for. A key's own "description" in the schema comes first; these notes
// explain keys the schema leaves bare (they follow lib/scenario/scenario.h). A note for a key the
// schema does not have stops the generator, so the notes cannot go stale.
const sectionIntro = {
  cors: 'The CORS headers the API origin answers with, on the stream, the redirect hop and the preflight.',
  auth: 'What the stream requires before it answers 200, and the cookie `/login` sets.',
  response: 'The status line and headers of `GET /events`, and an optional redirect hop before the stream.',
  stream: 'What the stream writes: generated events or a script, ids, retry, heartbeats, replay and endings.',
  transport: 'How the bytes travel: framing, compression, a buffering proxy, slow delivery, stalled headers.',
  client: 'How the test page (and the built-in client) opens the stream.',
  expect: 'The presets declare it; it is not used when the scenario is served.',
}
const keyNotes = {
  $schema: 'Where the schema is, for editors; SSE Scope does not read it.',
  version: 'The format version; always 1.',
  name: 'Short identifier (the preset name, used by `ssescope serve --preset`).',
  title: 'One-line title shown in the window and by `ssescope presets`.',
  summary: 'One or two sentences: what happens and why.',
  notes: 'Longer explanation shown with the scenario.',
  'cors.allowOrigin': '`absent`: no header; `wildcard`: `*`; `echo`: the request\'s Origin when it is on `allowlist`, else no header; `fixed`: `values[0]` whatever the request\'s Origin; `multiple`: every entry of `values`; `null`: the literal `null`.',
  'cors.multipleAs': '`lines`: one header line per value; `list`: one comma-joined line.',
  'cors.varyOrigin': 'Add `Vary: Origin`.',
  'cors.exposeHeaders': 'Access-Control-Expose-Headers values.',
  'cors.preflight.status': 'Status of the OPTIONS answer.',
  'cors.preflight.allowMethods': 'Access-Control-Allow-Methods; null: absent.',
  'cors.preflight.allowHeaders': 'Access-Control-Allow-Headers; null: absent.',
  'cors.preflight.maxAge': 'Access-Control-Max-Age; null: absent.',
  'auth.mode': '`none`; `cookie`: the session cookie `/login` sets; `bearer`: `Authorization: Bearer <token>`; `queryToken`: `?<queryParameter>=<token>`.',
  'auth.cookie': 'The cookie `/login` sets, checked on `/events` in `cookie` mode.',
  'auth.cookie.sameSite': '`absent` writes no SameSite attribute.',
  'auth.cookie.domain': 'Domain attribute; null: absent (host-only).',
  'auth.cookie.path': 'Path attribute; null: absent.',
  'auth.cookie.maxAge': 'Max-Age attribute; null: absent (a session cookie).',
  'auth.token': 'The bearer and query-token value.',
  'auth.unauthorizedStatus': 'Status of the stream when the credentials are missing or wrong.',
  'response.contentType': 'Content-Type; null: absent.',
  'response.cacheControl': 'Cache-Control; null: absent.',
  'response.accelBuffering': 'X-Accel-Buffering; null: absent.',
  'response.contentTypeOptions': 'X-Content-Type-Options; null: absent.',
  'response.redirect.target': 'Location of the redirect.',
  'response.redirect.withCors': 'The 3xx hop carries the scenario\'s CORS headers.',
  'stream.source': '`generator`: events on a timer; `script`: the `script` entries in order.',
  'stream.generator.intervalMs': 'Time between events.',
  'stream.generator.eventTypes': 'Event types, cycled; `message` or an empty string writes no `event:` line.',
  'stream.generator.payloadBytes': 'Pad the data to at least this many bytes (0: a short JSON object).',
  'stream.generator.multiLine': 'Split the data over several `data:` lines.',
  'stream.script': 'Scripted entries, written in order.',
  'stream.script[].data': 'May contain newlines: one `data:` line per line.',
  'stream.script[].raw': 'Written as is, instead of the other fields.',
  'stream.script[].delayMs': 'Wait before this entry.',
  'stream.loop': 'Start the script again at its end.',
  'stream.ids': 'Generator: write `id: <sequence>`.',
  'stream.retryMs': 'Write `retry:` at the start of each response; null: none.',
  'stream.openingComment': 'A comment line written with the headers; null: none.',
  'stream.heartbeat.intervalMs': '0: no heartbeat.',
  'stream.heartbeat.as': '`comment`: a `: ping` line; `event`: `event: ping` with empty data.',
  'stream.replay': 'Answer Last-Event-ID by resuming right after that event.',
  'stream.endAfterEvents': '0: never; then end the response cleanly.',
  'stream.endAfterMs': '0: never; then end the response cleanly.',
  'stream.dropEveryEvents': '0: never; then cut the connection without ending the response.',
  'transport.framing': '`chunked`: Transfer-Encoding: chunked; `close`: the body ends when the connection closes.',
  'transport.gzip': 'Content-Encoding: gzip.',
  'transport.gzipFlushEachWrite': 'false: the compressor holds data until its buffer fills.',
  'transport.proxy': 'A buffering proxy in front of the stream.',
  'transport.proxy.flushEveryEvents': '0: not by count.',
  'transport.proxy.flushEveryMs': '0: not by time.',
  'transport.drip.bytes': 'More than 0: send at most this many bytes per `intervalMs`.',
  'transport.headerDelayMs': 'Wait before sending anything.',
  'transport.headersNeverEnd': 'Send the status line and headers but never the blank line after them.',
  'client.mode': '`eventsource`: `new EventSource(url, {withCredentials})`; `fetch`: `fetch(url, {headers, credentials})` read as a stream.',
  'client.withCredentials': 'EventSource withCredentials; fetch credentials `include`.',
  'client.headers': 'Request headers; only fetch can send them.',
  'client.login': 'Call `fetch(\'${api}/login\', {credentials: \'include\'})` before the stream.',
  'client.path': 'Path (and query) of the stream on the API origin.',
  'cors.preflight': 'The answer to `OPTIONS /events`.',
  'auth.cookie.name': 'Cookie name.',
  'auth.cookie.value': 'Cookie value.',
  'auth.cookie.secure': 'Secure attribute.',
  'auth.cookie.httpOnly': 'HttpOnly attribute.',
  'auth.cookie.partitioned': 'Partitioned attribute (CHIPS).',
  'auth.queryParameter': 'The query parameter that carries the token in `queryToken` mode.',
  'response.status': 'Status of the stream response.',
  'response.redirect': 'A redirect hop in front of the stream.',
  'response.redirect.enabled': '`/events` answers with a redirect to `target`.',
  'response.redirect.status': 'Status of the redirect.',
  'stream.generator': 'Events on a timer (`source: generator`).',
  'stream.script[].event': '`event:` line; null: none.',
  'stream.script[].id': '`id:` line; null: none.',
  'stream.script[].retry': '`retry:` line; null: none.',
  'stream.script[].comment': 'A comment line (`: text`); null: none.',
  'stream.heartbeat': 'Keep-alive writes between events.',
  'transport.proxy.enabled': 'Hold the stream and flush it by count or time.',
  'transport.drip': 'Slow delivery: a few bytes at a time.',
  'transport.drip.intervalMs': 'Time between drips.',
  'expect.opened': 'The page\'s `open` event fires.',
  'expect.failed': 'The browser fails the connection for good.',
  'expect.minEvents': 'At least this many MessageEvents in the observation window.',
  'expect.maxEvents': 'At most this many; null: no limit.',
}

const code = (value) => '`' + JSON.stringify(value) + '`'
const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ')

function typeOf(node) {
  if ('const' in node) return 'constant'
  if (node.enum) return 'string (one of the values)'
  const types = [node.type ?? 'any'].flat()
  return types.map((t) => {
    if (t === 'array' && node.items) {
      const inner = node.items.type === 'array' ? '[name, value] pairs' : `${[node.items.type ?? 'object'].flat().join(' or ')}s`
      return `array of ${inner}`
    }
    return t
  }).join(' or ')
}

function valuesOf(node) {
  const parts = []
  if ('const' in node) parts.push(code(node.const))
  if (node.enum) parts.push(node.enum.map(code).join(', '))
  if ('minimum' in node && 'maximum' in node) parts.push(`${node.minimum} to ${node.maximum}`)
  else if ('minimum' in node) parts.push(`≥ ${node.minimum}`)
  else if ('maximum' in node) parts.push(`≤ ${node.maximum}`)
  if ('minLength' in node) parts.push(`at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`)
  if (node.pattern) parts.push(`matches \`${node.pattern}\``)
  if ('maxItems' in node && node.type === 'array' && node.items?.type !== 'string') parts.push(`at most ${node.maxItems} items`)
  return parts.join('; ')
}

const usedNotes = new Set()
function describe(path, node) {
  const texts = []
  if (node.description) texts.push(node.description)
  if (keyNotes[path]) {
    usedNotes.add(path)
    texts.push(keyNotes[path])
  }
  return texts.join(' ')
}

// Rows for every key under `node`, depth first, objects before their members.
function rows(prefix, node, out) {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key
    out.push({path, node: child})
    if (child.type === 'object') rows(path, child, out)
    if (child.type === 'array' && child.items?.type === 'object') rows(`${path}[]`, child.items, out)
  }
  return out
}

function table(entries) {
  const lines = ['| Key | Type | Default | Values | Meaning |', '| --- | --- | --- | --- | --- |']
  for (const {path, node} of entries) {
    const def = 'default' in node ? code(node.default) : ''
    lines.push(`| \`${path}\` | ${cell(typeOf(node))} | ${cell(def)} | ${cell(valuesOf(node))} | ${cell(describe(path, node))} |`)
  }
  return lines.join('\n')
}

const topLevel = Object.entries(schema.properties).filter(([, node]) => node.type !== 'object')
const sections = Object.entries(schema.properties).filter(([, node]) => node.type === 'object')

const out = []
out.push('<!-- Generated from resources/scenario.schema.json by tests/node/scenario-reference.mjs: do not edit.')
out.push('     Regenerate: cmake --build --preset dev --target update_scenario_reference -->')
out.push('# Scenario file reference')
out.push('')
out.push(`${schema.description.replace(/ See docs\/[a-z-]+\.md\./, '')}`)
out.push('')
out.push('A scenario is one JSON object. `ssescope serve --scenario FILE` serves it, the window opens and')
out.push(`saves it, and the ${presetCount} presets (\`ssescope presets\`) are scenarios in this format. Every key but`)
out.push('`version` is optional: a missing key takes its default, so a scenario names only what differs')
out.push('from the working default stream. Unknown keys are errors, reported with their line.')
out.push('')
out.push(`Schema: \`resources/scenario.schema.json\` (${schema.title}; \`$id\` ${schema.$id}). Editors that`)
out.push('understand JSON Schema complete and check a file that starts with')
out.push('`"$schema": "…/scenario.schema.json"`.')
out.push('')
out.push('## Example')
out.push('')
out.push('The default preset (`resources/presets/default.json`): every other setting at its default.')
out.push('')
out.push('```json')
out.push(example)
out.push('```')
out.push('')
out.push('## Top-level keys')
out.push('')
out.push(table(topLevel.map(([path, node]) => ({path, node}))))
out.push('')
out.push('Required: ' + schema.required.map((k) => `\`${k}\``).join(', ') + '.')
for (const [name, node] of sections) {
  out.push('')
  out.push(`## \`${name}\``)
  out.push('')
  const intro = [node.description, sectionIntro[name]].filter(Boolean).join(' ')
  if (intro) {
    out.push(intro)
    out.push('')
  }
  out.push(table(rows(name, node, [])))
}
out.push('')

for (const path of Object.keys(keyNotes)) {
  if (!usedNotes.has(path)) {
    console.error(`scenario-reference.mjs: a note names '${path}', which the schema does not have`)
    process.exit(2)
  }
}
for (const name of Object.keys(sectionIntro)) {
  if (!schema.properties[name]) {
    console.error(`scenario-reference.mjs: a section intro names '${name}', which the schema does not have`)
    process.exit(2)
  }
}

const generated = out.join('\n')
if (mode === '--write') {
  writeFileSync(docPath, generated)
} else {
  let committed = ''
  try {
    committed = readFileSync(docPath, 'utf8')
  } catch {
    console.error(`${docPath} is missing: cmake --build --preset dev --target update_scenario_reference`)
    process.exit(1)
  }
  if (committed !== generated) {
    console.error(`${docPath} differs from resources/scenario.schema.json: cmake --build --preset dev --target update_scenario_reference`)
    process.exit(1)
  }
  console.log('docs/scenario-reference.md matches the schema')
}
