/**
 * Yönetim › Kullanıcılar (docs/operations.md): list, create, edit, deactivate and reset the password of
 * Pano's users, with their role, unit and PBX identity. Every change is written to the audit log with
 * what it was before and after (never a password or its hash). A change that alters what a person may
 * see or do (deactivation, role, unit, password reset) ends that person's sessions and open sockets on
 * every node at once.
 */
import type { Role } from '../../contract/auth.ts'
import type { UserCreateRequest, UserUpdateRequest, UserView } from '../../contract/users.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { Role as DbRole } from '../../db/generated/enums.ts'
import { passwordProblems } from '../../domain/password-policy.ts'
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import { recordAudit, type SystemActor } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { interfacesOf, MEMBER_INTERFACES_SELECT } from './member-interfaces.ts'

export const USER_ENTITY = 'User'

export interface UserAdminDeps {
  prisma: PrismaClient
  logger: Logger
  hashPassword(password: string): Promise<string>
  /** Ends every session of the user and closes their sockets on every node. */
  endSessions(userId: number): Promise<void>
  /** Member interfaces, roles or activity changed: screen pops, agent names and the console re-read. */
  onUsersChanged(): void
  now?: () => Date
}

const USER_SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  active: true,
  extension: true,
  email: true,
  unitDigest: true,
  mustChangePassword: true,
  createdAt: true,
  passwordChangedAt: true,
  unit: { select: { id: true, name: true } },
  ...MEMBER_INTERFACES_SELECT,
} as const

type UserRow = Prisma.UserGetPayload<{ select: typeof USER_SELECT }>

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    fullName: row.displayName,
    role: row.role.toLowerCase() as Role,
    unit: row.unit,
    memberInterfaces: interfacesOf(row),
    extension: row.extension,
    email: row.email,
    unitDigest: row.unitDigest,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
    passwordChangedAt: row.passwordChangedAt?.toISOString() ?? null,
  }
}

/** What the audit log keeps of a user: everything an admin can change, never the password. */
function auditShape(v: UserView) {
  return {
    username: v.username,
    fullName: v.fullName,
    role: v.role,
    unitId: v.unit?.id ?? null,
    memberInterfaces: v.memberInterfaces,
    extension: v.extension,
    email: v.email,
    unitDigest: v.unitDigest,
    active: v.active,
  }
}

function dbRole(role: Role): DbRole {
  return role.toUpperCase() as DbRole
}

export async function listUsers(deps: Pick<UserAdminDeps, 'prisma'>): Promise<UserView[]> {
  const rows = await deps.prisma.user.findMany({
    orderBy: [{ active: 'desc' }, { username: 'asc' }],
    select: USER_SELECT,
  })
  return rows.map(toView)
}

async function findUser(prisma: PrismaClient, id: number): Promise<UserView> {
  const row = await prisma.user.findUnique({ where: { id }, select: USER_SELECT })
  if (row === null) throw new NotFoundError('Kullanıcı bulunamadı.', 'user_not_found')
  return toView(row)
}

/** The unit a role needs: unit staff must belong to one; an unknown or closed unit is refused. */
async function checkUnit(
  prisma: PrismaClient,
  role: Role,
  unitId: number | null,
  issues: FieldIssue[],
): Promise<void> {
  if (unitId === null) {
    if (role === 'unit')
      issues.push({ path: 'unitId', message: 'Birim personeli için bir birim seçin.', code: 'required' })
    return
  }
  const unit = await prisma.unit.findUnique({ where: { id: unitId }, select: { active: true } })
  if (unit?.active !== true)
    issues.push({ path: 'unitId', message: 'Seçilen birim bulunamadı.', code: 'unknown_unit' })
}

