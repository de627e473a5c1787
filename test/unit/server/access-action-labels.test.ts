/**
 * The KVKK officer's access log (server/services/kvkk/access-log.ts) shows every action on a citizen's
 * record in Turkish, never as a code: each action Pano can write about a person has a label.
 */
import { describe, expect, it } from 'vitest'
import { ACCESS_ACTION_LABELS } from '../../../server/contract/kvkk.ts'
import { AUDIT_ACTIONS } from '../../../server/services/audit/audit-log.ts'

/** Actions about accounts, settings and Pano's own runs, never written on a citizen. */
const NOT_ABOUT_A_PERSON =
  /^(user|api-token|queue|pbx|holiday|office-hours|demo|message-template|supervision)\.|^kvkk\.(retention|recording-delete)|^call\.list$/

describe('access log labels', () => {
  it('names every action on a person in Turkish', () => {
    const aboutAPerson = Object.values(AUDIT_ACTIONS).filter((a) => !NOT_ABOUT_A_PERSON.test(a))
    expect(aboutAPerson.length).toBeGreaterThan(10)
    expect(aboutAPerson.filter((a) => ACCESS_ACTION_LABELS[a] === undefined)).toEqual([])
  })
})
