/**
 * What Pano says about itself when it starts and on every screen's header: the mode and its warnings,
 * the first admin's outcome, the version, and the start-up message (server/startup-message.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Config } from '../config.ts'
import type { SystemInfo } from '../contract/auth.ts'
import type { TelephonyService } from '../services/telephony/telephony-service.ts'
import type { FirstAdminOutcome } from '../services/users/first-admin.ts'
import { formatStartupMessage } from '../startup-message.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** What the header of every screen and /health say about how this Pano runs. */
export function systemInfo(
  config: Config,
  databaseKind: 'postgres' | 'pglite',
  telephony: TelephonyService | null,
): SystemInfo {
  const simulator = telephony !== null && [...telephony.pbxs.values()].some((p) => p.simulated)
  const warnings: string[] = []
  if (config.mode === 'production' && databaseKind === 'pglite')
    warnings.push(
      'Üretim kipinde gömülü veritabanı (PGlite) kullanılıyor: bu kurulum üretim için uygun değil. DATABASE_URL ile PostgreSQL ayarlayın.',
    )
  if (config.mode === 'production' && simulator)
    warnings.push('Santral simülatörü açık (SIMULATOR=on): ekranlardaki çağrılar gerçek değil.')
  return { mode: config.mode, simulator, warnings }
}

function firstAdminMessage(outcome: FirstAdminOutcome): string | null {
  switch (outcome.kind) {
    case 'exists':
      return null
    case 'created':
      return `İlk yönetici "${outcome.username}" oluşturuldu (PANO_ADMIN_USERNAME). Bu kullanıcıyla oturum açın.`
    case 'refused':
      return `İlk yönetici oluşturulmadı:\n${outcome.problems.map((p) => `    - ${p}`).join('\n')}`
    case 'missing':
      return [
        'Henüz etkin bir yönetici yok. İlk yöneticiyi oluşturmak için birini yapın:',
        '    - PANO_ADMIN_USERNAME ve PANO_ADMIN_PASSWORD (ya da PANO_ADMIN_PASSWORD_FILE) ayarlayıp yeniden başlatın,',
        '    - ya da: npm run user:create -- --username <ad> --role admin   (parola standart girdiden okunur)',
      ].join('\n')
  }
}

/** A PostgreSQL URL without its password, for the start-up message. */
function describeDatabaseUrl(url: string | null): string {
  if (url === null) return ''
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`
  } catch {
    return 'DATABASE_URL'
  }
}

function describePbx(config: Config, pbxId: string): string {
  const p = config.ami.pbxs.find((x) => x.id === pbxId)
  return p === undefined ? pbxId : `${p.host}:${p.port} (${p.username})`
}

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

/** The start-up message: where Pano listens, on what database and PBXs, and what an admin must do. */
export function startupMessage(input: {
  config: Config
  url: string
  databaseKind: 'postgres' | 'pglite'
  telephony: TelephonyService | null
  redis: boolean
  warnings: string[]
  firstAdmin: FirstAdminOutcome
}): string {
  const { config } = input
  return formatStartupMessage({
    version: readVersion(),
    url: input.url,
    mode: config.mode,
    modeReason: config.modeReason,
    database: {
      kind: input.databaseKind,
      where:
        input.databaseKind === 'pglite'
          ? path.resolve(config.database.dataDir, 'pglite')
          : describeDatabaseUrl(config.database.url),
    },
    pbxs: (input.telephony ? [...input.telephony.pbxs.values()] : []).map((p) => ({
      id: p.bridge.pbxId,
      simulated: p.simulated,
      target: describePbx(config, p.bridge.pbxId),
    })),
    redis: input.redis,
    warnings: input.warnings,
    firstAdmin: firstAdminMessage(input.firstAdmin),
  })
}
