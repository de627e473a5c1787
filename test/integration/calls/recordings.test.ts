/**
 * Call recordings end to end on PostgreSQL (docs/recordings.md): the simulator records an answered call
 * as MixMonitor does (MIXMONITOR_FILENAME over real AMI TCP, a WAV in the folder), the bridge and the
 * call recorder store the file's name on the Call row, and GET /api/v1/calls/:id/recording plays it:
 * range requests, inline only, supervisors and the data officer only, each listen in the access log,
 * Turkish answers for a missing, refused or deleted file, no way out of the folder, and the retention
 * run deletes the file of a call past the recordings period and records the deletion.
 */
import { mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import type { CitizenExport, EraseResult, RetentionRunView } from '../../../server/contract/kvkk.ts'
import { loadConfig } from '../../../server/config.ts'
import { seedDatabase } from '../../../server/db/index.ts'
import { createRecordingStore } from '../../../server/services/recordings/recording-store.ts'
import {
  createTelephonyService,
  type TelephonyService,
} from '../../../server/services/telephony/telephony-service.ts'
import { createPbxSimulator, DEMO_PBX_ID, type PbxSimulator } from '../../../telephony/index.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { captureLogger } from '../../unit/server/log-capture.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { advanceTogether, eventually } from '../telephony/bridge-support.ts'

const START = Date.parse('2026-11-26T07:00:00Z')
const DAY_MS = 86_400_000
let dir: string
let outside: string
let h: AuthHarness
let sim: PbxSimulator
let service: TelephonyService
let callId: number
let citizenId: number
let uniqueid: string
const sessions = {} as Record<Role, { cookie: string; csrfToken: string }>

const play = (id: number | string, role: Role, range?: string) => {
  const req = request(h.app).get(`/api/v1/calls/${id}/recording`).set('cookie', sessions[role].cookie)
  return range === undefined ? req : req.set('range', range)
}
const buffer = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => done(null, Buffer.concat(chunks)))
  })
const listens = (entity: 'Call' | 'Citizen', id: number, role: Role) =>
  h.prisma.auditLog.count({
    where: { action: 'call.recording-listen', entity, entityId: String(id), actorId: h.users[role].id },
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pano-recordings-'))
  outside = await mkdtemp(join(tmpdir(), 'pano-outside-'))
  h = await createAuthHarness('postgres', {
    deps: { telephony: () => service, recordings: createRecordingStore(dir) },
  })
  await seedDatabase(h.prisma, { demo: true })
  for (const role of ['agent', 'operator', 'unit', 'supervisor', 'admin', 'kvkk'] as const)
    sessions[role] = await h.signIn(role)
  citizenId = (
    await h.prisma.citizen.create({
      data: { fullName: 'Kayıtlı Arayan', phones: { create: { e164: '+905321110022' } } },
    })
  ).id
  sim = await createPbxSimulator({
    clock: 'virtual',
    startAt: START,
    seed: 7,
    noise: 'none',
    recordingsDir: dir,
  })
  service = await createTelephonyService({
    config: loadConfig({ DATABASE_URL: 'postgresql://unused/unused', SIMULATOR: 'off', RECORDINGS_DIR: dir }),
    prisma: h.prisma,
    logger: captureLogger().logger,
    simulator: sim,
    bridge: { reconcileIntervalMs: 0, tickIntervalMs: 0, reconnectInitialMs: 20 },
  })
  const bridge = service.pbxs.get(DEMO_PBX_ID)?.bridge
  if (bridge === undefined) throw new Error('no bridge for the simulator')
  await eventually('live', () => bridge.getStatus().phase === 'live', 20_000)
  const answered = sim.placeCall({
    queue: 'cagri-merkezi',
    callerNumber: '05321110022',
    answer: 1000,
    talkMs: 3000,
  })
  // One caller who gives up: not recorded.
  sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321110099', answer: false, patienceMs: 4000 })
  uniqueid = answered.uniqueid
  await advanceTogether(sim, [bridge], 15_000, 250)
  bridge.tick()
  await service.recorder.whenIdle()
  const row = await h.prisma.call.findFirstOrThrow({ where: { callKey: uniqueid } })
  callId = row.id
}, 90_000)

