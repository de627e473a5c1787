/**
 * Actions → bytes (docs/ami-protocol.md §2, §11, §12). Pure. `encodeAction` is the only place that turns
 * fields into wire text: it refuses CR, LF, NUL and every other control character in any name or value
 * before a byte is written, so a user value can never add a header or smuggle a second action.
 * The builders below add the per-action rules (Async originate, strict numbers, exact Hangup channel).
 */
import { createHash } from 'node:crypto'
import { AmiEncodeError, err, ok, type Result } from './errors.ts'
import {
  action,
  build,
  check,
  CHANNEL_PATTERN,
  CONTROL_CHAR,
  EXTEN_PATTERN,
  FIELD_NAME_PATTERN,
  NUMBER_PATTERN,
  TOKEN_PATTERN,
  type ActionResult,
  type AmiAction,
} from './action-checks.ts'

export { CHANNEL_PATTERN, NUMBER_PATTERN, type ActionResult, type AmiAction } from './action-checks.ts'
export {
  chanSpyData,
  originate,
  ORIGINATE_APPLICATIONS,
  type ChanSpyOption,
  type OriginateApplication,
  type OriginatePolicy,
  type OriginateRequest,
  type OriginateToApplication,
  type OriginateToExten,
} from './originate-action.ts'

/** Asterisk reads at most 1024 bytes per line and 128 headers per action (§2). */
const MAX_LINE_BYTES = 1024
const MAX_HEADERS = 128

/**
 * The one serialiser: `Action`, `ActionID`, then the fields, CRLF line ends and the blank line.
 * Returns an AmiEncodeError instead of text when any name or value is unsafe.
 */
export function encodeAction(action: AmiAction, actionId: string): Result<string, AmiEncodeError> {
  if (action.fields.some(([k]) => /^action(id)?$/i.test(k))) {
    return err(new AmiEncodeError(action.name, 'Action/ActionID', 'must not be given as a field'))
  }
  if (actionId.length === 0) return err(new AmiEncodeError(action.name, 'ActionID', 'is empty'))
  const lines: Array<readonly [string, string]> = [
    ['Action', action.name],
    ['ActionID', actionId],
    ...action.fields,
  ]
  if (lines.length > MAX_HEADERS)
    return err(new AmiEncodeError(action.name, 'fields', `count exceeds ${MAX_HEADERS}`))
  let out = ''
  for (const [key, value] of lines) {
    if (!FIELD_NAME_PATTERN.test(key))
      return err(new AmiEncodeError(action.name, safeLabel(key), 'is not a valid field name'))
    if (CONTROL_CHAR.test(value))
      return err(new AmiEncodeError(action.name, key, 'contains a control character (CR, LF, NUL…)'))
    const line = `${key}: ${value}\r\n`
    if (Buffer.byteLength(line) > MAX_LINE_BYTES)
      return err(new AmiEncodeError(action.name, key, `is longer than ${MAX_LINE_BYTES} bytes`))
    out += line
  }
  return ok(out + '\r\n')
}

/** `prefix-1`, `prefix-2`, … ; the prefix should be unique per client instance (e.g. pbxId + random). */
export function createActionIdAllocator(prefix: string): () => string {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix))
    throw new TypeError(`invalid ActionID prefix: ${JSON.stringify(prefix)}`)
  let counter = 0
  return () => `${prefix}-${++counter}`
}

/** Fields safe to log: secrets and MD5 keys replaced. Never log encoded Login text. */
export function redactedFields(action: AmiAction): Array<[string, string]> {
  return action.fields.map(([k, v]) => [k, /^(secret|key)$/i.test(k) ? '***' : v])
}

function safeLabel(key: string): string {
  return JSON.stringify(key.slice(0, 40))
}

// --- Session -------------------------------------------------------------------------------------

export type EventMask =
  'on' | 'off' | ReadonlyArray<'call' | 'agent' | 'system' | 'user' | 'reporting' | 'dialplan' | 'security'>

function eventMaskText(mask: EventMask): string {
  return typeof mask === 'string' ? mask : mask.join(',')
}

