/**
 * The user form's values and what it sends: the whole record on creation, only what changed on an
 * edit (an untouched unit or role must not end the person's sessions, server/services/users/
 * user-admin.ts). Pure.
 */
import type { Role } from '../../../../../server/contract/auth.ts'
import type { UserCreateRequest, UserUpdateRequest, UserView } from '../../../../../server/contract/users.ts'

export const USER_FIELDS = [
  'username',
  'fullName',
  'role',
  'unitId',
  'memberInterfaces',
  'extension',
  'email',
  'unitDigest',
  'password',
] as const
export type UserField = (typeof USER_FIELDS)[number]

export interface UserDraft {
  username: string
  fullName: string
  /** '' until chosen: a new account has no default role, so none is given by oversight. */
  role: Role | ''
  /** '' for none (a select's value). */
  unitId: string
  memberInterfaces: string[]
  extension: string
  /** '' for none. */
  email: string
  unitDigest: boolean
  password: string
}

/** Roles that answer queue calls: the form offers them the PBX's member interfaces. */
export const PBX_ROLES: readonly Role[] = ['agent', 'operator']

/**
 * Said at the interfaces and again after saving: a call-taking account on no queue is allowed (it may be
 * made before the PBX is ready) but no call reaches it, and its desk says only that to the person
 * (client/src/components/desk/DeskNotInQueue.svelte).
 */
export const NO_QUEUE_WARNING =
  'Bu kullanıcı hiçbir kuyruğa bağlı değil: çağrı almaz, ekranında “Bu ekranda size çağrı gelmez” yazar. Santral hazır olunca kuyruk arayüzünü Düzenle ile işaretleyin.'

/** A role that answers queue calls with no member interface chosen. */
export function takesNoCalls(d: Pick<UserDraft, 'role' | 'memberInterfaces'>): boolean {
  return d.role !== '' && PBX_ROLES.includes(d.role) && d.memberInterfaces.length === 0
}

export function draftOf(user: UserView | null): UserDraft {
  return {
    username: user?.username ?? '',
    fullName: user?.fullName ?? '',
    role: user?.role ?? '',
    unitId: user?.unit === null || user === null ? '' : String(user.unit.id),
    memberInterfaces: [...(user?.memberInterfaces ?? [])],
    extension: user?.extension ?? '',
    email: user?.email ?? '',
    unitDigest: user?.unitDigest ?? false,
    password: '',
  }
}

const unitOf = (d: UserDraft): number | null => (d.unitId === '' ? null : Number(d.unitId))
const extensionOf = (d: UserDraft): string | null => (d.extension.trim() === '' ? null : d.extension.trim())
const emailOf = (d: UserDraft): string | null => (d.email.trim() === '' ? null : d.email.trim())

/** A role not chosen goes as '': the server answers "Bir rol seçin." at the field. */
export function createRequest(d: UserDraft): Omit<UserCreateRequest, 'role'> & { role: Role | '' } {
  return {
    username: d.username.trim(),
    fullName: d.fullName.trim(),
    role: d.role,
    // Only unit staff belong to a unit here; the server asks for one when the role needs it.
    unitId: d.role === 'unit' ? unitOf(d) : null,
    memberInterfaces: [...d.memberInterfaces],
    extension: extensionOf(d),
    email: emailOf(d),
    unitDigest: d.role === 'unit' && d.unitDigest,
    password: d.password,
  }
}

/** What changed; an empty object when nothing did. */
export function updateRequest(before: UserView, d: UserDraft): UserUpdateRequest {
  const body: UserUpdateRequest = {}
  if (d.fullName.trim() !== before.fullName) body.fullName = d.fullName.trim()
  if (d.role !== '' && d.role !== before.role) body.role = d.role
  const unitBefore = before.unit?.id ?? null
  // Unit staff choose their unit; leaving the unit role leaves the unit too; other roles keep theirs.
  const unitAfter = d.role === 'unit' ? unitOf(d) : before.role === 'unit' ? null : unitBefore
  if (unitAfter !== unitBefore) body.unitId = unitAfter
  const sorted = (list: readonly string[]) => [...new Set(list)].sort()
  if (sorted(d.memberInterfaces).join('\n') !== sorted(before.memberInterfaces).join('\n'))
    body.memberInterfaces = sorted(d.memberInterfaces)
  if (extensionOf(d) !== before.extension) body.extension = extensionOf(d)
  if (emailOf(d) !== before.email) body.email = emailOf(d)
  const digest = d.role === 'unit' && d.unitDigest
  if (digest !== before.unitDigest) body.unitDigest = digest
  return body
}

/** The person's sessions end when their role or unit changes (server/services/users/user-admin.ts). */
export function endsSessions(body: UserUpdateRequest): boolean {
  return body.role !== undefined || body.unitId !== undefined || body.active !== undefined
}
