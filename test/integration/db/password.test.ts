import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../../server/db/password.ts'

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Karşıyaka 35!')
    expect(stored.split('$')).toHaveLength(6)
    expect(await verifyPassword('Karşıyaka 35!', stored)).toBe(true)
    expect(await verifyPassword('karşıyaka 35!', stored)).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('demo')).not.toBe(await hashPassword('demo'))
  })

  it('answers false, never throws, for malformed or hostile stored values', async () => {
    const good = await hashPassword('demo')
    const [, , r, p, salt, hash] = good.split('$')
    for (const bad of [
      '',
      'plain',
      'bcrypt$x',
      `scrypt$1073741824$${r}$${p}$${salt}$${hash}`,
      `scrypt$16384$8$1$$${hash}`,
      `scrypt$abc$8$1$${salt}$${hash}`,
    ]) {
      expect(await verifyPassword('demo', bad)).toBe(false)
    }
  })
})
