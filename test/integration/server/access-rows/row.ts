/**
 * What a row of the access table (test/integration/server/access-table.test.ts) is: who may call the
 * route, the request to send, and what an allowed caller gets; with the role groups the rows allow and
 * the rules for a caller's own target and someone else's. The rows themselves live beside this file,
 * one module per area of the app.
 */
import type { Role } from '../../../../server/contract/auth.ts'
import { ROLES, type Fixtures } from '../access-fixtures.ts'

export type Who = Role | 'anonymous'
export type Whose = 'own' | 'other'
export interface Req {
  path: string
  body?: unknown
  /** Sent with a new session of the role (sign-out and sign-in end the session they are sent with). */
  fresh?: true
}
export interface Row {
  allow: readonly Role[] | 'public'
  /** The request; for an `owned` row it is built for the caller's own target, then for another's. */
  req: (who: Who, whose: Whose) => Promise<Req> | Req
  /** What an allowed caller gets (for public rows, anonymous too). */
  ok: number | ((who: Who, whose: Whose) => number)
  owned?: true
}
/** Rows keyed `METHOD /path` exactly as the app registers the route. */
export type Rows = Record<string, Row>
/** An area's rows, built once the fixtures they act on exist. */
export type RowsOf = (f: Fixtures) => Rows

export const EVERYONE = ROLES
/** The directorate's staff: everyone but the data officer, who sees Yönetim › KVKK only. */
export const STAFF: Role[] = ROLES.filter((r) => r !== 'kvkk')
export const DIRECTORATE: Role[] = ['agent', 'operator', 'supervisor', 'admin']
export const ANSWERING: Role[] = ['unit', 'supervisor', 'admin']
export const SUPERVISION: Role[] = ['supervisor', 'admin']
export const DESK: Role[] = ['agent', 'supervisor']
export const SANTRAL: Role[] = ['operator', 'supervisor']
export const ADMIN: Role[] = ['admin']
export const KVKK: Role[] = ['admin', 'kvkk']
export const RECORDING: Role[] = ['supervisor', 'kvkk']

/** Unit staff act on their own unit only; everyone else the rule lets through acts on any. */
export const unitOwn = (status: number) => (who: Who, whose: Whose) =>
  who === 'unit' && whose === 'other' ? 403 : status
/** Only the operator who started it; a supervisor on anyone's. */
export const starterOnly = (status: number) => (who: Who, whose: Whose) =>
  who === 'operator' && whose === 'other' ? 403 : status
export const mine = (status: number) => (_who: Who, whose: Whose) => (whose === 'other' ? 403 : status)
