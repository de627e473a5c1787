/**
 * The written ways in and out: the citizens' form, the one inbox, e-mail and WhatsApp, message templates
 * and unit reminders: the rows of the access table (test/integration/server/access-table.test.ts).
 */
import type { Fixtures } from '../access-fixtures.ts'
import { STAFF, DIRECTORATE, SUPERVISION, ADMIN, type Rows } from './row.ts'

export function intakeMessagingRows(_f: Fixtures): Rows {
  return {
    'GET /api/v1/messaging/channels': {
      allow: SUPERVISION,
      req: () => ({ path: '/messaging/channels' }),
      ok: 200,
    },
    'GET /api/v1/messages': { allow: SUPERVISION, req: () => ({ path: '/messages' }), ok: 200 },
    'GET /api/v1/message-templates': { allow: ADMIN, req: () => ({ path: '/message-templates' }), ok: 200 },
    'PUT /api/v1/message-templates/:key/:channel': {
      allow: ADMIN,
      req: () => ({ path: '/message-templates/receipt/EMAIL', body: {} }),
      ok: 400,
    },
    'POST /api/v1/message-templates/preview': {
      allow: ADMIN,
      req: () => ({ path: '/message-templates/preview', body: {} }),
      ok: 400,
    },
    // The WhatsApp Cloud API's webhook: Meta's servers, no session; the verify token and the signature guard it.
    'GET /api/v1/webhooks/whatsapp': {
      allow: 'public',
      req: () => ({ path: '/webhooks/whatsapp' }),
      ok: 403,
    },
    'POST /api/v1/webhooks/whatsapp': {
      allow: 'public',
      req: () => ({ path: '/webhooks/whatsapp', body: {} }),
      ok: 404,
    },
    // Unit reminders and escalations now (docs/messaging.md §8); e-mail is not configured here, so the
    // müdür and admins pass the guard and get its 409 ("e-posta kanalı yapılandırılmamış").
    'POST /api/v1/unit-alerts/run': {
      allow: SUPERVISION,
      req: () => ({ path: '/unit-alerts/run', body: {} }),
      ok: 409,
    },
    // The citizens' form (/basvuru): no sign-in; its own limits guard it (docs/intake.md).
    'GET /api/v1/public/form': { allow: 'public', req: () => ({ path: '/public/form' }), ok: 200 },
    'GET /api/v1/public/challenge': { allow: 'public', req: () => ({ path: '/public/challenge' }), ok: 200 },
    'POST /api/v1/public/applications': {
      allow: 'public',
      req: () => ({ path: '/public/applications', body: {} }),
      ok: 400,
    },
    'POST /api/v1/public/status': {
      allow: 'public',
      req: () => ({ path: '/public/status', body: {} }),
      ok: 400,
    },
    'GET /api/v1/intake/items': { allow: DIRECTORATE, req: () => ({ path: '/intake/items' }), ok: 200 },
    // Talepler › Gelen kutusu as one list: web, e-mail and WhatsApp (server/services/intake/one-inbox.ts).
    'GET /api/v1/intake/inbox': { allow: DIRECTORATE, req: () => ({ path: '/intake/inbox' }), ok: 200 },
    'GET /api/v1/intake/items/:id': {
      allow: DIRECTORATE,
      req: () => ({ path: '/intake/items/999999' }),
      ok: 404,
    },
    'POST /api/v1/intake/items/:id/claim': {
      allow: DIRECTORATE,
      req: () => ({ path: '/intake/items/999999/claim', body: {} }),
      ok: 404,
    },
    'POST /api/v1/intake/items/:id/release': {
      allow: DIRECTORATE,
      req: () => ({ path: '/intake/items/999999/release', body: {} }),
      ok: 404,
    },
    'POST /api/v1/intake/items/:id/accept': {
      allow: DIRECTORATE,
      req: () => ({ path: '/intake/items/999999/accept', body: {} }),
      ok: 404,
    },
    'POST /api/v1/intake/items/:id/spam': {
      allow: DIRECTORATE,
      req: () => ({ path: '/intake/items/999999/spam', body: {} }),
      ok: 404,
    },
    'GET /api/v1/intake/tickets/:id/attachments': {
      allow: STAFF,
      req: () => ({ path: '/intake/tickets/999999/attachments' }),
      ok: 404,
    },
    'GET /api/v1/intake/attachments/:id': {
      allow: STAFF,
      req: () => ({ path: '/intake/attachments/999999' }),
      ok: 404,
    },
    'GET /api/v1/intake/mailbox': { allow: SUPERVISION, req: () => ({ path: '/intake/mailbox' }), ok: 200 },
    'GET /api/v1/intake/public-form': {
      allow: SUPERVISION,
      req: () => ({ path: '/intake/public-form' }),
      ok: 200,
    },
    // Talepler › WhatsApp (docs/intake.md §9): the directorate's conversations; counts for leads; demo only.
    'GET /api/v1/whatsapp/conversations': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations' }),
      ok: 200,
    },
    'GET /api/v1/whatsapp/conversations/:id': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations/999999' }),
      ok: 404,
    },
    'POST /api/v1/whatsapp/conversations/:id/claim': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations/999999/claim', body: {} }),
      ok: 404,
    },
    'POST /api/v1/whatsapp/conversations/:id/release': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations/999999/release', body: {} }),
      ok: 404,
    },
    'POST /api/v1/whatsapp/conversations/:id/reply': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations/999999/reply', body: {} }),
      ok: 404,
    },
    'POST /api/v1/whatsapp/conversations/:id/ticket': {
      allow: DIRECTORATE,
      req: () => ({ path: '/whatsapp/conversations/999999/ticket', body: {} }),
      ok: 400,
    },
    // Also whoever sees the ticket the message became (its Ekler); other files stay the directorate's.
    'GET /api/v1/whatsapp/media/:id': {
      allow: STAFF,
      req: () => ({ path: '/whatsapp/media/999999' }),
      ok: 404,
    },
    'GET /api/v1/whatsapp/status': { allow: SUPERVISION, req: () => ({ path: '/whatsapp/status' }), ok: 200 },
    'POST /api/v1/whatsapp/demo/inbound': {
      allow: SUPERVISION,
      req: () => ({ path: '/whatsapp/demo/inbound', body: {} }),
      ok: 404,
    },
  }
}