export function loginPlain(username: string, secret: string, events?: EventMask): ActionResult {
  return action('Login', [
    ['Username', username],
    ['Secret', secret],
    ...(events === undefined ? [] : [['Events', eventMaskText(events)] as const]),
  ])
}

export function challenge(): ActionResult {
  return action('Challenge', [['AuthType', 'MD5']])
}

/** Key = lower-case hex MD5 of challenge + secret (§3). */
export function md5Key(challengeText: string, secret: string): string {
  return createHash('md5')
    .update(challengeText + secret)
    .digest('hex')
}

export function loginMd5(
  username: string,
  challengeText: string,
  secret: string,
  events?: EventMask,
): ActionResult {
  return action('Login', [
    ['AuthType', 'MD5'],
    ['Username', username],
    ['Key', md5Key(challengeText, secret)],
    ...(events === undefined ? [] : [['Events', eventMaskText(events)] as const]),
  ])
}

export const logoff = (): ActionResult => action('Logoff', [])
export const ping = (): ActionResult => action('Ping', [])
export const events = (mask: EventMask): ActionResult =>
  action('Events', [['EventMask', eventMaskText(mask)]])

// --- Snapshots (EventList actions) -----------------------------------------------------------------

export function queueStatus(filter: { queue?: string; member?: string } = {}): ActionResult {
  return build(
    'QueueStatus',
    [
      filter.queue === undefined
        ? undefined
        : check('QueueStatus', 'Queue', filter.queue, TOKEN_PATTERN, 'a queue name'),
      filter.member === undefined
        ? undefined
        : check('QueueStatus', 'Member', filter.member, CHANNEL_PATTERN, 'an interface'),
    ],
    [
      filter.queue !== undefined && ['Queue', filter.queue],
      filter.member !== undefined && ['Member', filter.member],
    ],
  )
}

export function queueSummary(queue?: string): ActionResult {
  return build(
    'QueueSummary',
    [queue === undefined ? undefined : check('QueueSummary', 'Queue', queue, TOKEN_PATTERN, 'a queue name')],
    [queue !== undefined && ['Queue', queue]],
  )
}

export const coreShowChannels = (): ActionResult => action('CoreShowChannels', [])
export const deviceStateList = (): ActionResult => action('DeviceStateList', [])
export const extensionStateList = (): ActionResult => action('ExtensionStateList', [])

// --- Agent actions -------------------------------------------------------------------------------

export function queuePause(p: {
  interface: string
  paused: boolean
  queue?: string
  reason?: string
}): ActionResult {
  return build(
    'QueuePause',
    [
      check('QueuePause', 'Interface', p.interface, CHANNEL_PATTERN, 'an interface'),
      p.queue === undefined
        ? undefined
        : check('QueuePause', 'Queue', p.queue, TOKEN_PATTERN, 'a queue name'),
      p.reason !== undefined && p.reason.length > 80
        ? new AmiEncodeError('QueuePause', 'Reason', 'is longer than 80 characters')
        : undefined,
    ],
    [
      ['Interface', p.interface],
      ['Paused', p.paused ? 'true' : 'false'],
      p.queue !== undefined && ['Queue', p.queue],
      p.reason !== undefined && ['Reason', p.reason],
    ],
  )
}

export function queueAdd(p: {
  queue: string
  interface: string
  memberName?: string
  penalty?: number
  paused?: boolean
  stateInterface?: string
}): ActionResult {
  return build(
    'QueueAdd',
    [
      check('QueueAdd', 'Queue', p.queue, TOKEN_PATTERN, 'a queue name'),
      check('QueueAdd', 'Interface', p.interface, CHANNEL_PATTERN, 'an interface'),
      p.stateInterface === undefined
        ? undefined
        : check('QueueAdd', 'StateInterface', p.stateInterface, CHANNEL_PATTERN, 'an interface'),
      p.penalty === undefined || (Number.isInteger(p.penalty) && p.penalty >= 0)
        ? undefined
        : new AmiEncodeError('QueueAdd', 'Penalty', 'is not a non-negative integer'),
    ],
    [
      ['Queue', p.queue],
      ['Interface', p.interface],
      p.memberName !== undefined && ['MemberName', p.memberName],
      p.penalty !== undefined && ['Penalty', String(p.penalty)],
      p.paused !== undefined && ['Paused', p.paused ? 'true' : 'false'],
      p.stateInterface !== undefined && ['StateInterface', p.stateInterface],
    ],
  )
}

