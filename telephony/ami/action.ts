import { createHash } from 'node:crypto'
import { AmiEncodeError, err, ok, type Result } from './errors.ts'

/**
 * Actions → bytes (ami-protocol.md §2, §11, §12). Pure. `encodeAction` is the only place that turns
 * fields into wire text: it refuses CR, LF, NUL and every other control character in any name or value
 * before a byte is written, so a user value can never add a header or smuggle a second action.
 * The builders below add the per-action rules (Async originate, strict numbers, exact Hangup channel).
 */

/** An action ready to encode. ActionID is added by `encodeAction`; do not put it in `fields`. */
export interface AmiAction {
  readonly name: string
  readonly fields: ReadonlyArray<readonly [string, string]>
}

export type ActionResult = Result<AmiAction, AmiEncodeError>

/** Phone numbers and dialled extensions (§12.1). */
export const NUMBER_PATTERN = /^\+?[0-9*#]{1,32}$/
/** Exact channel or interface names: `PJSIP/1001-0000002a`, `Local/1004@agents-000000ae;1`, `Local/1001@agents/n`. */
export const CHANNEL_PATTERN = /^[A-Za-z][A-Za-z0-9_]*\/[^\s/][^\s]{0,199}$/
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
const TOKEN_PATTERN = /^[A-Za-z0-9_.@+-]{1,80}$/
const EXTEN_PATTERN = /^[A-Za-z0-9*#+_-]{1,80}$/
const VARIABLE_NAME_PATTERN = /^_{0,2}[A-Za-z][A-Za-z0-9_]{0,63}$/
// Every C0 control character and DEL: CR, LF and NUL included.
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u001f\u007f]/
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

function action(name: string, fields: Array<readonly [string, string]>): ActionResult {
  return ok({ name, fields })
}

function check(
  actionName: string,
  field: string,
  value: string,
  pattern: RegExp,
  what: string,
): AmiEncodeError | undefined {
  return pattern.test(value)
    ? undefined
    : new AmiEncodeError(actionName, field, `is not ${what}: ${JSON.stringify(value.slice(0, 40))}`)
}

/** Runs the checks in order; the first failure is returned, else the action. */
function build(
  name: string,
  checks: Array<AmiEncodeError | undefined>,
  fields: Array<readonly [string, string] | false | undefined>,
): ActionResult {
  const failure = checks.find((c) => c !== undefined)
  if (failure !== undefined) return err(failure)
  return action(
    name,
    fields.filter((f): f is readonly [string, string] => f !== false && f !== undefined),
  )
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

export interface OriginatePolicy {
  /** Channels the caller may originate from; default `Local/<number>@<context>[/n]` and `PJSIP/<number>`. */
  readonly channelPatterns?: readonly RegExp[]
  /** Contexts the call may be sent to; default any `[A-Za-z0-9_-]` name. Production should pass a list. */
  readonly contextPatterns?: readonly RegExp[]
}

export interface OriginateRequest {
  readonly channel: string
  readonly context: string
  /** The number to dial; must match `^\+?[0-9*#]{1,32}$`. */
  readonly exten: string
  readonly priority?: number
  readonly callerId?: string
  /** Ring timeout of the first leg, ms (Asterisk default 30000). */
  readonly timeoutMs?: number
  /** Values may not contain an unescaped comma (Asterisk splits `Variable` on commas). */
  readonly variables?: Readonly<Record<string, string>>
  readonly channelId?: string
  readonly otherChannelId?: string
}

const DEFAULT_ORIGINATE_CHANNELS = [
  /^Local\/\+?[0-9*#]{1,32}@[A-Za-z0-9_-]{1,80}(\/n)?$/,
  /^PJSIP\/[0-9]{1,32}$/,
]
const DEFAULT_ORIGINATE_CONTEXTS = [/^[A-Za-z0-9_-]{1,80}$/]

/** Always `Async: true`: a synchronous Originate blocks the whole AMI session (§4). */
export function originate(req: OriginateRequest, policy: OriginatePolicy = {}): ActionResult {
  const channels = policy.channelPatterns ?? DEFAULT_ORIGINATE_CHANNELS
  const contexts = policy.contextPatterns ?? DEFAULT_ORIGINATE_CONTEXTS
  const variableChecks = Object.entries(req.variables ?? {}).flatMap(([name, value]) => [
    check('Originate', 'Variable', name, VARIABLE_NAME_PATTERN, 'a variable name'),
    /(^|[^\\])(\\\\)*,/.test(value)
      ? new AmiEncodeError('Originate', 'Variable', `${name} contains an unescaped comma`)
      : undefined,
  ])
  return build(
    'Originate',
    [
      channels.some((p) => p.test(req.channel))
        ? undefined
        : new AmiEncodeError('Originate', 'Channel', 'is not an allowed channel'),
      contexts.some((p) => p.test(req.context))
        ? undefined
        : new AmiEncodeError('Originate', 'Context', 'is not an allowed context'),
      check('Originate', 'Exten', req.exten, NUMBER_PATTERN, 'a number'),
      req.timeoutMs === undefined || (Number.isInteger(req.timeoutMs) && req.timeoutMs > 0)
        ? undefined
        : new AmiEncodeError('Originate', 'Timeout', 'is not a positive integer'),
      req.channelId === undefined
        ? undefined
        : check('Originate', 'ChannelId', req.channelId, TOKEN_PATTERN, 'an id'),
      req.otherChannelId === undefined
        ? undefined
        : check('Originate', 'OtherChannelId', req.otherChannelId, TOKEN_PATTERN, 'an id'),
      ...variableChecks,
    ],
    [
      ['Channel', req.channel],
      ['Context', req.context],
      ['Exten', req.exten],
      ['Priority', String(req.priority ?? 1)],
      req.callerId !== undefined && ['CallerID', req.callerId],
      ['Timeout', String(req.timeoutMs ?? 30000)],
      ['Async', 'true'],
      req.channelId !== undefined && ['ChannelId', req.channelId],
      req.otherChannelId !== undefined && ['OtherChannelId', req.otherChannelId],
      ...Object.entries(req.variables ?? {}).map(([k, v]) => ['Variable', `${k}=${v}`] as const),
    ],
  )
}
