// eventsource-parser throughput on the same bytes as tests/bench/bench_eventstreamparser
// (which writes them with --write). Run by scripts/run-benchmarks.sh parser.
//
// node bench-eventsource-parser.mjs STREAM_FILE [REPETITIONS] [CHUNK_BYTES]
//
// Two measurements, each the median of REPETITIONS runs after a warm-up:
// - "bytes":   what our parser does, bytes to events: TextDecoder (streaming) + parser.feed;
// - "strings": parser.feed only, on chunks decoded beforehand (the package's best case).
// Prints a readable line per measurement and one "RESULT key=value..." line per mode.

import {readFileSync} from 'node:fs'
import {createParser} from 'eventsource-parser'

const [file, repetitionsArg = '9', chunkArg = '65536'] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench-eventsource-parser.mjs STREAM_FILE [REPETITIONS] [CHUNK_BYTES]')
  process.exit(2)
}
const repetitions = Number(repetitionsArg)
const chunkBytes = Number(chunkArg)
const stream = readFileSync(file)
const chunks = []
for (let from = 0; from < stream.length; from += chunkBytes) {
  chunks.push(stream.subarray(from, Math.min(from + chunkBytes, stream.length)))
}
const textDecoder = new TextDecoder('utf-8', {ignoreBOM: true})
const strings = chunks.map((chunk) => textDecoder.decode(chunk, {stream: true}))

function run(mode) {
  let events = 0
  let dataChars = 0
  let lastEventId = ''
  const parser = createParser({
    onId: (id) => {
      lastEventId = id
    },
    onEvent: (event) => {
      events++
      dataChars += event.data.length + (event.event ?? 'message').length + lastEventId.length
    },
  })
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  if (mode === 'bytes') {
    const decoder = new TextDecoder('utf-8', {ignoreBOM: true})
    for (const chunk of chunks) {
      parser.feed(decoder.decode(chunk, {stream: true}))
    }
    parser.feed(decoder.decode())
  } else {
    for (const text of strings) {
      parser.feed(text)
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  // CPU time of the whole process (V8's GC helper threads included): what the parser costs when
  // the machine is shared.
  const cpu = process.cpuUsage(cpuStart)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  if (dataChars <= 0) {
    console.error('no data parsed')
  }
  return {seconds, cpuSeconds, events}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

console.log(
  `eventsource-parser ${JSON.parse(readFileSync(new URL('./node_modules/eventsource-parser/package.json', import.meta.url))).version} on node ${process.version}: ${stream.length} bytes, chunks of ${chunkBytes} bytes, ${repetitions} repetitions`,
)
for (const mode of ['bytes', 'strings']) {
  run(mode) // warm-up: JIT
  const mbps = []
  const eventsPerSecond = []
  const cpuMbps = []
  const cpuEventsPerSecond = []
  let events = 0
  for (let i = 0; i < repetitions; i++) {
    const result = run(mode)
    events = result.events
    mbps.push(stream.length / result.seconds / 1e6)
    eventsPerSecond.push(result.events / result.seconds)
    cpuMbps.push(stream.length / result.cpuSeconds / 1e6)
    cpuEventsPerSecond.push(result.events / result.cpuSeconds)
  }
  console.log(
    `  ${mode === 'bytes' ? 'bytes -> events (TextDecoder + feed)' : 'strings -> events (feed only)     '}: median, wall clock: ${median(mbps).toFixed(0)} MB/s, ${median(eventsPerSecond).toFixed(0)} events/s; CPU time: ${median(cpuMbps).toFixed(0)} MB/s, ${median(cpuEventsPerSecond).toFixed(0)} events/s (${events} events); best run, CPU time: ${Math.max(...cpuMbps).toFixed(0)} MB/s`,
  )
  console.log(
    `RESULT parser=eventsource-parser-${mode} bytes=${stream.length} events=${events} mbps=${median(mbps).toFixed(1)} eventsps=${median(eventsPerSecond).toFixed(0)} cpumbps=${median(cpuMbps).toFixed(1)} cpueventsps=${median(cpuEventsPerSecond).toFixed(0)} bestcpumbps=${Math.max(...cpuMbps).toFixed(1)}`,
  )
}
