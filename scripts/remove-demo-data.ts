/**
 * `npm run db:remove-demo [-- --apply]`: lists (and with --apply removes) the demo seed's rows in the
 * configured database (server/services/setup/demo-cleanup.ts says which rows and why only those).
 * Without --apply nothing changes. The removal is written to the audit log.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config.ts'
import { hashPassword, openDatabase, verifyPassword } from '../server/db/index.ts'
import { removeDemoData, type DemoCleanupReport } from '../server/services/setup/demo-cleanup.ts'

function describe(r: DemoCleanupReport): string {
  return [
    `  silinecek kullanıcı (parolası hâlâ "demo"): ${r.usersDeleted.join(', ') || 'yok'}`,
    `  kapatılacak kullanıcı (geçmişte adı geçtiği için silinmez): ${r.usersLocked.join(', ') || 'yok'}`,
    `  demo vatandaş: ${r.citizens}, demo talep: ${r.tickets}`,
    `  demo kuyruk: ${r.queues}, demo dahili: ${r.extensions}`,
    `  demo işareti: ${r.marker ? 'var' : 'yok'}`,
  ].join('\n')
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { apply: { type: 'boolean', default: false } }, strict: true })
  const config = loadConfig()
  const quiet = { debug: () => undefined, info: () => undefined }
  const db = await openDatabase({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    logger: quiet,
    migrate: true,
  })
  try {
    const report = await removeDemoData(
      { prisma: db.prisma, verifyPassword, hashPassword },
      { dryRun: !values.apply },
    )
    const where = db.kind === 'pglite' ? `gömülü veritabanı (${config.database.dataDir})` : 'PostgreSQL'
    if (values.apply) process.stdout.write(`Demo verisi kaldırıldı, ${where}:\n${describe(report)}\n`)
    else
      process.stdout.write(
        `Demo verisi, ${where} (hiçbir şey değiştirilmedi; kaldırmak için: npm run db:remove-demo -- --apply):\n${describe(report)}\n`,
      )
    return 0
  } finally {
    await db.close()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `Demo verisi kaldırılamadı: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
