/**
 * One Pano node as its own process, for tests and benchmarks of several nodes (docs/cluster.md): the
 * configuration comes from the environment as in production; `PANO_TEST_KEY_PREFIX` keeps a run's Redis
 * keys apart and `PANO_TEST_SEED_DEMO=1` seeds the demo users. Prints `READY <url>` once listening, and
 * stops cleanly on SIGTERM (a SIGKILL is the crash the tests want). It also stops when its stdin
 * closes: the test process that started it has gone (a run cut short before its clean-up), and a node
 * left behind would hold a PBX lease and reconnect to a Redis that no longer exists.
 */
import { loadConfig } from '../../server/config.ts'
import { startPano } from '../../server/main.ts'

const config = loadConfig(process.env)
const pano = await startPano(config, {
  seedDemo: process.env['PANO_TEST_SEED_DEMO'] === '1',
  clientDir: null,
  print: () => {},
  ...(process.env['PANO_TEST_KEY_PREFIX'] ? { redisKeyPrefix: process.env['PANO_TEST_KEY_PREFIX'] } : {}),
})
process.stdout.write(`READY ${pano.url}\n`)
let stopping = false
function stop(): void {
  if (stopping) return
  stopping = true
  void pano.close().then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.stdin.on('end', stop)
process.stdin.resume()
