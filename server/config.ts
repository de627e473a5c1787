/**
 * The one place that reads the environment (docs/design.md §2, docs/style-guide.md §3.6). `loadConfig(env)` parses every
 * variable with zod, once, and either returns a typed Config or throws a ConfigError that lists every bad
 * field at once. Every variable is documented in docs/configuration.md.
 */
import { z } from 'zod'
import {
  ConfigError,
  describeIssues,
  FALSE_WORDS,
  flag,
  int,
  TRUE_WORDS,
  withoutEmpty,
  type Environment,
} from './config-fields.ts'
import { parseMessagingConfig, type MessagingConfig } from './config-messaging.ts'
import { parsePbxs, type PbxConnectionConfig } from './config-pbx.ts'
import { decideMode, parseFirstAdmin } from './config-start.ts'
import { parseRecordingsConfig, type RecordingsConfig } from './config-recordings.ts'
import { ISTANBUL_TIME_ZONE } from './contract/time-zone.ts'

export type { MessagingConfig } from './config-messaging.ts'
export { ConfigError, type Environment } from './config-fields.ts'
export type { PbxConnectionConfig } from './config-pbx.ts'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Reports, "today" windows and legal clocks always use Istanbul time, whatever the host's TZ. */
export const REPORT_TIME_ZONE = ISTANBUL_TIME_ZONE

export interface Config {
  http: {
    port: number
    host: string
    /** Value for Express' `trust proxy` setting. */
    trustProxy: boolean | number | string
    /** Session cookie `Secure` (COOKIE_SECURE; default on in production mode). */
    cookieSecure: boolean
    /** Strict-Transport-Security and upgrade-insecure-requests (HSTS; default: as cookieSecure). */
    hsts: boolean
    /** PUBLIC_URL's origin (`https://pano.example`), or null. */
    publicUrl: string | null
    /**
     * Host names this server answers to, from PUBLIC_URL and ALLOWED_HOSTS (lower case, no port). Empty:
     * none configured, so loopback names and the listening host only (http/host-policy.ts).
     */
    allowedHosts: string[]
  }
  log: { level: LogLevel }
  database: {
    /** null → embedded PGlite in `dataDir`. */
    url: string | null
    dataDir: string
  }
  /** null → sessions and login rate limits live in the database / in process. */
  redis: { url: string | null }
  /** Several nodes on Redis: how long a PBX lease lives unrenewed (docs/cluster.md). */
  cluster: { leaseTtlMs: number }
  session: { ttlHours: number; idleMinutes: number }
  loginLimit: {
    /** Attempts on one account from one address per window. */
    maxFailures: number
    /** Attempts on one account from all addresses together per window. */
    maxFailuresPerAccount: number
    /** Attempts from one address on any accounts per window. */
    maxAttemptsPerAddress: number
    windowMinutes: number
  }
  ami: {
    pbxs: PbxConnectionConfig[]
    actionTimeoutMs: number
    reconnectMaxMs: number
    pingIntervalMs: number
  }
  simulator: {
    enabled: boolean
    /** Time factor: 2 plays the demo day twice as fast. */
    speed: number
    /** New calls offered per minute (at speed 1). */
    ratePerMinute: number
  }
  realtime: { broadcastIntervalMs: number }
  metrics: {
    shortAbandonSec: number
    serviceLevelSec: number
    timeZone: typeof REPORT_TIME_ZONE
    /** `loopback`: /metrics answers anonymous scrapes from this host; otherwise admins only. */
    public: 'off' | 'loopback'
  }
  /**
   * `demo`: nothing configured (embedded database, simulator, demo users and data). `production`: any of
   * DATABASE_URL, a PBX or PANO_MODE=production; reference data only, no simulator unless SIMULATOR=on.
   */
  mode: 'demo' | 'production'
  /** Why that mode, in Turkish words for the start-up message and /health. */
  modeReason: string
  /** mode === 'demo'. */
  demoMode: boolean
  /** The first admin, created at start when no active admin exists (PANO_ADMIN_*); null when unset. */
  firstAdmin: { username: string; password: string } | null
  /** E-mail, SMS and WhatsApp to citizens (server/config-messaging.ts). */
  messaging: MessagingConfig
  /** Call recordings: Pano's folder, the PBX's name for it, a file-name pattern (config-recordings.ts). */
  recordings: RecordingsConfig
  /** Written intake: the public form and the mailbox (docs/intake.md). */
  intake: {
    publicForm: { enabled: boolean; powBits: number; maxPerHour: number; lookupMaxFailures: number }
    /** null url: the mailbox is not read. */
    imap: {
      url: string | null
      folder: string
      /** Move processed mails here; null: leave them, flagged \Seen and $PanoAlindi. */
      processedFolder: string | null
      pollSeconds: number
      batchSize: number
    }
  }
}

