/**
 * The messaging slice of the configuration (docs/configuration.md "Messages to citizens"), parsed by
 * `loadConfig` in server/config.ts from the same environment record: each channel is off until its
 * variables are set, and a half-configured channel stops the start with the missing variable named.
 */
import { z } from 'zod'

export interface MessagingConfig {
  email: { smtpUrl: string; from: string } | null
  netgsm: {
    usercode: string
    password: string
    header: string
    apiUrl: string
    reportIntervalSec: number
  } | null
  whatsapp: {
    token: string
    phoneNumberId: string
    appSecret: string
    verifyToken: string | null
    apiUrl: string
    language: string
    /** An approved template without variables for replies outside the 24-hour window (docs/intake.md §9). */
    replyTemplate: string | null
  } | null
  /** Attempts after the first one, and the first retry's delay (doubled each time). */
  retryLimit: number
  retryDelaySec: number
  /** Built-in sinks for the channels left unconfigured (demo mode unless MESSAGING_DEMO_SINKS says). */
  demoSinks: boolean
  /** Unit reminders, the müdür's escalations and the digest (docs/messaging.md §8). */
  unitAlerts: UnitAlertsConfig
}

export interface UnitAlertsConfig {
  /** Working days before a legal due date when the unit is reminded, largest first (e.g. [3, 1]). */
  reminderWorkingDays: number[]
  /** Istanbul time of day (HH:MM) from which the daily digest goes out. */
  digestAt: string
  /** How often every node checks (seconds); 0 turns reminders, escalations and digests off. */
  checkEverySec: number
}

const url = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => schemes.some((s) => v.startsWith(`${s}://`)), `expected a ${schemes.join(' or ')} URL`)

const schema = z.object({
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  NETGSM_USERCODE: z.string().trim().min(1).optional(),
  NETGSM_PASSWORD: z.string().min(1).optional(),
  NETGSM_HEADER: z.string().trim().min(1).max(11).optional(),
  NETGSM_API_URL: url(['https', 'http']).default('https://api.netgsm.com.tr'),
  NETGSM_REPORT_INTERVAL_SEC: z.coerce.number().int().min(5).max(86_400).default(300),
  WHATSAPP_TOKEN: z.string().trim().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, 'digits only')
    .optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_API_URL: url(['https', 'http']).default('https://graph.facebook.com/v21.0'),
  WHATSAPP_TEMPLATE_LANGUAGE: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'a language code such as tr or en_US')
    .default('tr'),
  WHATSAPP_REPLY_TEMPLATE: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'an approved template name: lower-case letters, digits and _')
    .optional(),
  MESSAGE_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(8),
  MESSAGE_RETRY_DELAY_SEC: z.coerce.number().int().min(1).max(86_400).default(30),
  MESSAGING_DEMO_SINKS: z.enum(['auto', 'on', 'off']).default('auto'),
  UNIT_REMINDER_WORKING_DAYS: z
    .string()
    .trim()
    .regex(/^(\d{1,2}(\s*,\s*\d{1,2})*)?$/, 'working days as a list such as 3,1 (empty: no reminders)')
    .default('3,1'),
  UNIT_DIGEST_TIME: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as 08:00')
    .default('08:00'),
  UNIT_ALERTS_CHECK_SEC: z.coerce.number().int().min(0).max(86_400).default(600),
})

function requireAll(
  env: Record<string, string>,
  keys: readonly string[],
  problems: string[],
): 'none' | 'all' | 'partial' {
  const set = keys.filter((k) => k in env)
  if (set.length === 0) return 'none'
  if (set.length === keys.length) return 'all'
  for (const k of keys) if (!(k in env)) problems.push(`${k}: required with ${set.join(', ')}`)
  return 'partial'
}

/** Parses the messaging variables; problems are appended to the caller's list (ConfigError). */
export function parseMessagingConfig(
  env: Record<string, string>,
  demoMode: boolean,
  problems: string[],
): MessagingConfig | null {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push(`${i.path.map(String).join('.')}: ${i.message}`)
    return null
  }
  const c = parsed.data
  const email = requireAll(env, ['SMTP_URL', 'MAIL_FROM'], problems)
  const netgsm = requireAll(env, ['NETGSM_USERCODE', 'NETGSM_PASSWORD', 'NETGSM_HEADER'], problems)
  const whatsapp = requireAll(
    env,
    ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET'],
    problems,
  )
  return {
    email: email === 'all' && c.SMTP_URL && c.MAIL_FROM ? { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM } : null,
    netgsm:
      netgsm === 'all' && c.NETGSM_USERCODE && c.NETGSM_PASSWORD && c.NETGSM_HEADER
        ? {
            usercode: c.NETGSM_USERCODE,
            password: c.NETGSM_PASSWORD,
            header: c.NETGSM_HEADER,
            apiUrl: c.NETGSM_API_URL.replace(/\/+$/, ''),
            reportIntervalSec: c.NETGSM_REPORT_INTERVAL_SEC,
          }
        : null,
    whatsapp:
      whatsapp === 'all' && c.WHATSAPP_TOKEN && c.WHATSAPP_PHONE_NUMBER_ID && c.WHATSAPP_APP_SECRET
        ? {
            token: c.WHATSAPP_TOKEN,
            phoneNumberId: c.WHATSAPP_PHONE_NUMBER_ID,
            appSecret: c.WHATSAPP_APP_SECRET,
            verifyToken: c.WHATSAPP_VERIFY_TOKEN ?? null,
            apiUrl: c.WHATSAPP_API_URL.replace(/\/+$/, ''),
            language: c.WHATSAPP_TEMPLATE_LANGUAGE,
            replyTemplate: c.WHATSAPP_REPLY_TEMPLATE ?? null,
          }
        : null,
    retryLimit: c.MESSAGE_RETRY_LIMIT,
    retryDelaySec: c.MESSAGE_RETRY_DELAY_SEC,
    demoSinks: c.MESSAGING_DEMO_SINKS === 'auto' ? demoMode : c.MESSAGING_DEMO_SINKS === 'on',
    unitAlerts: {
      reminderWorkingDays: [
        ...new Set(
          c.UNIT_REMINDER_WORKING_DAYS.split(',')
            .map((d) => Number(d.trim()))
            .filter((d) => Number.isInteger(d) && d > 0),
        ),
      ].sort((a, b) => b - a),
      digestAt: c.UNIT_DIGEST_TIME,
      checkEverySec: c.UNIT_ALERTS_CHECK_SEC,
    },
  }
}
