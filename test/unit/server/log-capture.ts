import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../../server/logger.ts'

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogger(level: 'info' | 'debug' = 'info'): {
  logger: Logger
  lines: () => Record<string, unknown>[]
} {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  const logger = createLogger({ level, destination: stream })
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}