const trustProxy = z
  .string()
  .trim()
  .min(1)
  .transform((v): boolean | number | string => {
    // Digits are a hop count for Express, so they are checked before the words.
    if (/^\d+$/.test(v)) return Number(v)
    const lower = v.toLowerCase()
    if (TRUE_WORDS.has(lower)) return true
    if (FALSE_WORDS.has(lower)) return false
    return v
  })

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'expected a postgresql:// URL')

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\/.+/.test(v), 'expected a redis:// or rediss:// URL')

/** An http(s) origin, as users type it in the browser: scheme, host and maybe a port, nothing else. */
const publicUrl = z
  .string()
  .trim()
  .transform((v, ctx) => {
    let url: URL
    try {
      url = new URL(v)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a URL such as https://pano.example.gov.tr' })
      return z.NEVER
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'expected an http:// or https:// URL without credentials' })
      return z.NEVER
    }
    if (url.pathname !== '/' || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'expected only scheme, host and port (no path)' })
      return z.NEVER
    }
    return url
  })

/** Host names, IPv4 or [IPv6] addresses; a `:port` is allowed and ignored. */
const HOST_ENTRY =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/

const hostList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
  )
  .superRefine((list, ctx) => {
    for (const h of list)
      if (!HOST_ENTRY.test(h))
        ctx.addIssue({
          code: 'custom',
          message: `not a host name: "${h}" (comma-separated names, no scheme)`,
        })
  })

/** `name:port` / `[v6]:port` → `name` / `v6`, lower case, without a trailing dot. */
export function bareHostName(host: string): string {
  let h = host.trim().toLowerCase()
  if (h.startsWith('[')) {
    const end = h.indexOf(']')
    h = end < 0 ? h.slice(1) : h.slice(1, end)
  } else if (h.split(':').length === 2) h = h.slice(0, h.indexOf(':'))
  return h.endsWith('.') ? h.slice(0, -1) : h
}
const imapUrl = z
  .string()
  .trim()
  .refine((v) => /^imaps?:\/\/[^/]+/.test(v), 'expected imap://user:password@host:port or imaps://…')

const coreSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  TRUST_PROXY: trustProxy.default(false),
  COOKIE_SECURE: flag.optional(),
  HSTS: flag.optional(),
  PUBLIC_URL: publicUrl.optional(),
  ALLOWED_HOSTS: hostList.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  REDIS_URL: redisUrl.optional(),
  PBX_LEASE_TTL_MS: int(1_000, 60_000).default(5_000),
  SESSION_TTL_HOURS: int(1, 24 * 30).default(12),
  SESSION_IDLE_MINUTES: int(5, 24 * 60 * 30).default(240),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 10_000).default(20),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: int(1, 100_000).default(100),
  LOGIN_WINDOW_MINUTES: int(1, 24 * 60).default(15),
  AMI_ACTION_TIMEOUT_MS: int(100, 600_000).default(10_000),
  AMI_RECONNECT_MAX_MS: int(100, 3_600_000).default(30_000),
  AMI_PING_INTERVAL_MS: int(1000, 3_600_000).default(20_000),
  SIMULATOR: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === 'auto' || TRUE_WORDS.has(v) || FALSE_WORDS.has(v), 'expected auto, on or off')
    .transform((v): 'auto' | boolean => (v === 'auto' ? 'auto' : TRUE_WORDS.has(v)))
    .default('auto'),
  SIMULATOR_SPEED: z.coerce.number().positive().max(1000).default(1),
  SIMULATOR_RATE: z.coerce.number().positive().max(6000).default(1.6),
  BROADCAST_INTERVAL_MS: int(10, 10_000).default(25),
  SHORT_ABANDON_SEC: int(0, 600).default(5),
  SERVICE_LEVEL_SEC: int(1, 3600).default(20),
  METRICS_PUBLIC: z.enum(['off', 'loopback']).default('off'),
  PANO_MODE: z.enum(['demo', 'production']).optional(),
  PANO_ADMIN_USERNAME: z.string().trim().min(1).max(64).optional(),
  PANO_ADMIN_PASSWORD: z.string().min(1).max(200).optional(),
  PANO_ADMIN_PASSWORD_FILE: z.string().trim().min(1).optional(),
  PUBLIC_FORM: flag.default(true),
  PUBLIC_FORM_POW_BITS: int(0, 28).default(16),
  PUBLIC_FORM_MAX_PER_HOUR: int(1, 100_000).default(20),
  PUBLIC_LOOKUP_MAX_FAILURES: int(1, 100_000).default(10),
  IMAP_URL: imapUrl.optional(),
  IMAP_FOLDER: z.string().trim().min(1).max(200).default('INBOX'),
  IMAP_PROCESSED_FOLDER: z.string().trim().min(1).max(200).optional(),
  IMAP_POLL_SECONDS: int(5, 86_400).default(60),
  IMAP_BATCH_SIZE: int(1, 1000).default(50),
})

