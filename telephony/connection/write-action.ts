/**
 * Writing one action on an AMI connection (ami-client.ts): encoded first (a value the encoder refuses
 * is never written), its ActionID registered with the pending actions, then written once; never
 * resent after a disconnect.
 */
import type net from 'node:net'
import * as build from '../ami/action.ts'
import type { ActionResult } from '../ami/action.ts'
import { AmiDisconnectedError, err, type AmiError, type Result } from '../ami/errors.ts'
import type { AmiMessage } from '../ami/message.ts'
import type { AmiListResult, OriginateOutcome, PendingActions } from './pending-actions.ts'
import type { AmiLogger } from './types.ts'

/** Actions the client sends itself (and never logs with their fields). */
export const LOGIN_ACTIONS = new Set(['login', 'challenge', 'logoff'])

export type ActionKind = 'single' | 'list' | 'originate'

export type ActionOutcome<K extends ActionKind> = Result<
  K extends 'single' ? AmiMessage : K extends 'list' ? AmiListResult : OriginateOutcome,
  AmiError
>

export interface ActionWriter {
  readonly pending: PendingActions
  readonly nextId: () => string
  readonly log: AmiLogger
}

export function writeAction<K extends ActionKind>(
  writer: ActionWriter,
  conn: { readonly socket: net.Socket; readonly closed: boolean; readonly reason?: string },
  action: ActionResult,
  kind: K,
  timeoutMs: number,
  finalTimeoutMs = 0,
): Promise<ActionOutcome<K>> {
  if (!action.ok) return Promise.resolve(err(action.error))
  const id = writer.nextId()
  const encoded = build.encodeAction(action.value, id)
  if (!encoded.ok) return Promise.resolve(err(encoded.error))
  if (conn.closed || conn.socket.destroyed)
    return Promise.resolve(
      err(new AmiDisconnectedError(action.value.name, id, conn.reason ?? 'socket closed')),
    )
  const result =
    kind === 'single'
      ? writer.pending.expectResponse(id, action.value.name, timeoutMs)
      : kind === 'list'
        ? writer.pending.expectList(id, action.value.name, timeoutMs)
        : writer.pending.expectOriginate(id, timeoutMs, finalTimeoutMs)
  if (!LOGIN_ACTIONS.has(action.value.name.toLowerCase())) {
    writer.log.debug(
      { action: action.value.name, actionId: id, fields: build.redactedFields(action.value) },
      'AMI action',
    )
  }
  conn.socket.write(encoded.value)
  return result as Promise<ActionOutcome<K>>
}