/** An interface already answering for someone else cannot be given to a second person. */
async function checkInterfaces(
  prisma: PrismaClient,
  userId: number | null,
  interfaces: readonly string[],
  issues: FieldIssue[],
): Promise<void> {
  if (interfaces.length === 0) return
  const taken = await prisma.memberInterface.findMany({
    where: { interface: { in: [...interfaces] }, ...(userId === null ? {} : { userId: { not: userId } }) },
    select: { interface: true, user: { select: { username: true } } },
  })
  for (const t of taken) {
    issues.push({
      path: 'memberInterfaces',
      message: `${t.interface} zaten ${t.user.username} kullanıcısına bağlı.`,
      code: 'interface_taken',
    })
  }
}

/** A username someone already has, as a field issue. */
export async function checkUsernameFree(
  prisma: UserAdminDeps['prisma'],
  username: string,
  issues: FieldIssue[],
): Promise<void> {
  if ((await prisma.user.count({ where: { username } })) > 0)
    issues.push({ path: 'username', message: 'Bu kullanıcı adı kullanılıyor.', code: 'username_taken' })
}

/** The password policy's problems as field issues (also said by the route beside a form's other mistakes). */
export function checkPassword(password: string, username: string, issues: FieldIssue[]): void {
  for (const message of passwordProblems(password, username))
    issues.push({ path: 'password', message, code: 'weak_password' })
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002'
}