/** Parses the environment once. Throws ConfigError listing every problem. */
export function loadConfig(environment: Environment = process.env): Config {
  const env = withoutEmpty(environment)
  const problems: string[] = []
  const core = coreSchema.safeParse(env)
  if (!core.success) problems.push(...describeIssues(core.error.issues))
  const pbxs = parsePbxs(env, problems)
  const firstAdmin = core.success ? parseFirstAdmin(core.data, problems) : null
  const decided = core.success
    ? decideMode(core.data.PANO_MODE, core.data.DATABASE_URL !== undefined, pbxs.length > 0)
    : null
  const messaging = parseMessagingConfig(env, decided?.mode === 'demo', problems)
  const recordings = core.success
    ? parseRecordingsConfig(
        env,
        {
          dataDir: core.data.DATA_DIR,
          simulator: core.data.SIMULATOR === 'auto' ? decided?.mode === 'demo' : core.data.SIMULATOR,
          demo: decided?.mode === 'demo',
        },
        problems,
      )
    : null
  if (!core.success || decided === null || messaging === null || recordings === null || problems.length > 0)
    throw new ConfigError(problems)

  const c = core.data
  const databaseUrl = c.DATABASE_URL ?? null
  const { mode, modeReason } = decided
  // A production Pano never invents calls unless asked to: SIMULATOR=on is the only way.
  const simulatorEnabled = c.SIMULATOR === 'auto' ? mode === 'demo' : c.SIMULATOR
  const http = httpSecurity(c, mode)
  return {
    http: { port: c.PORT, host: c.HOST, trustProxy: c.TRUST_PROXY, ...http },
    log: { level: c.LOG_LEVEL },
    database: { url: databaseUrl, dataDir: c.DATA_DIR },
    redis: { url: c.REDIS_URL ?? null },
    cluster: { leaseTtlMs: c.PBX_LEASE_TTL_MS },
    session: { ttlHours: c.SESSION_TTL_HOURS, idleMinutes: c.SESSION_IDLE_MINUTES },
    loginLimit: {
      maxFailures: c.LOGIN_MAX_FAILURES,
      maxFailuresPerAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxAttemptsPerAddress: c.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
      windowMinutes: c.LOGIN_WINDOW_MINUTES,
    },
    ami: {
      pbxs,
      actionTimeoutMs: c.AMI_ACTION_TIMEOUT_MS,
      reconnectMaxMs: c.AMI_RECONNECT_MAX_MS,
      pingIntervalMs: c.AMI_PING_INTERVAL_MS,
    },
    simulator: { enabled: simulatorEnabled, speed: c.SIMULATOR_SPEED, ratePerMinute: c.SIMULATOR_RATE },
    realtime: { broadcastIntervalMs: c.BROADCAST_INTERVAL_MS },
    metrics: {
      shortAbandonSec: c.SHORT_ABANDON_SEC,
      serviceLevelSec: c.SERVICE_LEVEL_SEC,
      timeZone: REPORT_TIME_ZONE,
      public: c.METRICS_PUBLIC,
    },
    mode,
    modeReason,
    demoMode: mode === 'demo',
    firstAdmin,
    messaging,
    recordings,
    intake: {
      publicForm: {
        enabled: c.PUBLIC_FORM,
        powBits: c.PUBLIC_FORM_POW_BITS,
        maxPerHour: c.PUBLIC_FORM_MAX_PER_HOUR,
        lookupMaxFailures: c.PUBLIC_LOOKUP_MAX_FAILURES,
      },
      imap: {
        url: c.IMAP_URL ?? null,
        folder: c.IMAP_FOLDER,
        processedFolder: c.IMAP_PROCESSED_FOLDER ?? null,
        pollSeconds: c.IMAP_POLL_SECONDS,
        batchSize: c.IMAP_BATCH_SIZE,
      },
    },
  }
}

/**
 * Secure cookies and HSTS are on by default in production mode; an explicit COOKIE_SECURE=0 / HSTS=0
 * turns them off (a plain-HTTP LAN install). A plain-http PUBLIC_URL with Secure cookies would lose
 * every sign-in, so it must be said explicitly.
 */
function httpSecurity(
  c: Pick<z.infer<typeof coreSchema>, 'COOKIE_SECURE' | 'HSTS' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>,
  mode: Config['mode'],
): Pick<Config['http'], 'cookieSecure' | 'hsts' | 'publicUrl' | 'allowedHosts'> {
  const cookieSecure = c.COOKIE_SECURE ?? mode === 'production'
  if (c.PUBLIC_URL?.protocol === 'http:' && cookieSecure)
    throw new ConfigError([
      c.COOKIE_SECURE === undefined
        ? 'PUBLIC_URL: http:// while session cookies are Secure by default in production mode; use https:// or set COOKIE_SECURE=0'
        : 'PUBLIC_URL: http:// with COOKIE_SECURE on; browsers would drop the session cookie',
    ])
  const allowedHosts = [
    ...(c.PUBLIC_URL ? [bareHostName(c.PUBLIC_URL.host)] : []),
    ...(c.ALLOWED_HOSTS ?? []).map(bareHostName),
  ]
  return {
    cookieSecure,
    hsts: c.HSTS ?? cookieSecure,
    publicUrl: c.PUBLIC_URL?.origin ?? null,
    allowedHosts: [...new Set(allowedHosts)],
  }
}
