/**
 * The KVKK access log (docs/design.md §2.8): who read or changed which personal record, when and from where.
 *
 * Granularity: ONE ROW PER CITIZEN RECORD SHOWN, also for lists (a search that shows 20 people writes 20
 * rows in one INSERT). The question a data subject or the KVKK Board asks is "who saw MY record", and the
 * `(entity, entityId, at)` index answers it with one range scan; a single row holding a list of ids would
 * need a scan of every list read instead.
 */
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { Actor } from './actor.ts'

export type AuditDb = Pick<PrismaClient, 'auditLog'> | Prisma.TransactionClient

export const CITIZEN_ENTITY = 'Citizen'

/** Stable action names in the log (reports filter on them). */
export const AUDIT_ACTIONS = {
  citizenRead: 'citizen.read',
  citizenList: 'citizen.list',
  citizenScreenPop: 'citizen.screen-pop',
  citizenSwitchboardCall: 'citizen.switchboard-call',
  citizenViaTicket: 'citizen.read-via-ticket',
  citizenCreate: 'citizen.create',
  citizenUpdate: 'citizen.update',
  citizenMerge: 'citizen.merge',
  callbackPhoneReveal: 'callback.phone-reveal',
  /** A list of calls with callers' numbers was shown (call-list-audit.ts): one row for the list. */
  callList: 'call.list',
  /** The agent chose a citizen for the call on screen (their record joins the pop). */
  citizenDeskSelect: 'citizen.desk-select',
  /** Click-to-call dialled a citizen's number and pushed its progress to the agent's screen. */
  citizenClickToCall: 'citizen.click-to-call',
  /** A call's recording was played (recordings/recording-playback.ts): under the call and its citizen. */
  recordingListen: 'call.recording-listen',
  // Administration (who changed which account, token or setting; before and after in `detail`).
  userCreate: 'user.create',
  userUpdate: 'user.update',
  passwordChange: 'user.password-change',
  apiTokenCreate: 'api-token.create',
  apiTokenRevoke: 'api-token.revoke',
  queueUpdate: 'queue.update',
  /** An admin made a PBX's AMI connection again ("Yeniden bağlan"). */
  pbxReconnect: 'pbx.reconnect',
  holidaySave: 'holiday.save',
  holidayDelete: 'holiday.delete',
  officeHoursUpdate: 'office-hours.update',
  demoCleanup: 'demo.cleanup',
  templateUpdate: 'message-template.update',
  // KVKK (docs/kvkk.md): the data officer's export and erasure, the retention periods and their runs.
  kvkkExport: 'kvkk.export',
  kvkkErase: 'kvkk.erase',
  /** The access log named the citizen (kvkk/access-log.ts): one row per citizen a list or CSV named. */
  kvkkAccessLog: 'kvkk.access-log',
  retentionUpdate: 'kvkk.retention-update',
  retentionRun: 'kvkk.retention-run',
  // The müdür's listen / whisper / barge (docs/decisions/018-listen-whisper-barge.md): who, whose call,
  // which mode at the start; how it ended and how long it lasted at the end; the setting's changes.
  spyStart: 'supervision.spy-start',
  spyEnd: 'supervision.spy-end',
  supervisionSettings: 'supervision.settings-update',
  // WhatsApp conversations (docs/intake.md §9): a number and its messages are the citizen's data.
  whatsappList: 'whatsapp.list',
  whatsappRead: 'whatsapp.read',
  /** A file a citizen sent was downloaded (from the conversation or from its ticket's Ekler). */
  whatsappMedia: 'whatsapp.media',
  /** The retention run deleted a call's recording file (kvkk/retention-recordings.ts). */
  recordingDelete: 'kvkk.recording-delete',
} as const
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]

export interface AuditEntry {
  action: AuditAction
  entity: string
  entityId: string | number
  detail?: Prisma.InputJsonValue
}

/**
 * A change made outside any session: a command run on the server (`npm run user:create`, …) or a job
 * Pano runs by itself (the daily retention run).
 */
export interface SystemActor {
  readonly system: 'cli' | 'job'
}

export async function recordAudit(
  db: AuditDb,
  actor: Actor | SystemActor,
  at: Date,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return
  const person = 'system' in actor ? null : actor
  await db.auditLog.createMany({
    data: entries.map((e) => ({
      at,
      actorId: person?.userId ?? null,
      actorRole: person?.role ?? (actor as SystemActor).system,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      ip: person?.ip ?? null,
      ...detailOf(e.detail, person?.apiTokenId),
    })),
  })
}

/** The entry's detail, with the integration key that acted added (`apiTokenId`, read by kvkk/access-log.ts). */
function detailOf(
  detail: Prisma.InputJsonValue | undefined,
  apiTokenId: number | undefined,
): { detail?: Prisma.InputJsonValue } {
  if (apiTokenId === undefined) return detail === undefined ? {} : { detail }
  if (detail !== undefined && (typeof detail !== 'object' || detail === null || Array.isArray(detail)))
    return { detail: { value: detail, apiTokenId } }
  return { detail: { ...(detail ?? {}), apiTokenId } }
}

/** One row per distinct citizen id (see the granularity note above). */
export async function recordCitizenReads(
  db: AuditDb,
  actor: Actor,
  at: Date,
  citizenIds: Iterable<number>,
  action: AuditAction,
  detail?: Prisma.InputJsonValue,
): Promise<void> {
  const unique = [...new Set(citizenIds)]
  await recordAudit(
    db,
    actor,
    at,
    unique.map((id) => ({
      action,
      entity: CITIZEN_ENTITY,
      entityId: id,
      ...(detail === undefined ? {} : { detail }),
    })),
  )
}
