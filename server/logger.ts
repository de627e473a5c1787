/**
 * pino factory (docs/style-guide.md §3.7). The root logger is built once in main.ts; modules take it and make a
 * child (`logger.child({ module: 'auth' })`). Secrets never reach the log: AMI secrets, cookies,
 * authorization headers, passwords and tokens are redacted wherever they appear in a logged object.
 */
import { pino, type DestinationStream, type Logger } from 'pino'
import type { LogLevel } from './config.ts'

export type { Logger } from 'pino'

export const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'csrfToken',
  'authorization',
  'cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.csrfToken',
  '*.authorization',
  '*.cookie',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["set-cookie"]',
  '*.headers["x-csrf-token"]',
  'config.ami.pbxs[*].secret',
  'ami.pbxs[*].secret',
  'pbxs[*].secret',
]

export interface LoggerOptions {
  level: LogLevel
  /** Where JSON lines go (default stdout). Main passes a pino-pretty stream when stdout is a TTY. */
  destination?: DestinationStream
  base?: Record<string, unknown>
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: options.base ?? { app: 'pano' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }
  return options.destination ? pino(settings, options.destination) : pino(settings)
}

/**
 * A colourised, human-readable destination for interactive terminals, or undefined when stdout is not a
 * TTY (JSON lines for log collectors) or pino-pretty is not installed (it is a dev dependency).
 */
export async function prettyDestinationForTty(stdout: {
  isTTY?: boolean
}): Promise<DestinationStream | undefined> {
  if (stdout.isTTY !== true) return undefined
  try {
    const { default: pretty } = await import('pino-pretty')
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' })
  } catch {
    return undefined
  }
}
