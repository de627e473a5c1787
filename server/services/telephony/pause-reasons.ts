/**
 * A pause reason is chosen from the PauseReason table, never typed (docs/design.md §1): what the PBX carries as
 * the reason is shown on the agent board and, by its label, on TVs in the office (redaction.ts), so free
 * text would be a message board anyone with the pause right could write on. Asterisk's own
 * `Auto-Pause` (unanswered rings) is shown but never chosen. Used by the agent's own pause
 * (`POST /api/v1/desk/pause`) and a supervisor's (`POST /api/v1/agents/pause`).
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import { ValidationError } from '../../errors.ts'

export const AUTO_PAUSE_REASON = 'Auto-Pause'

export const PAUSE_REASON_MESSAGES = {
  missing: 'Mola nedeni seçin.',
  unknown: 'Mola nedeni listedeki nedenlerden biri olmalı; serbest metin kabul edilmez.',
} as const

/** The active reason with this code, or a 400 at the `reason` field. */
export async function choosablePauseReason(
  prisma: Pick<PrismaClient, 'pauseReason'>,
  code: string | undefined,
): Promise<string> {
  if (code === undefined || code.trim() === '')
    throw new ValidationError(
      [{ path: 'reason', code: 'required', message: PAUSE_REASON_MESSAGES.missing }],
      PAUSE_REASON_MESSAGES.missing,
    )
  const known = await prisma.pauseReason.findFirst({ where: { code, active: true }, select: { code: true } })
  if (known === null || known.code === AUTO_PAUSE_REASON)
    throw new ValidationError(
      [{ path: 'reason', code: 'unknown_reason', message: PAUSE_REASON_MESSAGES.unknown }],
      PAUSE_REASON_MESSAGES.unknown,
    )
  return known.code
}