export async function createUser(
  deps: UserAdminDeps,
  actor: Actor | SystemActor,
  body: UserCreateRequest,
  options: { mustChangePassword?: boolean; auditDetail?: Record<string, string> } = {},
): Promise<{ id: number }> {
  const { prisma } = deps
  const issues: FieldIssue[] = []
  const interfaces = [...new Set(body.memberInterfaces ?? [])]
  await checkUsernameFree(prisma, body.username, issues)
  await checkUnit(prisma, body.role, body.unitId ?? null, issues)
  await checkInterfaces(prisma, null, interfaces, issues)
  checkPassword(body.password, body.username, issues)
  if (issues.length > 0) throw new ValidationError(issues)

  const passwordHash = await deps.hashPassword(body.password)
  const at = deps.now?.() ?? new Date()
  let created: UserRow
  try {
    created = await prisma.$transaction(async (tx) => {
      const row = await tx.user.create({
        data: {
          username: body.username,
          displayName: body.fullName,
          role: dbRole(body.role),
          unitId: body.unitId ?? null,
          extension: body.extension ?? null,
          email: body.email ?? null,
          unitDigest: body.unitDigest ?? false,
          passwordHash,
          mustChangePassword: options.mustChangePassword ?? true,
          passwordChangedAt: options.mustChangePassword === false ? at : null,
          memberInterfaces: { create: interfaces.map((i) => ({ interface: i })) },
        },
        select: USER_SELECT,
      })
      await recordAudit(tx, actor, at, [
        {
          action: 'user.create',
          entity: USER_ENTITY,
          entityId: row.id,
          detail: { after: auditShape(toView(row)), ...options.auditDetail },
        },
      ])
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(
        'Kullanıcı adı veya kuyruk arayüzü az önce başka bir kullanıcıya verildi.',
        'conflict',
      )
    throw error
  }
  deps.logger.info(
    { userId: created.id, by: 'system' in actor ? actor.system : actor.userId, role: body.role },
    'user created',
  )
  deps.onUsersChanged()
  return { id: created.id }
}

/** Admins may not lock the directorate out: the last active admin stays an active admin. */
async function checkAdminsRemain(
  prisma: PrismaClient,
  before: UserView,
  role: Role,
  active: boolean,
  actor: Actor,
): Promise<void> {
  const losesAdmin = before.role === 'admin' && before.active && (role !== 'admin' || !active)
  if (!losesAdmin) return
  if (before.id === actor.userId)
    throw new ConflictError(
      'Kendi yönetici yetkinizi kaldıramaz, hesabınızı kapatamazsınız; bunu başka bir yönetici yapmalı.',
      'self_lockout',
    )
  const others = await prisma.user.count({
    where: { role: 'ADMIN', active: true, id: { not: before.id } },
  })
  if (others === 0)
    throw new ConflictError('Son etkin yönetici kaldırılamaz: önce başka bir yönetici ekleyin.', 'last_admin')
}

export async function updateUser(
  deps: UserAdminDeps,
  actor: Actor,
  id: number,
  body: UserUpdateRequest,
): Promise<UserView> {
  const { prisma } = deps
  const before = await findUser(prisma, id)
  const role = body.role ?? before.role
  const unitId = body.unitId === undefined ? (before.unit?.id ?? null) : body.unitId
  const active = body.active ?? before.active
  const interfaces = body.memberInterfaces === undefined ? undefined : [...new Set(body.memberInterfaces)]
  const issues: FieldIssue[] = []
  if (body.unitId !== undefined || body.role !== undefined) await checkUnit(prisma, role, unitId, issues)
  if (interfaces !== undefined) await checkInterfaces(prisma, id, interfaces, issues)
  if (body.password !== undefined) checkPassword(body.password, before.username, issues)
  if (issues.length > 0) throw new ValidationError(issues)
  await checkAdminsRemain(prisma, before, role, active, actor)

  const passwordHash = body.password === undefined ? undefined : await deps.hashPassword(body.password)
  const at = deps.now?.() ?? new Date()
  let after: UserView
  try {
    after = await prisma.$transaction(async (tx) => {
      if (interfaces !== undefined) {
        await tx.memberInterface.deleteMany({ where: { userId: id, interface: { notIn: interfaces } } })
        await tx.memberInterface.createMany({
          data: interfaces.map((i) => ({ interface: i, userId: id })),
          skipDuplicates: true,
        })
      }
      const row = await tx.user.update({
        where: { id },
        data: {
          ...(body.fullName === undefined ? {} : { displayName: body.fullName }),
          ...(body.role === undefined ? {} : { role: dbRole(body.role) }),
          ...(body.unitId === undefined ? {} : { unitId: body.unitId }),
          ...(body.extension === undefined ? {} : { extension: body.extension }),
          ...(body.email === undefined ? {} : { email: body.email }),
          ...(body.unitDigest === undefined ? {} : { unitDigest: body.unitDigest }),
          ...(body.active === undefined ? {} : { active: body.active }),
          ...(passwordHash === undefined ? {} : { passwordHash, mustChangePassword: true }),
        },
        select: USER_SELECT,
      })
      const view = toView(row)
      // Tokens act under their owner's account (auth/api-tokens.ts): one who is no longer an active
      // admin takes them along, so a later promotion does not bring them back.
      const tokensRevoked =
        before.role === 'admin' && (view.role !== 'admin' || !view.active)
          ? (
              await tx.apiToken.updateMany({
                where: { userId: id, revokedAt: null },
                data: { revokedAt: at },
              })
            ).count
          : 0
      await recordAudit(tx, actor, at, [
        {
          action: 'user.update',
          entity: USER_ENTITY,
          entityId: id,
          detail: {
            before: auditShape(before),
            after: auditShape(view),
            ...(passwordHash === undefined ? {} : { passwordReset: true }),
            ...(tokensRevoked === 0 ? {} : { apiTokensRevoked: tokensRevoked }),
          },
        },
      ])
      return view
    })
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError('Kuyruk arayüzü az önce başka bir kullanıcıya verildi.', 'conflict')
    throw error
  }

  const accessChanged =
    before.active !== after.active ||
    before.role !== after.role ||
    (before.unit?.id ?? null) !== (after.unit?.id ?? null) ||
    passwordHash !== undefined
  if (accessChanged) await deps.endSessions(id)
  deps.logger.info(
    { userId: id, by: actor.userId, accessChanged, passwordReset: passwordHash !== undefined },
    'user updated',
  )
  deps.onUsersChanged()
  return after
}

export async function getUser(deps: Pick<UserAdminDeps, 'prisma'>, id: number): Promise<UserView> {
  return findUser(deps.prisma, id)
}
