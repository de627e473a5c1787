/**
 * Listening to a call's recording (docs/recordings.md §3): finds the call's file, says in Turkish why it
 * cannot be played, and writes the access log (docs/kvkk.md §3) before a byte is sent.
 *
 * A player asks for the audio in pieces (HTTP range requests), several per listen and more on every
 * seek, so the log is written per listen, not per piece: a row when a request starts at the first byte
 * (a player starting, or starting again), and for any other piece when this person has no row for this
 * call in the last LISTEN_WINDOW_MS, so a client that never asks for byte 0 is logged too. Each row names
 * the call (entity `Call`); a call tied to a citizen also gets a row under the citizen, so "who listened
 * to me" is the same query as every other read of the record.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { GoneError, NotFoundError } from '../../errors.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit, type AuditEntry } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { dayText } from '../kvkk/turkish-time.ts'
import type { RecordingStore } from './recording-store.ts'

export const CALL_ENTITY = 'Call'
const LISTEN_WINDOW_MS = 10 * 60_000

export interface PlayableRecording {
  path: string
  size: number
  type: string
  /** For Content-Disposition: `cagri-<id>.<ext>`. */
  fileName: string
}

export interface RecordingPlaybackDeps {
  prisma: PrismaClient
  /** null: Pano has no recordings folder (RECORDINGS_DIR). */
  store: RecordingStore | null
  now: () => Date
}

export async function openCallRecording(
  deps: RecordingPlaybackDeps,
  callId: number,
): Promise<{ recording: PlayableRecording; citizenId: number | null }> {
  const call = await deps.prisma.call.findUnique({
    where: { id: callId },
    select: { id: true, recordingFile: true, recordingDeletedAt: true, citizenId: true },
  })
  if (call === null) throw new NotFoundError('Çağrı bulunamadı.', 'call_not_found')
  if (call.recordingFile === null) throw new NotFoundError('Bu çağrının ses kaydı yok.', 'recording_none')
  if (call.recordingDeletedAt !== null)
    throw new GoneError(
      `Bu çağrının ses kaydı saklama süresi dolduğu için ${dayText(call.recordingDeletedAt)} tarihinde silindi (KVKK).`,
      'recording_deleted',
    )
  if (deps.store === null)
    throw new NotFoundError(
      'Bu sunucuda ses kayıtları klasörü tanımlı değil (RECORDINGS_DIR); sistem yöneticisine bildirin.',
      'recordings_off',
    )
  const opened = await deps.store.open(call.recordingFile)
  switch (opened.kind) {
    case 'refused':
      throw new NotFoundError('Ses kaydının dosya adı geçersiz; dosya açılmadı.', 'recording_refused')
    case 'missing':
      throw new NotFoundError(
        'Ses kaydının dosyası kayıt klasöründe bulunamadı: santral kaydı henüz aktarmamış ya da dosya silinmiş olabilir.',
        'recording_missing',
      )
    case 'unreadable':
      throw new NotFoundError(
        'Ses kaydının dosyası okunamıyor (erişim izni yok ya da dosya bozuk); sistem yöneticisine bildirin.',
        'recording_unreadable',
      )
    case 'file': {
      const ext = /\.([A-Za-z0-9]+)$/.exec(call.recordingFile)?.[1]?.toLowerCase() ?? 'wav'
      return {
        recording: {
          path: opened.path,
          size: opened.size,
          type: opened.type,
          fileName: `cagri-${call.id}.${ext}`,
        },
        citizenId: call.citizenId,
      }
    }
  }
}

/** Writes the access-log rows of one request for a recording's bytes (see the note at the top). */
export async function recordRecordingListen(
  deps: Pick<RecordingPlaybackDeps, 'prisma' | 'now'>,
  actor: Actor,
  call: { id: number; citizenId: number | null },
  range: { start: number; end: number } | null,
): Promise<boolean> {
  const at = deps.now()
  const fromStart = range === null || range.start === 0
  if (!fromStart) {
    const recent = await deps.prisma.auditLog.findFirst({
      where: {
        entity: CALL_ENTITY,
        entityId: String(call.id),
        action: AUDIT_ACTIONS.recordingListen,
        actorId: actor.userId,
        at: { gte: new Date(at.getTime() - LISTEN_WINDOW_MS) },
      },
      select: { id: true },
    })
    if (recent !== null) return false
  }
  const detail = { range: range === null ? null : `${range.start}-${range.end}` }
  const entries: AuditEntry[] = [
    { action: AUDIT_ACTIONS.recordingListen, entity: CALL_ENTITY, entityId: call.id, detail },
  ]
  if (call.citizenId !== null)
    entries.push({
      action: AUDIT_ACTIONS.recordingListen,
      entity: CITIZEN_ENTITY,
      entityId: call.citizenId,
      detail: { ...detail, callId: call.id },
    })
  await recordAudit(deps.prisma, actor, at, entries)
  return true
}
