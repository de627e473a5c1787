/**
 * The fan-out bench's PBX: the simulator in its own process (as a real Asterisk is another machine),
 * with a 200-agent queue, offering calls at a steady rate once told (forked by `fanout.ts` with
 * `<rate> <AMI username> <AMI secret>`). Messages: `calls` (start offering), `count` (answers how many
 * were offered), `stop`.
 */
import type { PlaceCallOptions } from '../telephony/simulator/index.ts'

async function runPbx(rate: number, username: string, secret: string): Promise<void> {
  const telephony = await import('../telephony/index.ts')
  const base = telephony.DEMO_QUEUES[0]!
  const agents = Array.from({ length: 200 }, (_, i) => ({
    interface: `Local/${1001 + i}@agents/n`,
    memberName: `Temsilci ${1001 + i}`,
    username: `bench${i}`,
    extension: String(1001 + i),
  }))
  const sim = await telephony.createPbxSimulator({
    clock: 'real',
    seed: 42,
    noise: 'none',
    username,
    secret,
    queues: [{ ...base, members: agents, wrapUpSec: 0 }],
  })
  let stopCalls = () => {}
  process.on('message', (m: { type: string }) => {
    if (m.type === 'calls') stopCalls = paceCalls(sim, base.name, rate)
    if (m.type === 'count') process.send?.({ type: 'count', calls: sim.groundTruth().calls.length })
    if (m.type === 'stop') {
      stopCalls()
      void sim.close().then(() => process.exit(0))
    }
  })
  process.send?.({ type: 'listening', port: sim.port })
}

/** A small seeded generator so every run offers the same calls. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Offers `rate` calls per second by the wall clock. The simulator's own scenario generator waits for
 * each arrival's timer before setting the next, so every millisecond of event-loop delay in this
 * (shared) process stretched the gaps and it offered ~30 calls/s instead of 50; here a late tick
 * catches up, but at most `perTick` calls a tick (4× the rate): a stall of this process on the
 * shared cores used to release every call due at once, a burst of events no real PBX sends because
 * another process was busy. Calls: ring 0.2–0.5 s, talk 5–6 s, 5 % abandon after ~5 s.
 */
function paceCalls(
  sim: { placeCall(o: PlaceCallOptions): unknown },
  queue: string,
  rate: number,
): () => void {
  const random = seeded(42)
  const start = performance.now()
  let placed = 0
  const tickMs = 5
  const perTick = Math.max(1, Math.ceil((rate * tickMs * 4) / 1000))
  const timer = setInterval(() => {
    const due = Math.min(Math.floor(((performance.now() - start) / 1000) * rate), placed + perTick)
    for (; placed < due; placed++) {
      let number = '+905'
      for (let i = 0; i < 9; i++) number += String(Math.floor(random() * 10))
      const abandons = random() < 0.05
      sim.placeCall({
        queue,
        callerNumber: number,
        answer: Math.round(200 + random() * 300),
        talkMs: Math.round(5000 + random() * 1000),
        ...(abandons ? { patienceMs: Math.round(1000 - Math.log(1 - random()) * 4000) } : {}),
      })
    }
  }, tickMs)
  return () => clearInterval(timer)
}

const [rate, username, secret] = process.argv.slice(2)
runPbx(Number(rate), username ?? '', secret ?? '').catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
