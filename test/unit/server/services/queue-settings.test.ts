import { describe, expect, it } from 'vitest'
import { parseThresholds } from '../../../../server/services/telephony/queue-settings.ts'

describe('queue thresholds stored on a Queue row', () => {
  it('accepts the empty default and a partial set without a warning', () => {
    const warnings: string[] = []
    expect(parseThresholds({}, (m) => warnings.push(m))).toEqual({})
    expect(parseThresholds({ serviceLevelPct: { amber: 80, red: 60 } }, (m) => warnings.push(m))).toEqual({
      serviceLevelPct: { amber: 80, red: 60, higherIsWorse: false },
    })
    expect(warnings).toEqual([])
  })

  it('ignores malformed JSON with a warning instead of failing the start', () => {
    const warnings: string[] = []
    expect(parseThresholds({ waiting: { amber: 'çok' } }, (m) => warnings.push(m))).toEqual({})
    expect(warnings).toHaveLength(1)
  })
})
