/**
 * The WhatsApp tests' common ground: Pano on a fresh PostgreSQL database talking to the loopback Cloud
 * API of test/fakes/fake-whatsapp-cloud.ts, a citizen's message posted to the webhook signed as Meta
 * signs it, and a conversation found by its number.
 */
import { expect } from 'vitest'
import type {
  WhatsappConversationDetail,
  WhatsappConversationPage,
} from '../../../server/contract/whatsapp.ts'
import type { RunningPano } from '../../../server/main.ts'
import {
  inboundWebhook,
  sign,
  startFakeWhatsappCloud,
  type FakeWhatsappCloud,
} from '../../fakes/fake-whatsapp-cloud.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { startMessagingPano, type Client } from '../messaging/messaging-harness.ts'

export const APP_SECRET = 'meta-uygulama-anahtari'
/** The smallest PNG there is: a file WhatsApp may carry. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')

export interface WhatsappPano {
  db: TestDatabase
  cloud: FakeWhatsappCloud
  pano: RunningPano
  close(): Promise<void>
}

/** Pano with WhatsApp configured against the fake Cloud API; `env` adds or overrides settings. */
export async function startWhatsappPano(env: Record<string, string> = {}): Promise<WhatsappPano> {
  const db = await createTestDatabase()
  const cloud = await startFakeWhatsappCloud({ token: 'EAAwa', phoneNumberId: '1234567890' })
  const pano = await startMessagingPano({
    DATABASE_URL: db.url,
    WHATSAPP_TOKEN: 'EAAwa',
    WHATSAPP_PHONE_NUMBER_ID: '1234567890',
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_API_URL: cloud.url,
    ...env,
  })
  return {
    db,
    cloud,
    pano,
    async close() {
      await pano.close()
      await cloud.close()
      await db.drop()
    },
  }
}

/** POST of a webhook body; `signature` absent: no signature header at all. */
export function postWebhook(pano: RunningPano, body: string, signature?: string): Promise<Response> {
  return fetch(`${pano.url}/api/v1/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  })
}

/**
 * A citizen's message with WhatsApp id `id`, signed with APP_SECRET and accepted (200); `ageSec`
 * back-dates its timestamp. Returns the body, so a test can deliver it again.
 */
export async function receiveWhatsapp(
  pano: RunningPano,
  sender: { from: string; name: string },
  id: string,
  message: Record<string, unknown>,
  ageSec = 0,
): Promise<string> {
  const body = inboundWebhook(sender.from, sender.name, {
    id,
    timestamp: String(Math.floor(Date.now() / 1000) - ageSec),
    ...message,
  })
  expect((await postWebhook(pano, body, sign(body, APP_SECRET))).status).toBe(200)
  return body
}

export async function conversationOf(agent: Client, phone: string): Promise<WhatsappConversationDetail> {
  const page = (await agent.get<WhatsappConversationPage>('/whatsapp/conversations')).body
  const item = page.items.find((c) => c.phone === phone)
  if (item === undefined) throw new Error(`no conversation for ${phone}`)
  return (await agent.get<WhatsappConversationDetail>(`/whatsapp/conversations/${item.id}`)).body
}
