/**
 * Yönetim › Birimler ve rehber over HTTP: a new extension is on the PBX Pano follows when the admin does
 * not say (the simulator's `demo` in demo mode, never a `main` that no PBX answers to); with several
 * PBXs the admin must say which, and one Pano does not follow is refused at the field.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PbxStatus } from '../../../server/contract/health.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

let followed: PbxStatus[] = []
let h: AuthHarness
let admin: { cookie: string; csrfToken: string }

beforeAll(async () => {
  h = await createAuthHarness('postgres', { deps: { getPbxStatus: () => followed } })
  admin = await h.signIn('admin')
})
afterAll(async () => {
  await h?.close()
})

const addExtension = (body: object) =>
  request(h.app)
    .post('/api/v1/directory/extensions')
    .set('cookie', admin.cookie)
    .set('x-csrf-token', admin.csrfToken)
    .send(body)

const pbx = (id: string): PbxStatus => ({
  id,
  state: 'connected',
  reason: null,
  lastEventAgeMs: 0,
  reconnects: 0,
})

describe('the PBX of a new extension', () => {
  it('is the one PBX Pano follows when the admin names none', async () => {
    followed = [pbx('demo')]
    const res = await addExtension({ number: '2971', label: 'Danışma' }).expect(201)
    expect((res.body as { pbxId: string }).pbxId).toBe('demo')
    const view = await request(h.app).get('/api/v1/directory/admin').set('cookie', admin.cookie).expect(200)
    expect((view.body as { pbxIds: string[] }).pbxIds).toEqual(['demo'])
  })

  it('must be named when Pano follows several, and must be one of them', async () => {
    followed = [pbx('merkez'), pbx('hizmet-binasi')]
    const unnamed = await addExtension({ number: '2972', label: 'Santral 2' }).expect(400)
    expect(
      (unnamed.body as { error: { details: { issues: { path: string }[] } } }).error.details.issues,
    ).toEqual([
      expect.objectContaining({ path: 'pbxId', message: 'Dahilinin hangi santralde olduğunu seçin.' }),
    ])
    const unknown = await addExtension({ pbxId: 'main', number: '2972', label: 'Santral 2' }).expect(400)
    expect(JSON.stringify(unknown.body)).toContain('“main” adında bir santral izlenmiyor')
    const named = await addExtension({ pbxId: 'hizmet-binasi', number: '2972', label: 'Santral 2' }).expect(
      201,
    )
    expect((named.body as { pbxId: string }).pbxId).toBe('hizmet-binasi')
  })

  it('is the single AMI_HOST’s `main` while Pano follows no PBX yet', async () => {
    followed = []
    const res = await addExtension({ number: '2973', label: 'Yeni hat' }).expect(201)
    expect((res.body as { pbxId: string }).pbxId).toBe('main')
  })
})
