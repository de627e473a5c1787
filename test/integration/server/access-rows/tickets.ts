/**
 * Citizens, tickets, units and the worklists: the rows of the access table
 * (test/integration/server/access-table.test.ts), with a unit's own tickets and callbacks and another unit's.
 */
import type { Fixtures } from '../access-fixtures.ts'
import { STAFF, DIRECTORATE, ANSWERING, unitOwn, type Rows, type Whose } from './row.ts'

export function ticketRows(f: Fixtures): Rows {
  const ticketFor = (whose: Whose) => f.ticketAt(whose === 'own' ? 'fen' : 'zabita')
  return {
    'GET /api/v1/citizens': { allow: DIRECTORATE, req: () => ({ path: '/citizens?q=hatice' }), ok: 200 },
    'POST /api/v1/citizens': {
      allow: DIRECTORATE,
      req: () => ({
        path: '/citizens',
        body: { fullName: 'Yeni Vatandaş', phones: [{ number: '0555 111 22 33' }] },
      }),
      ok: 201,
    },
    'GET /api/v1/citizens/:id': {
      allow: DIRECTORATE,
      req: () => ({ path: `/citizens/${f.hatice}` }),
      ok: 200,
    },
    'PATCH /api/v1/citizens/:id': {
      allow: DIRECTORATE,
      req: async () => ({ path: `/citizens/${await f.citizen()}`, body: { mahalle: 'Bostanlı' } }),
      ok: 200,
    },
    'POST /api/v1/citizens/:id/merge': {
      allow: ['agent', 'supervisor', 'admin'],
      req: async () => ({
        path: `/citizens/${await f.citizen()}/merge`,
        body: { duplicateId: await f.citizen() },
      }),
      ok: 200,
    },
    'GET /api/v1/citizens/:id/tickets': {
      allow: DIRECTORATE,
      req: () => ({ path: `/citizens/${f.hatice}/tickets` }),
      ok: 200,
    },
    'GET /api/v1/tickets': { allow: STAFF, req: () => ({ path: '/tickets' }), ok: 200 },
    'GET /api/v1/tickets/due-preview': {
      allow: DIRECTORATE,
      req: () => ({ path: '/tickets/due-preview?channel=CIMER&type=SIKAYET' }),
      ok: 200,
    },
    'POST /api/v1/tickets': {
      allow: DIRECTORATE,
      req: () => ({
        path: '/tickets',
        body: { type: 'ISTEK', channel: 'CAGRI_MERKEZI', subject: 'Çukur', description: 'Okul önü' },
      }),
      ok: 201,
    },
    'GET /api/v1/tickets/:id': {
      allow: STAFF,
      owned: true,
      req: async (_who, whose) => ({ path: `/tickets/${await ticketFor(whose)}` }),
      ok: unitOwn(200),
    },
    'GET /api/v1/tickets/:id/messages.csv': {
      allow: STAFF,
      owned: true,
      req: async (_who, whose) => ({ path: `/tickets/${await ticketFor(whose)}/messages.csv` }),
      ok: unitOwn(200),
    },
    'POST /api/v1/tickets/:id/transition': {
      allow: STAFF,
      owned: true,
      req: async (_who, whose) => ({
        path: `/tickets/${await ticketFor(whose)}/transition`,
        body: { to: 'ISLEMDE' },
      }),
      // Accepting a ticket is the unit's (or the directorate's management's) step.
      ok: (who, whose) => (who === 'agent' || who === 'operator' ? 403 : unitOwn(200)(who, whose)),
    },
    'POST /api/v1/tickets/:id/route': {
      allow: DIRECTORATE,
      req: async () => ({ path: `/tickets/${await f.ticketAt(null)}/route`, body: { unitId: f.units.fen } }),
      ok: 200,
    },
    'POST /api/v1/tickets/:id/answer': {
      allow: ANSWERING,
      owned: true,
      req: async (_who, whose) => ({
        path: `/tickets/${await ticketFor(whose)}/answer`,
        body: { answer: 'Onarıldı.' },
      }),
      ok: unitOwn(200),
    },
    'POST /api/v1/tickets/:id/return': {
      allow: ANSWERING,
      owned: true,
      req: async (_who, whose) => ({
        path: `/tickets/${await ticketFor(whose)}/return`,
        body: { reason: 'Bizim değil' },
      }),
      ok: unitOwn(200),
    },
    'POST /api/v1/tickets/:id/notify': {
      allow: DIRECTORATE,
      req: async () => ({
        path: `/tickets/${await f.answeredTicket()}/notify`,
        body: { outcome: 'ULASILDI' },
      }),
      ok: 200,
    },
    'POST /api/v1/tickets/:id/notify-written': {
      allow: DIRECTORATE,
      req: async () => ({ path: `/tickets/${await f.answeredTicket()}/notify-written`, body: {} }),
      ok: 400,
    },
    'POST /api/v1/tickets/:id/extend': {
      allow: ['agent', 'supervisor', 'admin'],
      req: async () => ({
        path: `/tickets/${await f.infoRequest()}/extend`,
        body: { reason: 'Başka birimden bilgi' },
      }),
      ok: 200,
    },
    'POST /api/v1/tickets/:id/comments': {
      allow: STAFF,
      owned: true,
      req: async (_who, whose) => ({
        path: `/tickets/${await ticketFor(whose)}/comments`,
        body: { text: 'Not' },
      }),
      ok: unitOwn(200),
    },
    'POST /api/v1/tickets/:id/calls': {
      allow: DIRECTORATE,
      req: async () => ({
        path: `/tickets/${await f.ticketAt('fen')}/calls`,
        body: { callId: (await f.storedCall('agent1')).id },
      }),
      ok: 200,
    },
    'GET /api/v1/units': { allow: STAFF, req: () => ({ path: '/units' }), ok: 200 },
    'GET /api/v1/worklists/notify': {
      allow: DIRECTORATE,
      req: () => ({ path: '/worklists/notify' }),
      ok: 200,
    },
    'GET /api/v1/worklists/missed-calls': {
      allow: DIRECTORATE,
      req: () => ({ path: '/worklists/missed-calls' }),
      ok: 200,
    },
    'POST /api/v1/worklists/missed-calls/:id/attempts': {
      allow: DIRECTORATE,
      req: async () => ({
        path: `/worklists/missed-calls/${await f.callback(null)}/attempts`,
        body: { outcome: 'ULASILAMADI' },
      }),
      ok: 201,
    },
    'GET /api/v1/worklists/unit-callbacks': {
      allow: ANSWERING,
      req: () => ({ path: '/worklists/unit-callbacks' }),
      ok: 200,
    },
    'POST /api/v1/worklists/unit-callbacks/:id/reveal': {
      allow: ANSWERING,
      owned: true,
      req: async (_who, whose) => ({
        path: `/worklists/unit-callbacks/${await f.callback(whose === 'own' ? 'fen' : 'zabita')}/reveal`,
      }),
      ok: unitOwn(200),
    },
    'POST /api/v1/worklists/unit-callbacks/:id/attempts': {
      allow: ANSWERING,
      owned: true,
      req: async (_who, whose) => ({
        path: `/worklists/unit-callbacks/${await f.callback(whose === 'own' ? 'fen' : 'zabita')}/attempts`,
        body: { outcome: 'ULASILAMADI' },
      }),
      ok: unitOwn(201),
    },
  }
}
