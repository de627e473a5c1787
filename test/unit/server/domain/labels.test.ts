import { describe, expect, it } from 'vitest'
import * as enums from '../../../../server/db/generated/enums.ts'
import {
  CHANNELS,
  LEGAL_TRACKS,
  PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
} from '../../../../server/contract/tickets.ts'
import {
  CHANNEL_LABELS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TRACK_LABELS,
  TRANSITION_ACTION_LABELS,
  TYPE_LABELS,
} from '../../../../server/domain/labels.ts'
import { TICKET_TRANSITIONS } from '../../../../server/domain/ticket-status.ts'

describe('labels', () => {
  it.each([
    ['TicketStatus', enums.TicketStatus, TICKET_STATUSES, STATUS_LABELS],
    ['TicketType', enums.TicketType, TICKET_TYPES, TYPE_LABELS],
    ['Channel', enums.Channel, CHANNELS, CHANNEL_LABELS],
    ['LegalTrack', enums.LegalTrack, LEGAL_TRACKS, TRACK_LABELS],
    ['Priority', enums.Priority, PRIORITIES, PRIORITY_LABELS],
  ] as const)(
    'covers every value of the Prisma enum %s with a Turkish label',
    (_name, prismaEnum, codes, labels) => {
      expect([...codes].sort()).toEqual(Object.values(prismaEnum).sort())
      expect(Object.keys(labels).sort()).toEqual([...codes].sort())
      expect(Object.values(labels).every((l: string) => l.trim().length > 0)).toBe(true)
    },
  )

  it('names every action of the status table', () => {
    for (const t of TICKET_TRANSITIONS) expect(TRANSITION_ACTION_LABELS[t.action]).toMatch(/\S/)
    expect(STATUS_LABELS.VATANDASA_BILDIRILDI).toBe('Vatandaşa bildirildi')
  })
})
