/**
 * Runs the PBX simulator standalone:
 *   npx tsx scripts/simulator.ts --port 5038 --speed 1 --seed 42 --rate 6 [--santral-rate 2] [--version 20|22]
 *   [--username dashboard --secret dashboard-secret] [--record file.raw] [--replay capture.raw [--timing t.jsonl]]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createPbxSimulator } from '../telephony/simulator/index.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5038' },
    host: { type: 'string', default: '127.0.0.1' },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    rate: { type: 'string', default: '6' },
    'santral-rate': { type: 'string', default: '2' },
    version: { type: 'string', default: '22' },
    username: { type: 'string', default: 'dashboard' },
    secret: { type: 'string', default: 'dashboard-secret' },
    record: { type: 'string' },
    replay: { type: 'string' },
    timing: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

function num(name: string, raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number (got ${raw})`)
    process.exit(2)
  }
  return n
}

if (values.help) {
  console.log(
    'Usage: npx tsx scripts/simulator.ts --port 5038 --speed 1 --seed 42 --rate 6 [--santral-rate 2] [--version 20|22] [--record file] [--replay raw [--timing jsonl]]',
  )
  process.exit(0)
}

const sim = await createPbxSimulator({
  host: values.host,
  port: num('port', values.port),
  speed: num('speed', values.speed) || 1,
  seed: num('seed', values.seed),
  asteriskVersion: values.version === '20' ? 20 : 22,
  username: values.username,
  secret: values.secret,
  scenario: {
    ratePerMinute: {
      'cagri-merkezi': num('rate', values.rate),
      santral: num('santral-rate', values['santral-rate']),
    },
    pauses: { perAgentPerHour: 1, reasons: ['Mola', 'Toplantı', 'Eğitim'], meanSec: 300 },
  },
})
if (values.record) sim.recordTo(values.record)
if (values.replay) {
  sim.replayCapture({
    bytes: readFileSync(values.replay),
    ...(values.timing ? { timing: readFileSync(values.timing, 'utf8').split('\n') } : {}),
    speed: num('speed', values.speed) || 1,
  })
}
console.log(
  `PBX simulator (Asterisk ${values.version}) on ${sim.host}:${sim.port}, user ${values.username}; Ctrl+C to stop`,
)

const stop = (): void => {
  const t = sim.groundTruth().byQueue
  console.log(JSON.stringify(t))
  void sim.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
