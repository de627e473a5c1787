import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ValidationError } from '../../../server/errors.ts'
import { useTurkishValidationMessages } from '../../../server/http/validation-messages.ts'

describe("zod's own messages", () => {
  it('speak plain Turkish to the person at the form, and a schema’s own words win', () => {
    useTurkishValidationMessages()
    const schema = z.object({
      subject: z.string().trim().min(1),
      description: z.string().max(5),
      unitId: z.number().int().positive(),
      kind: z.enum(['A', 'B']),
      email: z.email(),
      phones: z.array(z.object({ number: z.string() })).min(1),
      reason: z.string().min(1, 'Gerekçe yazın.'),
    })
    const result = schema.safeParse({
      subject: '  ',
      description: 'çok uzun metin',
      kind: 'C',
      email: 'x',
      phones: [],
      reason: '',
    })
    expect(result.success).toBe(false)
    const issues = ValidationError.fromZod(result.error as z.ZodError).issues
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]))
    expect(byPath).toEqual({
      subject: 'Boş bırakılamaz.',
      description: 'En çok 5 karakter olmalı.',
      unitId: 'Bu alan gerekli.',
      kind: 'Listedeki seçeneklerden birini seçin.',
      email: 'Geçerli bir e-posta adresi yazın.',
      phones: 'En az bir seçim yapın.',
      reason: 'Gerekçe yazın.',
    })
  })
})
