// Runs byte streams through the eventsource-parser npm package the way a fetch-based client
// does (TextDecoder in streaming mode, then parser.feed per chunk) and prints what a page would
// see. Used by tests/unit/sse/tst_eventstreamparserdifferential.cpp.
//
// stdin:  {"cases": [{"chunks": ["<base64>", ...]}, ...]}
// stdout: {"results": [{"events": [{"type", "data", "lastEventId"}], "retry": N|null, "lastEventId": "…"}, ...]}

import {createParser} from 'eventsource-parser'

const input = JSON.parse(await new Promise((resolve, reject) => {
  const parts = []
  process.stdin.on('data', (part) => parts.push(part))
  process.stdin.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
  process.stdin.on('error', reject)
}))

const results = input.cases.map(({chunks}) => {
  const events = []
  let lastEventId = ''
  let retry = null
  const parser = createParser({
    // Called at each dispatch whose block had an id field, before onEvent: the standard's
    // "set the last event ID string" (a block without one leaves it as it was).
    onId: (id) => {
      lastEventId = id
    },
    onEvent: (event) => {
      events.push({type: event.event ?? 'message', data: event.data, lastEventId})
    },
    onRetry: (ms) => {
      retry = ms
    },
  })
  // ignoreBOM keeps a leading U+FEFF in the text, so that the parser's own BOM handling is
  // what is compared (TextDecoder would otherwise strip it before the parser sees it).
  const decoder = new TextDecoder('utf-8', {ignoreBOM: true})
  for (const chunk of chunks) {
    parser.feed(decoder.decode(Buffer.from(chunk, 'base64'), {stream: true}))
  }
  parser.feed(decoder.decode())
  // End of stream: the package has no "finish"; whatever is pending is simply never dispatched.
  return {events, retry, lastEventId}
})

// Non-ASCII is escaped so that the reader sees every code unit as sent: Qt 6.4's
// QJsonDocument::fromJson drops a raw (UTF-8) U+FEFF at the start of a string value.
process.stdout.write(
  JSON.stringify({results}).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
)