export function queueRemove(p: { queue: string; interface: string }): ActionResult {
  return build(
    'QueueRemove',
    [
      check('QueueRemove', 'Queue', p.queue, TOKEN_PATTERN, 'a queue name'),
      check('QueueRemove', 'Interface', p.interface, CHANNEL_PATTERN, 'an interface'),
    ],
    [
      ['Queue', p.queue],
      ['Interface', p.interface],
    ],
  )
}

// --- Call control --------------------------------------------------------------------------------

export function redirect(p: {
  channel: string
  context: string
  exten: string
  priority?: number
  extraChannel?: string
}): ActionResult {
  return build(
    'Redirect',
    [
      check('Redirect', 'Channel', p.channel, CHANNEL_PATTERN, 'an exact channel name'),
      check('Redirect', 'Context', p.context, TOKEN_PATTERN, 'a context'),
      check('Redirect', 'Exten', p.exten, EXTEN_PATTERN, 'an extension'),
      p.extraChannel === undefined
        ? undefined
        : check('Redirect', 'ExtraChannel', p.extraChannel, CHANNEL_PATTERN, 'an exact channel name'),
    ],
    [
      ['Channel', p.channel],
      ['Context', p.context],
      ['Exten', p.exten],
      ['Priority', String(p.priority ?? 1)],
      p.extraChannel !== undefined && ['ExtraChannel', p.extraChannel],
      p.extraChannel !== undefined && ['ExtraContext', p.context],
      p.extraChannel !== undefined && ['ExtraExten', p.exten],
      p.extraChannel !== undefined && ['ExtraPriority', String(p.priority ?? 1)],
    ],
  )
}

function transfer(
  name: 'BlindTransfer' | 'Atxfer',
  p: { channel: string; exten: string; context?: string },
): ActionResult {
  return build(
    name,
    [
      check(name, 'Channel', p.channel, CHANNEL_PATTERN, 'an exact channel name'),
      check(name, 'Exten', p.exten, NUMBER_PATTERN, 'a number'),
      p.context === undefined ? undefined : check(name, 'Context', p.context, TOKEN_PATTERN, 'a context'),
    ],
    [['Channel', p.channel], ['Exten', p.exten], p.context !== undefined && ['Context', p.context]],
  )
}

/** Transfers the bridge `channel` (the transferer, i.e. the agent) is in to exten@context. */
export const blindTransfer = (p: { channel: string; exten: string; context?: string }): ActionResult =>
  transfer('BlindTransfer', p)
/** Queues the DTMF atxfer feature code + digits on `channel`; the outcome comes as AttendedTransfer. */
export const atxfer = (p: { channel: string; exten: string; context?: string }): ActionResult =>
  transfer('Atxfer', p)

/** Aborts the attended transfer `channel` started (queues the atxfer abort code; ami-protocol §11). */
export const cancelAtxfer = (channel: string): ActionResult =>
  build(
    'CancelAtxfer',
    [check('CancelAtxfer', 'Channel', channel, CHANNEL_PATTERN, 'an exact channel name')],
    [['Channel', channel]],
  )

/** Hangs up one channel by its exact name. A leading `/` (a regex in Asterisk) is refused. */
export function hangup(channel: string, cause?: number): ActionResult {
  if (channel.startsWith('/'))
    return err(new AmiEncodeError('Hangup', 'Channel', 'starts with "/", which Asterisk reads as a regex'))
  return build(
    'Hangup',
    [
      check('Hangup', 'Channel', channel, CHANNEL_PATTERN, 'an exact channel name'),
      cause === undefined || (Number.isInteger(cause) && cause >= 0 && cause < 128)
        ? undefined
        : new AmiEncodeError('Hangup', 'Cause', 'is not a Q.850 cause'),
    ],
    [['Channel', channel], cause !== undefined && ['Cause', String(cause)]],
  )
}
