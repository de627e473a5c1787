/**
 * Originate (docs/ami-protocol.md §11): always Async, from an allowed channel, either to exten@context or to
 * one allowed application (ChanSpy for the müdür's listen / whisper / barge, docs/decisions/018-*).
 */
import { AmiEncodeError, err, ok, type Result } from './errors.ts'
import {
  build,
  check,
  CHANNEL_PATTERN,
  NUMBER_PATTERN,
  TOKEN_PATTERN,
  VARIABLE_NAME_PATTERN,
  type ActionResult,
} from './action-checks.ts'

export interface OriginatePolicy {
  /** Channels the caller may originate from; default `Local/<number>@<context>[/n]` and `PJSIP/<number>`. */
  readonly channelPatterns?: readonly RegExp[]
  /** Contexts the call may be sent to; default any `[A-Za-z0-9_-]` name. Production should pass a list. */
  readonly contextPatterns?: readonly RegExp[]
}

interface OriginateCommon {
  readonly channel: string
  readonly callerId?: string
  /** Ring timeout of the first leg, ms (Asterisk default 30000). */
  readonly timeoutMs?: number
  /** Values may not contain an unescaped comma (Asterisk splits `Variable` on commas). */
  readonly variables?: Readonly<Record<string, string>>
  readonly channelId?: string
  readonly otherChannelId?: string
}

/** The first leg, once answered, continues in the dialplan at exten@context. */
export interface OriginateToExten extends OriginateCommon {
  readonly context: string
  /** The number to dial; must match `^\+?[0-9*#]{1,32}$`. */
  readonly exten: string
  readonly priority?: number
}

/** Applications an Originate may run on its first leg: only the ones Pano has a use for. */
export const ORIGINATE_APPLICATIONS = ['ChanSpy'] as const
export type OriginateApplication = (typeof ORIGINATE_APPLICATIONS)[number]

/** The first leg, once answered, runs one application (`Application` + `Data`) instead of the dialplan. */
export interface OriginateToApplication extends OriginateCommon {
  readonly application: OriginateApplication
  /** Built by the application's own helper (`chanSpyData`), which checks every part. */
  readonly data: string
}

export type OriginateRequest = OriginateToExten | OriginateToApplication

/**
 * ChanSpy options Pano uses (apps/app_chanspy.c in Asterisk): `q` no beep and no channel name spoken,
 * `w` whisper (the spied-on channel hears the spy), `B` barge (both parties hear the spy), `E` hang up
 * when the spied-on channel hangs up.
 */
export type ChanSpyOption = 'q' | 'w' | 'B' | 'E'
const CHANSPY_OPTION_ORDER: readonly ChanSpyOption[] = ['q', 'w', 'B', 'E']

/**
 * `Data` of an Originate that runs ChanSpy: `<channel>,<options>`. The channel is one exact channel
 * name (ChanSpy matches it as a prefix, and a full name with its unique suffix matches only itself);
 * `w` and `B` exclude each other. Options are written in one fixed order.
 */
export function chanSpyData(
  spiedChannel: string,
  options: readonly ChanSpyOption[],
): Result<string, AmiEncodeError> {
  const bad = check('Originate', 'Data', spiedChannel, CHANNEL_PATTERN, 'an exact channel name')
  if (bad !== undefined) return err(bad)
  if (spiedChannel.includes(',') || spiedChannel.includes('|'))
    return err(new AmiEncodeError('Originate', 'Data', 'channel contains an argument separator'))
  if (options.some((o) => !CHANSPY_OPTION_ORDER.includes(o)))
    return err(new AmiEncodeError('Originate', 'Data', 'has an unknown ChanSpy option'))
  if (options.includes('w') && options.includes('B'))
    return err(new AmiEncodeError('Originate', 'Data', 'whisper (w) and barge (B) exclude each other'))
  const text = CHANSPY_OPTION_ORDER.filter((o) => options.includes(o)).join('')
  return ok(`${spiedChannel},${text}`)
}

/** A ChanSpy `Data` as chanSpyData writes it: exact channel, then known options in their order. */
const CHANSPY_DATA_PATTERN = /^[A-Za-z][A-Za-z0-9_]*\/[^\s/,|][^\s,|]{0,199},q?w?B?E?$/

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
  const toApp = 'application' in req
  const targetChecks = toApp
    ? [
        ORIGINATE_APPLICATIONS.includes(req.application)
          ? undefined
          : new AmiEncodeError('Originate', 'Application', 'is not an allowed application'),
        check('Originate', 'Data', req.data, CHANSPY_DATA_PATTERN, 'ChanSpy data'),
      ]
    : [
        contexts.some((p) => p.test(req.context))
          ? undefined
          : new AmiEncodeError('Originate', 'Context', 'is not an allowed context'),
        check('Originate', 'Exten', req.exten, NUMBER_PATTERN, 'a number'),
      ]
  const targetFields: Array<readonly [string, string]> = toApp
    ? [
        ['Application', req.application],
        ['Data', req.data],
      ]
    : [
        ['Context', req.context],
        ['Exten', req.exten],
        ['Priority', String(req.priority ?? 1)],
      ]
  return build(
    'Originate',
    [
      channels.some((p) => p.test(req.channel))
        ? undefined
        : new AmiEncodeError('Originate', 'Channel', 'is not an allowed channel'),
      ...targetChecks,
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
      ...targetFields,
      req.callerId !== undefined && ['CallerID', req.callerId],
      ['Timeout', String(req.timeoutMs ?? 30000)],
      ['Async', 'true'],
      req.channelId !== undefined && ['ChannelId', req.channelId],
      req.otherChannelId !== undefined && ['OtherChannelId', req.otherChannelId],
      ...Object.entries(req.variables ?? {}).map(([k, v]) => ['Variable', `${k}=${v}`] as const),
    ],
  )
}
