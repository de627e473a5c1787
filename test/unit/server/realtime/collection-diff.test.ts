import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyItemPatch } from '../../../../server/contract/item-patch.ts'
import { diffItems, itemPatch, keyItems } from '../../../../server/realtime/collection-diff.ts'

const tile = (offered: number, extra: Record<string, unknown> = {}) => ({
  pbxId: 'main',
  name: 'cagri-merkezi',
  label: '444 1 575 Çağrı Merkezi',
  serviceLevelFormula: 'SL = 20 sn içinde cevaplanan ÷ (cevaplanan + kısa olmayan terk)',
  offered,
  answered: offered - 1,
  agents: { available: 4, onCall: 2, paused: 1 },
  pauseReasons: { Yemek: 1 } as Record<string, number>,
  trend: Array.from({ length: 12 }, (_, i) => ({ slot: i, offered: i === 11 ? offered : i })),
  longestWaitSec: null as number | null,
  ...extra,
})
const byName = (t: { name: string }) => t.name

describe('diffItems', () => {
  it('sends a known item as the few fields that changed, and a new item whole', () => {
    const before = keyItems([tile(10)], byName)
    const after = keyItems([tile(11), { ...tile(0), name: 'santral' }], byName)
    const change = diffItems(before, after)
    expect(change?.upsert.map(byName)).toEqual(['santral'])
    expect(change?.patch?.['cagri-merkezi']).toEqual([
      ['/offered', 11],
      ['/answered', 10],
      ['/trend/11/offered', 11],
    ])
    expect(JSON.stringify(change?.patch).length).toBeLessThan(JSON.stringify(tile(11)).length / 5)
  })

  it('says which keys left, and deletes a field that is gone (a pause reason nobody has any more)', () => {
    const before = keyItems([tile(1), { ...tile(1), name: 'santral' }], byName)
    const after = keyItems([tile(1, { pauseReasons: {}, longestWaitSec: 42 })], byName)
    expect(diffItems(before, after)).toEqual({
      upsert: [],
      patch: {
        'cagri-merkezi': [['/pauseReasons/Yemek'], ['/longestWaitSec', 42]],
      },
      remove: ['santral'],
    })
  })

  it('sends the whole item when most of it changed, and nothing when nothing did', () => {
    const small = (n: number) => ({ name: 'q', a: n, b: n, c: n })
    const change = diffItems(keyItems([small(1)], byName), keyItems([small(2)], byName))
    expect(change).toEqual({ upsert: [small(2)], remove: [] })
    expect(diffItems(keyItems([tile(3)], byName), keyItems([tile(3)], byName))).toBeNull()
  })
})

describe('applyItemPatch', () => {
  it('returns a new item and leaves the one it was given as it was', () => {
    const before = tile(10)
    const frozen = structuredClone(before)
    const after = applyItemPatch(before, itemPatch(before, tile(11, { pauseReasons: {} })))
    expect(after).toEqual(tile(11, { pauseReasons: {} }))
    expect(before).toEqual(frozen)
    expect(after?.agents).toBe(before.agents) // untouched parts are shared
    expect(after?.trend).not.toBe(before.trend)
  })

  it('refuses a patch that does not fit the item (the client holds another version)', () => {
    expect(applyItemPatch({ a: 1 }, [['/b/c', 1]])).toBeNull()
    expect(applyItemPatch({ a: [1, 2] }, [['/a/5', 1]])).toBeNull()
    expect(applyItemPatch({ a: [1, 2] }, [['/a/01', 1]])).toBeNull()
    expect(applyItemPatch({ a: 1 }, [['/missing']])).toBeNull()
    expect(applyItemPatch({ a: 1 }, [['a', 2]])).toBeNull()
  })

  it('keeps a key named __proto__ as data', () => {
    const after = applyItemPatch<Record<string, unknown>>({ reasons: {} }, [['/reasons/__proto__', 1]])
    const reasons = after?.['reasons'] as Record<string, unknown>
    expect(Object.hasOwn(reasons, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(reasons)).toBe(Object.prototype)
  })

  it('escapes / and ~ in keys as JSON Pointer does', () => {
    const before = { reasons: { 'a/b': 1, '~x': 2 } }
    const ops = itemPatch(before, { reasons: { 'a/b': 3, '~x': 4 } })
    expect(ops).toEqual([
      ['/reasons/a~1b', 3],
      ['/reasons/~0x', 4],
    ])
    expect(applyItemPatch(before, ops)).toEqual({ reasons: { 'a/b': 3, '~x': 4 } })
  })

  it('treats keys named like Object.prototype members as data', () => {
    const before = { g: { toString: null, constructor: 1 } }
    const after = { g: {}, valueOf: 2 }
    expect(applyItemPatch(before, itemPatch(before, after))).toEqual(after)
  })

  it('turns any JSON item into any other through its patch', () => {
    const json = fc.jsonValue({ maxDepth: 4 })
    const item = fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 6 })
    fc.assert(
      fc.property(item, item, (a, b) => {
        const before = JSON.parse(JSON.stringify(a)) as Record<string, unknown>
        const after = JSON.parse(JSON.stringify(b)) as Record<string, unknown>
        const ops = JSON.parse(JSON.stringify(itemPatch(before, after))) as Parameters<
          typeof applyItemPatch
        >[1]
        expect(applyItemPatch(before, ops)).toEqual(after)
      }),
      { numRuns: 2_000 },
    )
  })
})

describe('diffItems with an item changed in place', () => {
  it('sends the whole item when the kept version was mutated after it was keyed', () => {
    const item = tile(1)
    const before = keyItems([item], byName)
    item.offered = 2 // a producer that reuses its objects: the old version now equals the new one
    const change = diffItems(before, keyItems([item], byName))
    expect(change).toEqual({ upsert: [item], remove: [] })
  })
})