afterAll(async () => {
  await service.close()
  await sim.close()
  await h.close()
  await rm(dir, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

describe('a recorded call', () => {
  it('carries the file MixMonitor announced, and the file is a WAV in the folder', async () => {
    const row = await h.prisma.call.findUniqueOrThrow({ where: { id: callId } })
    expect(row).toMatchObject({ outcome: 'ANSWERED', recordingFile: `${uniqueid}.wav`, citizenId })
    expect(sim.groundTruth().calls.find((c) => c.uniqueid === uniqueid)?.recordingFile).toBe(
      join(dir, `${uniqueid}.wav`),
    )
    expect(
      readFileSync(join(dir, `${uniqueid}.wav`))
        .subarray(0, 4)
        .toString('ascii'),
    ).toBe('RIFF')
    const abandoned = await h.prisma.call.findFirstOrThrow({ where: { outcome: 'ABANDONED' } })
    expect(abandoned.recordingFile).toBeNull()
    const res = await play(abandoned.id, 'supervisor')
    expect(res.status).toBe(404)
    expect(errorOf(res)).toMatchObject({ code: 'recording_none', message: 'Bu çağrının ses kaydı yok.' })
  })

  it('plays whole for the müdür, inline, with ranges offered and nothing cached', async () => {
    const res = await buffer(play(callId, 'supervisor'))
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('audio/wav')
    expect(res.headers['accept-ranges']).toBe('bytes')
    expect(res.headers['content-disposition']).toBe(`inline; filename="cagri-${callId}.wav"`)
    expect(res.headers['cache-control']).toBe('private, no-store')
    expect(res.body).toEqual(readFileSync(join(dir, `${uniqueid}.wav`)))
  })

  it('answers range requests with 206 and Content-Range', async () => {
    const size = readFileSync(join(dir, `${uniqueid}.wav`)).length
    const first = await buffer(play(callId, 'supervisor', 'bytes=0-99'))
    expect(first.status).toBe(206)
    expect(first.headers['content-range']).toBe(`bytes 0-99/${size}`)
    expect((first.body as Buffer).length).toBe(100)
    expect((first.body as Buffer).subarray(0, 4).toString('ascii')).toBe('RIFF')
    const tail = await buffer(play(callId, 'supervisor', `bytes=${size - 10}-`))
    expect(tail.status).toBe(206)
    expect(tail.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`)
    const beyond = await play(callId, 'supervisor', `bytes=${size + 10}-`)
    expect(beyond.status).toBe(416)
  })

  it('answers a range past the end with 416 in JSON, naming the size, not as audio', async () => {
    const size = readFileSync(join(dir, `${uniqueid}.wav`)).length
    const res = await play(callId, 'supervisor', 'bytes=999999999-')
    expect(res.status).toBe(416)
    expect(res.headers['content-range']).toBe(`bytes */${size}`)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.headers['content-disposition']).toBeUndefined()
    expect(res.body).toMatchObject({
      error: { code: 'range_not_satisfiable', message: 'İstenen bölüm ses kaydının dışında.' },
    })
  })

  it('is refused to agents, operators, unit staff and admins; the data officer may listen', async () => {
    for (const role of ['agent', 'operator', 'unit', 'admin'] as const) {
      const res = await play(callId, role)
      expect(res.status, role).toBe(403)
    }
    expect((await play(callId, 'kvkk', 'bytes=0-99')).status).toBe(206)
    expect(await listens('Call', callId, 'agent')).toBe(0)
  })

  it('writes the access log per listen: under the call and its citizen, not per piece', async () => {
    const before = await listens('Call', callId, 'supervisor')
    await play(callId, 'supervisor', 'bytes=0-99')
    expect(await listens('Call', callId, 'supervisor')).toBe(before + 1)
    expect(await listens('Citizen', citizenId, 'supervisor')).toBe(before + 1)
    // The player's next pieces within the same listen add nothing.
    await play(callId, 'supervisor', 'bytes=100-199')
    await play(callId, 'supervisor', 'bytes=200-')
    expect(await listens('Call', callId, 'supervisor')).toBe(before + 1)
    // A piece long after, without starting again, is a listen of its own.
    h.advance(11 * 60_000)
    await play(callId, 'supervisor', 'bytes=100-199')
    expect(await listens('Call', callId, 'supervisor')).toBe(before + 2)
    const row = await h.prisma.auditLog.findFirstOrThrow({
      where: { action: 'call.recording-listen', entity: 'Call', actorId: h.users.supervisor.id },
      orderBy: { id: 'desc' },
    })
    expect(row).toMatchObject({ actorRole: 'supervisor', detail: { range: '100-199' } })
  })
})

describe('the data officer’s view of the person', () => {
  it('lists the recorded call with its recording, so the officer can play it from the export', async () => {
    const res = await request(h.app)
      .get(`/api/v1/kvkk/citizens/${citizenId}/export`)
      .set('cookie', sessions.kvkk.cookie)
    expect(res.status).toBe(200)
    const calls = (res.body as CitizenExport).calls
    expect(calls.find((c) => c.callId === callId)).toMatchObject({ recording: { state: 'available' } })
    expect((await play(callId, 'kvkk', 'bytes=0-9')).status).toBe(206)
  })
})

describe('a file that cannot be played', () => {
  async function recordedCall(file: string): Promise<number> {
    const key = `test-${Math.random().toString(36).slice(2)}`
    const at = new Date(START)
    return (
      await h.prisma.call.create({
        data: {
          pbxId: 'main',
          callKey: key,
          linkedId: key,
          direction: 'INBOUND',
          enteredAt: at,
          answeredAt: at,
          endedAt: at,
          waitSec: 1,
          talkSec: 10,
          outcome: 'ANSWERED',
          recordingFile: file,
        },
      })
    ).id
  }

  it('says in Turkish that the file is missing', async () => {
    const id = await recordedCall('yok-olan.wav')
    const res = await play(id, 'supervisor')
    expect(res.status).toBe(404)
    expect(errorOf(res).code).toBe('recording_missing')
    expect(errorOf(res).message).toMatch(/kayıt klasöründe bulunamadı/)
    expect(await listens('Call', id, 'supervisor')).toBe(0)
  })

  it('never leaves the folder: bad names, a link outside and a bad id are refused', async () => {
    await writeFile(join(outside, 'secret.wav'), 'RIFF-outside')
    await symlink(join(outside, 'secret.wav'), join(dir, 'link.wav'))
    for (const name of [
      '../../etc/passwd',
      `../${outside.split('/').pop()}/secret.wav`,
      '/etc/passwd.wav',
      'link.wav',
    ]) {
      const res = await play(await recordedCall(name), 'supervisor')
      expect(res.status, name).toBe(404)
      expect(errorOf(res).code, name).toBe('recording_refused')
    }
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '1%2F..%2F2', '-1'])
      expect((await play(id, 'supervisor')).status, id).toBe(400)
    expect((await play(callId, 'supervisor', 'bytes=0-99')).status).toBe(206)
  })
})

describe('retention', () => {
  it('deletes the file of a call past the recordings period, records it, and the player says so', async () => {
    const file = join(dir, `${uniqueid}.wav`)
    expect(existsSync(file)).toBe(true)
    // A recent recording stays.
    await writeFile(join(dir, 'recent.wav'), readFileSync(file))
    const recent = await h.prisma.call.create({
      data: {
        pbxId: 'main',
        callKey: 'recent',
        linkedId: 'recent',
        direction: 'INBOUND',
        enteredAt: new Date(),
        endedAt: new Date(),
        waitSec: 1,
        outcome: 'ANSWERED',
        recordingFile: 'recent.wav',
      },
    })
    const old = new Date(Date.now() - 400 * DAY_MS)
    await h.prisma.call.update({
      where: { id: callId },
      data: { enteredAt: old, answeredAt: old, endedAt: old },
    })
    const run = await request(h.app)
      .post('/api/v1/kvkk/retention/run')
      .set('cookie', sessions.kvkk.cookie)
      .set('x-csrf-token', sessions.kvkk.csrfToken)
    expect(run.status).toBe(200)
    expect((run.body as RetentionRunView).counts).toMatchObject({
      recordingsDeleted: 1,
      recordingsNotDeleted: 0,
    })
    expect(existsSync(file)).toBe(false)
    expect(existsSync(join(dir, 'recent.wav'))).toBe(true)
    const row = await h.prisma.call.findUniqueOrThrow({ where: { id: callId } })
    expect(row.recordingDeletedAt).not.toBeNull()
    expect(
      await h.prisma.auditLog.findFirst({
        where: { action: 'kvkk.recording-delete', entity: 'Call', entityId: String(callId) },
      }),
    ).toMatchObject({ actorId: h.users.kvkk.id, detail: { file: `${uniqueid}.wav`, outcome: 'deleted' } })
    const res = await play(callId, 'supervisor')
    expect(res.status).toBe(410)
    expect(errorOf(res)).toMatchObject({ code: 'recording_deleted' })
    expect(errorOf(res).message).toMatch(/saklama süresi dolduğu için .* silindi/)
    expect((await play(recent.id, 'supervisor', 'bytes=0-99')).status).toBe(206)
    await unlink(join(dir, 'recent.wav'))
  })
})

describe('erasure on request', () => {
  it('deletes every recording of the person’s calls, by record or by number, and leaves others’', async () => {
    const person = await h.prisma.citizen.create({
      data: { fullName: 'Silinecek Kişi', phones: { create: { e164: '+905321110077' } } },
    })
    const call = (key: string, data: { citizenId?: number; callerNumber?: string }) =>
      h.prisma.call.create({
        data: {
          pbxId: DEMO_PBX_ID,
          callKey: key,
          linkedId: key,
          direction: 'INBOUND',
          queue: 'cagri-merkezi',
          enteredAt: new Date(),
          endedAt: new Date(),
          waitSec: 2,
          outcome: 'ANSWERED',
          recordingFile: `${key}.wav`,
          ...data,
        },
      })
    const byRecord = await call('erase-by-record', { citizenId: person.id })
    const byNumber = await call('erase-by-number', { callerNumber: '+905321110077' })
    const other = await call('erase-other', { callerNumber: '+905321110088' })
    for (const key of ['erase-by-record', 'erase-by-number', 'erase-other'])
      await writeFile(join(dir, `${key}.wav`), Buffer.alloc(64))

    const res = await request(h.app)
      .post(`/api/v1/kvkk/citizens/${person.id}/erase`)
      .set('cookie', sessions.kvkk.cookie)
      .set('x-csrf-token', sessions.kvkk.csrfToken)
      .send({ reason: 'KVKK md. 11 başvurusu, 2026/41' })
    expect(res.status).toBe(200)
    const body = res.body as EraseResult
    expect(body.done).toMatchObject({ recordingsDeleted: 2, recordingsNotDeleted: 0 })
    // Pano deleted them itself: the officer is not sent to the PBX's administrator for them.
    expect(body.kept.map((k) => k.what)).not.toContain('Ses kayıtları')
    expect(existsSync(join(dir, 'erase-by-record.wav'))).toBe(false)
    expect(existsSync(join(dir, 'erase-by-number.wav'))).toBe(false)
    expect(existsSync(join(dir, 'erase-other.wav'))).toBe(true)
    for (const id of [byRecord.id, byNumber.id]) {
      expect((await play(id, 'supervisor')).status).toBe(410)
      expect(
        await h.prisma.auditLog.count({
          where: { action: 'kvkk.recording-delete', entity: 'Call', entityId: String(id) },
        }),
      ).toBe(1)
    }
    expect((await play(other.id, 'supervisor', 'bytes=0-9')).status).toBe(206)
    await unlink(join(dir, 'erase-other.wav'))
  })
})
