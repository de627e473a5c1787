/**
 * `/api/v1/users` (admin only): Pano's users with their role, unit and PBX identity. Creating a user or
 * setting a password gives a first password the user must replace at the next sign-in.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { ROLES } from '../../contract/auth.ts'
import { requireRole } from '../../auth/require-role.ts'
import { MAX_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../domain/password-policy.ts'
import { UnauthorizedError, ValidationError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import {
  checkPassword,
  checkUsernameFree,
  createUser,
  getUser,
  listUsers,
  updateUser,
  type UserAdminDeps,
} from '../../services/users/user-admin.ts'
import '../request-context.ts'

/** `Local/1001@agents/n`, `PJSIP/1001`, `SIP/operator-3`: technology, a slash, a resource. */
const MEMBER_INTERFACE = /^[A-Za-z][A-Za-z0-9]{0,15}\/[A-Za-z0-9@._+#*:/-]{1,110}$/
const EXTENSION = /^[0-9*#]{1,20}$/

const memberInterfaces = z
  .array(
    textField()
      .trim()
      .regex(
        MEMBER_INTERFACE,
        'Kuyruk arayüzü santralin verdiği biçimde olmalı (ör. PJSIP/1001, Local/1001@agents/n).',
      ),
  )
  .max(8, 'En çok 8 kuyruk arayüzü bağlanabilir.')

const fullName = textField()
  .trim()
  .min(2, 'Ad soyad yazın.')
  .max(100, 'Ad soyad en çok 100 karakter olabilir.')
  .regex(/^[^\p{Cc}]*$/u, 'Ad soyad denetim karakteri içeremez.')

const extension = textField()
  .trim()
  .regex(EXTENSION, 'Dahili numara yalnızca rakam içermeli (ör. 1001).')
  .nullable()

const email = textField()
  .trim()
  .max(254, 'E-posta adresi en çok 254 karakter olabilir.')
  .pipe(z.email('Geçerli bir e-posta adresi yazın (ör. ad@karsiyaka.bel.tr).'))
  .nullable()

const password = textField().min(1, 'Bir parola yazın.').max(MAX_PASSWORD_LENGTH)

const createBody = z
  .object({
    username: textField()
      .trim()
      .regex(
        USERNAME_PATTERN,
        'Kullanıcı adı 2–64 karakter olmalı; yalnızca küçük harf (a–z), rakam, nokta, tire ve alt çizgi.',
      ),
    fullName,
    role: z.enum(ROLES, 'Bir rol seçin.'),
    unitId: idField().nullable().optional(),
    memberInterfaces: memberInterfaces.optional(),
    extension: extension.optional(),
    email: email.optional(),
    unitDigest: z.boolean().optional(),
    password,
  })
  .strict()

const updateBody = z
  .object({
    fullName: fullName.optional(),
    role: z.enum(ROLES, 'Bir rol seçin.').optional(),
    unitId: idField().nullable().optional(),
    memberInterfaces: memberInterfaces.optional(),
    extension: extension.optional(),
    email: email.optional(),
    unitDigest: z.boolean().optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .strict()

const idParam = z.object({ id: idField() })

/**
 * The new user's fields, every problem at once: when the form has other mistakes, the password's own
 * rules and a username already taken are said with them, so the admin is not sent back a second time.
 */
async function parseCreate(body: unknown, deps: UserAdminDeps): Promise<z.infer<typeof createBody>> {
  const parsed = createBody.safeParse(body)
  if (parsed.success) return parsed.data
  const error = ValidationError.fromZod(parsed.error)
  const { password, username } = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >
  const name = typeof username === 'string' ? username.trim() : ''
  if (typeof password === 'string' && !error.issues.some((i) => i.path === 'password'))
    checkPassword(password, name, error.issues)
  if (!error.issues.some((i) => i.path === 'username'))
    await checkUsernameFree(deps.prisma, name, error.issues)
  throw error
}

function strip<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }
}

export function userRoutes(deps: UserAdminDeps): Router {
  const router = Router()

  router.get('/users', requireRole('admin'), async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await listUsers(deps) })
  })

  router.get('/users/:id', requireRole('admin'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getUser(deps, id))
  })

  router.post('/users', requireRole('admin'), async (req, res) => {
    const body = await parseCreate(req.body ?? {}, deps)
    if (!req.principal) throw new UnauthorizedError()
    const created = await createUser(deps, actorFromUser(req.principal, req.ip), strip(body))
    res.status(201).json(created)
  })

  router.patch('/users/:id', requireRole('admin'), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = updateBody.parse(req.body ?? {})
    if (!req.principal) throw new UnauthorizedError()
    res.json(await updateUser(deps, actorFromUser(req.principal, req.ip), id, strip(body)))
  })

  return router
}
