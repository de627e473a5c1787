/**
 * Yönetim: KVKK, the PBX set-up, the calendar, the directory's units, extensions and queues, reports and
 * metrics: the rows of the access table (test/integration/server/access-table.test.ts).
 */
import type { Fixtures } from '../access-fixtures.ts'
import { EVERYONE, SUPERVISION, ADMIN, KVKK, type Rows } from './row.ts'

export function adminRows(f: Fixtures): Rows {
  return {
    'GET /api/v1/kvkk/access-log': { allow: KVKK, req: () => ({ path: '/kvkk/access-log' }), ok: 200 },
    'GET /api/v1/kvkk/users': { allow: KVKK, req: () => ({ path: '/kvkk/users' }), ok: 200 },
    'GET /api/v1/kvkk/citizens': { allow: KVKK, req: () => ({ path: '/kvkk/citizens?q=Hatice' }), ok: 200 },
    'GET /api/v1/kvkk/citizens/:id/export': {
      allow: KVKK,
      req: () => ({ path: '/kvkk/citizens/999999/export' }),
      ok: 404,
    },
    'GET /api/v1/kvkk/citizens/:id/dokum': {
      allow: KVKK,
      req: () => ({ path: '/kvkk/citizens/999999/dokum' }),
      ok: 404,
    },
    'POST /api/v1/kvkk/citizens/:id/erase': {
      allow: KVKK,
      req: () => ({ path: '/kvkk/citizens/999999/erase', body: {} }),
      ok: 400,
    },
    'GET /api/v1/kvkk/retention': { allow: KVKK, req: () => ({ path: '/kvkk/retention' }), ok: 200 },
    'PUT /api/v1/kvkk/retention': {
      allow: KVKK,
      req: () => ({ path: '/kvkk/retention', body: {} }),
      ok: 400,
    },
    'POST /api/v1/kvkk/retention/run': {
      allow: KVKK,
      req: () => ({ path: '/kvkk/retention/run', body: {} }),
      ok: 200,
    },
    'GET /api/v1/pbx-setup': { allow: ADMIN, req: () => ({ path: '/pbx-setup' }), ok: 200 },
    'PUT /api/v1/pbx-setup/queues/:pbxId/:name': {
      allow: ADMIN,
      req: () => ({ path: '/pbx-setup/queues/demo/cagri-merkezi', body: {} }),
      ok: 400,
    },
    // An admin reaches the action; a PBX Pano does not watch is 404 (the demo PBX stays connected).
    'POST /api/v1/pbx-setup/:pbxId/reconnect': {
      allow: ADMIN,
      req: () => ({ path: '/pbx-setup/yok/reconnect' }),
      ok: 404,
    },
    'GET /api/v1/holidays': { allow: SUPERVISION, req: () => ({ path: '/holidays' }), ok: 200 },
    'POST /api/v1/holidays': { allow: ADMIN, req: () => ({ path: '/holidays', body: {} }), ok: 400 },
    'PUT /api/v1/holidays/:date': {
      allow: ADMIN,
      req: () => ({ path: '/holidays/2031-01-02', body: {} }),
      ok: 400,
    },
    'DELETE /api/v1/holidays/:date': { allow: ADMIN, req: () => ({ path: '/holidays/2031-01-03' }), ok: 404 },
    'POST /api/v1/holidays/fixed/:year': {
      allow: ADMIN,
      req: () => ({ path: '/holidays/fixed/2031' }),
      ok: 200,
    },
    'GET /api/v1/office-hours': { allow: EVERYONE, req: () => ({ path: '/office-hours' }), ok: 200 },
    'PUT /api/v1/office-hours': { allow: ADMIN, req: () => ({ path: '/office-hours', body: {} }), ok: 400 },
    'GET /api/v1/calendar-warnings': {
      allow: EVERYONE,
      req: () => ({ path: '/calendar-warnings' }),
      ok: 200,
    },
    'GET /api/v1/directory/admin': { allow: ADMIN, req: () => ({ path: '/directory/admin' }), ok: 200 },
    'POST /api/v1/directory/units': {
      allow: ADMIN,
      req: () => ({ path: '/directory/units', body: {} }),
      ok: 400,
    },
    'PATCH /api/v1/directory/units/:id': {
      allow: ADMIN,
      req: () => ({ path: `/directory/units/${f.units.fen}`, body: { name: '' } }),
      ok: 400,
    },
    'POST /api/v1/directory/extensions': {
      allow: ADMIN,
      req: () => ({ path: '/directory/extensions', body: {} }),
      ok: 400,
    },
    'PATCH /api/v1/directory/extensions/:id': {
      allow: ADMIN,
      req: () => ({ path: `/directory/extensions/${f.extensionId('2001')}`, body: { number: 'x' } }),
      ok: 400,
    },
    'PATCH /api/v1/directory/queues/:id': {
      allow: ADMIN,
      req: () => ({ path: '/directory/queues/1', body: {} }),
      ok: 400,
    },
    'GET /api/v1/reports': { allow: SUPERVISION, req: () => ({ path: '/reports' }), ok: 200 },
    'GET /api/v1/reports/:name.csv': {
      allow: SUPERVISION,
      req: () => ({ path: '/reports/kuyruklar.csv' }),
      ok: 200,
    },
    'GET /metrics': { allow: ADMIN, req: () => ({ path: '/metrics' }), ok: 200 },
  }
}
