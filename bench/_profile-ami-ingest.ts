/**
 * In-process profile of the AMI ingest hot path without sockets: the bench's event block cut into
 * 64 KiB chunks (a typical socket read) → AmiFramer → AmiMessage → decodeAmiEvent. Reports events per
 * CPU-second for each stage so a change can be judged on a loaded machine. Not a bench (the `_` prefix):
 *
 *   node --import tsx bench/_profile-ami-ingest.ts [--events 1000000] [--stage frame|decodeOnly|decode] [--repeat 3]
 *   node --cpu-prof --import tsx bench/_profile-ami-ingest.ts --stage decode
 */
import { parseArgs } from 'node:util'
import { AmiFramer } from '../telephony/ami/frame.ts'
import { decodeAmiEvent } from '../telephony/ami/events.ts'
import { buildEventBlock, countEvents } from './_ami-event-stream.ts'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    stage: { type: 'string', default: 'both' },
    chunk: { type: 'string', default: '65536' },
    repeat: { type: 'string', default: '3' },
  },
})
const total = Number(values.events)
const chunkSize = Number(values.chunk)
const block = buildEventBlock(20)
const perBlock = countEvents(block)
const chunks: Buffer[] = []
for (let at = 0; at < block.length; at += chunkSize) chunks.push(block.subarray(at, at + chunkSize))

function run(decode: boolean): { eventsPerCpuS: number; wallPerS: number; sink: number } {
  const framer = new AmiFramer({ expectGreeting: false })
  let events = 0
  let sink = 0
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  while (events < total) {
    for (const chunk of chunks) {
      for (const frame of framer.push(chunk)) {
        if (frame.type !== 'message') continue
        events++
        if (frame.message.get('ActionID') !== undefined) sink++
        if (decode) sink += decodeAmiEvent(frame.message).type.length
        else sink += frame.message.keys.length
      }
    }
  }
  const used = process.cpuUsage(cpu)
  return {
    eventsPerCpuS: Math.round(events / ((used.user + used.system) / 1e6)),
    wallPerS: Math.round(events / ((performance.now() - t0) / 1000)),
    sink,
  }
}

/** decodeAmiEvent alone, over one block's messages framed beforehand. */
function runDecodeOnly(): { eventsPerCpuS: number; wallPerS: number; sink: number } {
  const messages = new AmiFramer({ expectGreeting: false })
    .push(block)
    .flatMap((f) => (f.type === 'message' ? [f.message] : []))
  let events = 0
  let sink = 0
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  while (events < total) {
    for (const m of messages) sink += decodeAmiEvent(m).type.length
    events += messages.length
  }
  const used = process.cpuUsage(cpu)
  return {
    eventsPerCpuS: Math.round(events / ((used.user + used.system) / 1e6)),
    wallPerS: Math.round(events / ((performance.now() - t0) / 1000)),
    sink,
  }
}

// Best of `repeat` runs per stage: on a shared machine the best run is the least disturbed one.
const stages = values.stage === 'both' ? ['frame', 'decodeOnly', 'decode'] : [values.stage]
const rssStart = process.memoryUsage().rss / 2 ** 20
const out: Record<string, number> = { perBlock, blockBytes: block.length }
for (let r = 0; r < Number(values.repeat); r++) {
  for (const stage of stages) {
    const res = stage === 'decodeOnly' ? runDecodeOnly() : run(stage === 'decode')
    const k = `${stage}_events_per_cpu_s`
    out[k] = Math.max(out[k] ?? 0, res.eventsPerCpuS)
  }
}
out.rss_start_mb = Math.round(rssStart)
out.rss_end_mb = Math.round(process.memoryUsage().rss / 2 ** 20)
console.log(JSON.stringify(out))
