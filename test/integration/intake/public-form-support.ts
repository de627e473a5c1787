/**
 * Sending the public form as a browser would: fetch a challenge, solve it, post multipart with fields
 * and files. Used by the public-form tests and the inbox tests.
 */
import type { Express } from 'express'
import request from 'supertest'
import type { PowChallenge, PublicApplicationReceipt } from '../../../server/contract/intake.ts'
import { solveChallenge } from '../../../server/domain/intake/proof-of-work.ts'

export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.alloc(64, 1),
])
export const PDF_BYTES = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

/** A valid T.C. kimlik numarası by the check-digit rule (not a real person's). */
export const VALID_NATIONAL_ID = '10000000146'

export interface FormFile {
  name: string
  bytes: Buffer
  type?: string
}

export const VALID_FIELDS: Record<string, string> = {
  type: 'SIKAYET',
  subject: 'Sokak lambası yanmıyor',
  text: 'Bostanlı 1800. sokaktaki sokak lambası bir haftadır yanmıyor.',
  mahalle: 'Bostanlı',
  fullName: 'Ayşe Yılmaz',
  phone: '0532 123 45 67',
  email: 'ayse@example.org',
  consent: 'true',
  website: '',
}

export async function solvedChallenge(app: Express): Promise<{ challenge: string; counter: string }> {
  const res = await request(app).get('/api/v1/public/challenge').expect(200)
  const c = res.body as PowChallenge
  return { challenge: c.challenge, counter: solveChallenge(c.challenge, c.bits) }
}

export function postForm(app: Express, fields: Record<string, string>, files: FormFile[] = []): request.Test {
  let req = request(app).post('/api/v1/public/applications')
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v)
  for (const f of files)
    req = req.attach('attachments', f.bytes, {
      filename: f.name,
      contentType: f.type ?? 'application/octet-stream',
    })
  return req
}

/** A complete, valid application with a fresh solved challenge; `overrides` replace fields. */
export async function submitValid(
  app: Express,
  overrides: Record<string, string | undefined> = {},
  files: FormFile[] = [],
): Promise<request.Response> {
  const pow = await solvedChallenge(app)
  const fields: Record<string, string> = { ...VALID_FIELDS, ...pow }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete fields[k]
    else fields[k] = v
  }
  return postForm(app, fields, files)
}

export function receiptOf(res: { body: unknown }): PublicApplicationReceipt {
  return res.body as PublicApplicationReceipt
}
