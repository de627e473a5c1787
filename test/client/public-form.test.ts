/** The public form's browser-side pieces: the plain SHA-256 and the proof-of-work solver, the form's issue grouping. */
import { describe, expect, it } from 'vitest'
import { fieldOfPath, fileProblems, groupIssues } from '../../client/src/public/application-form.ts'
import { leadingZeroBits, solveChallenge } from '../../client/src/public/proof-of-work.ts'
import { sha256 } from '../../client/src/public/sha256.ts'

const subtleDigest = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))

describe('proof-of-work in the browser', () => {
  it('the plain SHA-256 agrees with crypto.subtle', async () => {
    for (const text of ['', 'abc', 'ç'.repeat(100), 'x'.repeat(1000)]) {
      expect([...sha256(new TextEncoder().encode(text))]).toEqual([...(await subtleDigest(text))])
    }
  })

  it('finds a counter the server would accept, with crypto.subtle and without it', async () => {
    for (const subtle of [crypto.subtle, null]) {
      const counter = await solveChallenge('meydan.okuma', 8, { subtle })
      expect(leadingZeroBits(await subtleDigest(`meydan.okuma:${counter}`))).toBeGreaterThanOrEqual(8)
    }
  })
})

describe('form issues', () => {
  it('puts each server issue at its field and the rest at the top', () => {
    expect(fieldOfPath('attachments.2')).toBe('attachments')
    expect(
      groupIssues([
        { path: 'consent', message: 'Onay' },
        { path: 'attachments.0', message: 'Tür' },
        { path: 'bilinmeyen', message: 'Genel' },
      ]),
    ).toEqual({ fields: { consent: ['Onay'], attachments: ['Tür'] }, other: ['Genel'] })
    expect(fileProblems([{ name: 'a.pdf', size: 6 * 1024 * 1024 }])).toEqual([
      '"a.pdf" 5 MB sınırını aşıyor.',
    ])
  })
})
