/**
 * `npm start` around the composition root: the configuration from the environment (a mistake is one
 * readable message and exit code 1), the root logger (pretty on a terminal), an unhandled failure ending
 * the process, and a clean shutdown on SIGTERM/SIGINT (a second signal exits at once).
 */
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { createLogger, prettyDestinationForTty, type Logger } from '../logger.ts'

export async function runAsProcess(
  start: (config: Config, overrides: { logger: Logger }) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md.\n`)
      process.exit(1)
    }
    throw error
  }
  const destination = await prettyDestinationForTty(process.stdout)
  const logger = createLogger({ level: config.log.level, ...(destination ? { destination } : {}) })

  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection')
    process.exit(1)
  })
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception')
    process.exit(1)
  })

  const pano = await start(config, { logger })
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutting down')
    pano.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.fatal({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
