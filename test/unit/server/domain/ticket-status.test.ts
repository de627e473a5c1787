import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../../server/contract/auth.ts'
import { TICKET_STATUSES, type TicketStatusCode } from '../../../../server/contract/tickets.ts'
import {
  allowedTransitions,
  canTransition,
  checkTransition,
  isClockRunning,
  TICKET_TRANSITIONS,
} from '../../../../server/domain/ticket-status.ts'

/** The whole table written out: from → to → roles allowed. Anything not listed is forbidden for everyone. */
const EXPECTED: Record<string, readonly Role[]> = {
  'YENI→BIRIME_HAVALE': ['agent', 'operator', 'supervisor', 'admin'],
  'YENI→KAPANDI': ['supervisor', 'admin'],
  'BIRIME_HAVALE→ISLEMDE': ['unit', 'supervisor', 'admin'],
  'BIRIME_HAVALE→YANITLANDI': ['unit', 'supervisor', 'admin'],
  'BIRIME_HAVALE→YENI': ['unit', 'supervisor', 'admin'],
  'ISLEMDE→YANITLANDI': ['unit', 'supervisor', 'admin'],
  'ISLEMDE→YENI': ['unit', 'supervisor', 'admin'],
  'YANITLANDI→VATANDASA_BILDIRILDI': ['agent', 'operator', 'supervisor', 'admin'],
  'YANITLANDI→ISLEMDE': ['supervisor', 'admin'],
  'VATANDASA_BILDIRILDI→KAPANDI': ['agent', 'operator', 'supervisor', 'admin'],
  'VATANDASA_BILDIRILDI→BIRIME_HAVALE': ['agent', 'operator', 'supervisor', 'admin'],
  'VATANDASA_BILDIRILDI→ISLEMDE': ['supervisor', 'admin'],
  'KAPANDI→BIRIME_HAVALE': ['agent', 'operator', 'supervisor', 'admin'],
  'KAPANDI→ISLEMDE': ['supervisor', 'admin'],
}

const cases: [TicketStatusCode, TicketStatusCode, Role, boolean][] = []
for (const from of TICKET_STATUSES)
  for (const to of TICKET_STATUSES)
    for (const role of ROLES) cases.push([from, to, role, EXPECTED[`${from}→${to}`]?.includes(role) ?? false])

describe('canTransition', () => {
  it.each(cases)('%s → %s as %s: %s', (from, to, role, allowed) => {
    expect(canTransition(from, to, role)).toBe(allowed)
  })

  it('has no duplicate moves', () => {
    const keys = TICKET_TRANSITIONS.map((t) => `${t.from}→${t.to}`)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('checkTransition', () => {
  it('requires a reason to send a ticket back to the directorate', () => {
    expect(checkTransition({ from: 'ISLEMDE', to: 'YENI', role: 'unit', note: '  ' })).toEqual({
      ok: false,
      code: 'REASON_REQUIRED',
    })
    const ok = checkTransition({
      from: 'ISLEMDE',
      to: 'YENI',
      role: 'unit',
      note: 'Konu Zabıta’nın görev alanında',
    })
    expect(ok.ok && ok.rule.event).toBe('RETURNED')
  })

  it('requires the answer text to answer and a reason to reopen', () => {
    expect(checkTransition({ from: 'ISLEMDE', to: 'YANITLANDI', role: 'unit' })).toEqual({
      ok: false,
      code: 'ANSWER_REQUIRED',
    })
    expect(checkTransition({ from: 'KAPANDI', to: 'BIRIME_HAVALE', role: 'agent', note: null })).toEqual({
      ok: false,
      code: 'REASON_REQUIRED',
    })
    const reopened = checkTransition({
      from: 'KAPANDI',
      to: 'BIRIME_HAVALE',
      role: 'agent',
      note: 'Sorun sürüyor',
    })
    expect(reopened.ok && reopened.rule.event).toBe('REOPENED')
  })

  it('tells a forbidden role from a move that does not exist', () => {
    expect(checkTransition({ from: 'YENI', to: 'BIRIME_HAVALE', role: 'unit' })).toEqual({
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
    })
    expect(checkTransition({ from: 'YENI', to: 'YANITLANDI', role: 'admin', note: 'x' })).toEqual({
      ok: false,
      code: 'NOT_A_TRANSITION',
    })
    expect(checkTransition({ from: 'ISLEMDE', to: 'ISLEMDE', role: 'admin' })).toEqual({
      ok: false,
      code: 'NOT_A_TRANSITION',
    })
  })
})

describe('allowedTransitions and the clock', () => {
  it('offers a unit the moves of a routed ticket and an agent none', () => {
    expect(allowedTransitions('BIRIME_HAVALE', 'unit').map((t) => `${t.action}:${t.to}`)).toEqual([
      'accept:ISLEMDE',
      'answer:YANITLANDI',
      'return:YENI',
    ])
    expect(allowedTransitions('BIRIME_HAVALE', 'agent')).toEqual([])
  })

  it('stops the clock once the citizen has been told', () => {
    expect(TICKET_STATUSES.filter((s) => isClockRunning(s))).toEqual([
      'YENI',
      'BIRIME_HAVALE',
      'ISLEMDE',
      'YANITLANDI',
    ])
  })
})
