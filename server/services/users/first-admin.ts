/**
 * The first admin of a production Pano (docs/operations.md "İlk yönetici"): with no active admin in the
 * database, PANO_ADMIN_USERNAME and PANO_ADMIN_PASSWORD (or PANO_ADMIN_PASSWORD_FILE) create one at
 * start, as Grafana and Keycloak do. Once any admin exists the variables are ignored, so a changed
 * password in the environment never overwrites the one the admin chose.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { passwordProblems, usernameProblem } from '../../domain/password-policy.ts'
import { recordAudit } from '../audit/audit-log.ts'
import { USER_ENTITY } from './user-admin.ts'

export type FirstAdminOutcome =
  | { kind: 'exists' }
  | { kind: 'created'; username: string }
  | { kind: 'missing' }
  | { kind: 'refused'; problems: string[] }

export async function ensureFirstAdmin(
  prisma: PrismaClient,
  wanted: { username: string; password: string } | null,
  hashPassword: (password: string) => Promise<string>,
  now: Date = new Date(),
): Promise<FirstAdminOutcome> {
  const admins = await prisma.user.count({ where: { role: 'ADMIN', active: true } })
  if (admins > 0) return { kind: 'exists' }
  if (wanted === null) return { kind: 'missing' }
  const nameProblem = usernameProblem(wanted.username)
  const problems = [
    ...(nameProblem === null ? [] : [`PANO_ADMIN_USERNAME: ${nameProblem}`]),
    ...passwordProblems(wanted.password, wanted.username).map((p) => `PANO_ADMIN_PASSWORD: ${p}`),
  ]
  if ((await prisma.user.count({ where: { username: wanted.username } })) > 0)
    problems.push(
      `PANO_ADMIN_USERNAME: "${wanted.username}" adlı bir kullanıcı zaten var (yönetici değil ya da kapalı).`,
    )
  if (problems.length > 0) return { kind: 'refused', problems }
  const passwordHash = await hashPassword(wanted.password)
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        username: wanted.username,
        displayName: 'Sistem Yöneticisi',
        role: 'ADMIN',
        passwordHash,
        passwordChangedAt: now,
      },
    })
    await recordAudit(tx, { userId: user.id, role: 'admin', unitId: null, ip: null }, now, [
      {
        action: 'user.create',
        entity: USER_ENTITY,
        entityId: user.id,
        detail: { after: { username: wanted.username, role: 'admin' }, source: 'PANO_ADMIN_USERNAME' },
      },
    ])
  })
  return { kind: 'created', username: wanted.username }
}
