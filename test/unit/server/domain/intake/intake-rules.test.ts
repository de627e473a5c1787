/** The pure rules of written intake: file kinds by their bytes, safe names, T.C. kimlik no, proof-of-work, lookup codes, mail text. */
import { describe, expect, it } from 'vitest'
import { detectFileType, safeFilename } from '../../../../../server/domain/intake/file-signature.ts'
import { isValidNationalId, maskNationalId } from '../../../../../server/domain/intake/national-id.ts'
import {
  leadingZeroBits,
  solveChallenge,
  solvesChallenge,
} from '../../../../../server/domain/intake/proof-of-work.ts'
import { isKarsiyakaMahalle } from '../../../../../server/domain/intake/mahalle.ts'
import {
  hashLookupCode,
  lookupCodeMatches,
  newLookupCode,
} from '../../../../../server/services/intake/lookup-code.ts'
import { htmlToPlainText, parseIntakeMail } from '../../../../../server/services/intake/mail/parse-mail.ts'

describe('file kinds', () => {
  it('knows JPEG, PNG and PDF by their first bytes, and nothing else', () => {
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg')
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(detectFileType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(detectFileType(Buffer.from('GIF89a'))).toBeNull()
    expect(detectFileType(Buffer.from('MZ\x90\x00'))).toBeNull()
    expect(detectFileType(Buffer.from([0x89, 0x50]))).toBeNull()
  })

  it('keeps a readable base name with the detected extension, without paths or control characters', () => {
    expect(safeFilename('../../etc/passwd', 'application/pdf', 'ek-1')).toBe('passwd.pdf')
    expect(safeFilename('C:\\Users\\ali\\foto.exe', 'image/png', 'ek-1')).toBe('foto.png')
    expect(safeFilename('a"b\u0007c.jpg', 'image/jpeg', 'ek-1')).toBe('abc.jpg')
    expect(safeFilename(undefined, 'image/png', 'ek-2')).toBe('ek-2.png')
  })

  it('drops bidi overrides, zero-width and other format or control characters, keeping the extension', () => {
    expect(safeFilename('fatura\u202Efdp.exe', 'application/pdf', 'ek-1')).toBe('faturafdp.pdf')
    expect(safeFilename('\u2067fo\u200Bto\u2069\u200F\u0085.png\u2028', 'image/png', 'ek-1')).toBe('foto.png')
    expect(safeFilename('\u202E\uFEFF.jpg', 'image/jpeg', 'ek-3')).toBe('ek-3.jpg')
  })
})

describe('T.C. kimlik numarası', () => {
  it('checks the two check digits', () => {
    expect(isValidNationalId('10000000146')).toBe(true)
    expect(isValidNationalId('10000000147')).toBe(false)
    expect(isValidNationalId('01234567890')).toBe(false)
    expect(isValidNationalId('1234567890')).toBe(false)
    expect(maskNationalId('10000000146')).toBe('100******46')
  })
})

describe('proof-of-work', () => {
  it('counts leading zero bits and accepts only a counter that has enough', () => {
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0x10]))).toBe(19)
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0)
    const counter = solveChallenge('abc.def', 8)
    expect(solvesChallenge('abc.def', counter, 8)).toBe(true)
    expect(solvesChallenge('abc.def', `${counter}x`, 8)).toBe(false)
    expect(solvesChallenge('abc.def', '1'.repeat(40), 0)).toBe(false)
  })
})

describe('lookup codes and mahalleler', () => {
  it('makes codes without look-alikes, matched regardless of case, spaces and dashes', () => {
    const code = newLookupCode()
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/)
    const stored = hashLookupCode(code)
    expect(lookupCodeMatches(code.toLowerCase().replace('-', ' '), stored)).toBe(true)
    expect(lookupCodeMatches('AAAAA-AAAAA', stored)).toBe(false)
    expect(lookupCodeMatches(code, null)).toBe(false)
  })

  it('knows Karşıyaka mahalleleri by their exact names', () => {
    expect(isKarsiyakaMahalle('Bostanlı')).toBe(true)
    expect(isKarsiyakaMahalle('Alsancak')).toBe(false)
  })
})

describe('mail text', () => {
  it('turns HTML into text without scripts, styles or images', () => {
    const text = htmlToPlainText(
      '<style>p{}</style><p>Merhaba <b>dünya</b></p><script>alert(1)</script><img src=x>',
    )
    expect(text).toBe('Merhaba dünya')
  })

  it('keeps a mail it cannot parse, with the headers read by hand and a note', async () => {
    const mail = await parseIntakeMail(Buffer.from('Subject: Selam\r\nFrom: a@b.org\r\n\r\ngövde'))
    expect(mail.subject).toBe('Selam')
    expect(mail.fromEmail).toBe('a@b.org')
    expect(mail.text).toContain('gövde')
  })
})
