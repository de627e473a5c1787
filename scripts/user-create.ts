/**
 * `npm run user:create -- --username ayse.yilmaz --role admin [--name "Ayşe Yılmaz"] [--unit fen-isleri]
 *  [--interface PJSIP/1001]… [--extension 1001] [--must-change]`
 *
 * Creates a user in the configured database (DATABASE_URL, else the embedded one in DATA_DIR) for
 * scripted installs. The password is read from standard input (typed without echo on a terminal, or
 * piped: `printf '%s' "$PASS" | npm run user:create -- …`), never from the command line, where other
 * users of the server could read it in the process list. The creation is written to the audit log.
 */
import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../server/contract/auth.ts'
import { loadConfig } from '../server/config.ts'
import { hashPassword, openDatabase } from '../server/db/index.ts'
import { usernameProblem } from '../server/domain/password-policy.ts'
import { ValidationError } from '../server/errors.ts'
import { createUser } from '../server/services/users/user-admin.ts'
import { readSecret } from './read-secret.ts'

const USAGE = `Kullanım: npm run user:create -- --username <ad> --role <${ROLES.join('|')}> [seçenekler]
  --name "<Ad Soyad>"     görünen ad (varsayılan: kullanıcı adı)
  --unit <birim-kodu>     birim personeli için birim (ör. fen-isleri)
  --interface <arayüz>    kuyruk arayüzü, birden çok kez (ör. PJSIP/1001, Local/1001@agents/n)
  --extension <dahili>    kendi dahilisi (ör. 1001)
  --must-change           ilk oturumda parolasını değiştirsin
Parola standart girdiden okunur; komut satırında verilmez.`

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      interface: { type: 'string', multiple: true },
      extension: { type: 'string' },
      'must-change': { type: 'boolean', default: false },
      password: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (values.password !== undefined) {
    process.stderr.write(
      'Parola komut satırında verilemez (süreç listesinde görünür); standart girdiden verin.\n',
    )
    return 2
  }
  const username = values.username ?? ''
  const role = ROLES.find((r) => r === values.role)
  const problems = [
    usernameProblem(username),
    role === undefined ? `--role şunlardan biri olmalı: ${ROLES.join(', ')}` : null,
  ].filter((p): p is string => p !== null)
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`)
    return 2
  }

  const password = await readSecret('Parola: ')
  const config = loadConfig()
  const quiet = { debug: () => undefined, info: () => undefined }
  const db = await openDatabase({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    logger: quiet,
    migrate: true,
  })
  try {
    let unitId: number | null = null
    if (values.unit !== undefined) {
      const unit = await db.prisma.unit.findUnique({ where: { code: values.unit }, select: { id: true } })
      if (unit === null) {
        process.stderr.write(`Birim bulunamadı: ${values.unit}\n`)
        return 2
      }
      unitId = unit.id
    }
    const logger = (await import('../server/logger.ts')).createLogger({ level: 'warn' })
    const { id } = await createUser(
      {
        prisma: db.prisma,
        logger,
        hashPassword,
        endSessions: () => Promise.resolve(),
        onUsersChanged: () => undefined,
      },
      { system: 'cli' },
      {
        username,
        fullName: values.name ?? username,
        role: role as Role,
        unitId,
        memberInterfaces: values.interface ?? [],
        extension: values.extension ?? null,
        password,
      },
      { mustChangePassword: values['must-change'], auditDetail: { source: 'npm run user:create' } },
    )
    process.stdout.write(`Kullanıcı oluşturuldu: ${username} (${role}, no ${id}).\n`)
    return 0
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}\n`)
      return 1
    }
    throw error
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
      `Kullanıcı oluşturulamadı: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
