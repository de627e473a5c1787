/** The PBX process of pbx-process.ts: the demo plan's simulator with no random traffic, driven by IPC. */
import { createPbxSimulator } from '../../telephony/index.ts'
import type { PlaceCallOptions } from '../../telephony/simulator/index.ts'

const options = JSON.parse(process.argv[2] ?? '{}') as { username: string; secret: string; seed?: number }
const sim = await createPbxSimulator({
  clock: 'real',
  seed: options.seed ?? 1,
  noise: 'none',
  username: options.username,
  secret: options.secret,
})
process.on('message', (m: { type: string; call?: PlaceCallOptions }) => {
  if (m.type === 'call' && m.call !== undefined) {
    sim.placeCall(m.call)
    process.send?.({ type: 'placed' })
  }
  if (m.type === 'stop') void sim.close().then(() => process.exit(0))
})
process.on('disconnect', () => void sim.close().then(() => process.exit(0)))
process.send?.({ type: 'listening', port: sim.port })
