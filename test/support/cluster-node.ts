/**
 * One Pano node as its own process, for tests and benchmarks of several nodes (docs/cluster.md): the
 * configuration comes from the environment as in production; `PANO_TEST_KEY_PREFIX` keeps a run's Redis
 * keys apart and `PANO_TEST_SEED_DEMO=1` seeds the demo users. Prints `READY <url>` once listening, and
 * stops cleanly on SIGTERM (a SIGKILL is the crash the tests want).
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
process.on('SIGTERM', () => {
  void pano.close().then(() => process.exit(0))
})
