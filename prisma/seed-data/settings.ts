import { DEFAULT_ACIK_KAPI_PERIOD, DEFAULT_INTERNAL_SLA } from '../../server/domain/legal-clock.ts'
import { DEFAULT_OFFICE_HOURS } from '../../server/domain/calendar/working-days.ts'
import { OFFICE_HOURS_SETTING } from '../../server/services/tickets/calendar-source.ts'
import { ACIK_KAPI_SETTING, INTERNAL_SLA_SETTING } from '../../server/services/tickets/ticket-deadlines.ts'
import { DEFAULT_RETENTION } from '../../server/contract/kvkk.ts'
import { RETENTION_SETTING } from '../../server/services/kvkk/retention-settings.ts'
import { EXTERNAL_INSTITUTIONS } from './units.ts'

/**
 * Settings the admin can change. The seed only creates missing keys, never overwrites an admin's value.
 * Internal SLAs per ticket type are the legal-clock module's defaults (docs/design.md §2.6).
 */
export const SETTINGS: ReadonlyArray<{ readonly key: string; readonly value: unknown }> = [
  { key: INTERNAL_SLA_SETTING, value: DEFAULT_INTERNAL_SLA },
  { key: ACIK_KAPI_SETTING, value: DEFAULT_ACIK_KAPI_PERIOD },
  { key: 'routing.externalInstitutions', value: EXTERNAL_INSTITUTIONS },
  { key: OFFICE_HOURS_SETTING, value: DEFAULT_OFFICE_HOURS },
  /** KVKK retention periods in days (ADR 013); the daily retention run applies them. */
  { key: RETENTION_SETTING, value: DEFAULT_RETENTION },
]
