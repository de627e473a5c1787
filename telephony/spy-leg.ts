/**
 * Pano's own listening leg (docs/decisions/018-listen-whisper-barge.md): the Originate that rings the
 * müdür's phone to run ChanSpy names its channels itself, with Originate's `ChannelId` (the first
 * channel; `;1` of a Local channel) and `OtherChannelId` (the `;2` half), docs/ami-protocol.md §9.
 * Asterisk gives a channel that nothing requested its own Uniqueid as Linkedid, every channel it
 * creates inherits that Linkedid, and ChanSpy listens through an audiohook without bridging the leg
 * into the spied call, so every channel of the leg carries a Linkedid starting with PANO_SPY_ID_PREFIX.
 * The lists of live calls leave such a call out (selectCentreCalls in telephony/state/select.ts); the
 * müdür's session list shows it instead.
 *
 *   spyLegIds('6f1c…')      // { channelId: 'pano-spy-6f1c…', otherChannelId: 'pano-spy-6f1c…-2' }
 *   isPanoSpyLeg(call.callId)
 */

/** One fixed prefix: never change it while a PBX may still hold legs named with the old one. */
export const PANO_SPY_ID_PREFIX = 'pano-spy-'

export interface SpyLegIds {
  readonly channelId: string
  readonly otherChannelId: string
}

/** Both ids fit the encoder's id check (letters, digits, `_.@+-`, 80 characters; Asterisk takes 149). */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The `ChannelId` / `OtherChannelId` of the listening leg of one session (a UUID). */
export function spyLegIds(sessionId: string): SpyLegIds {
  if (!SESSION_ID.test(sessionId)) throw new Error(`spy session id not usable in a channel id: ${sessionId}`)
  const channelId = `${PANO_SPY_ID_PREFIX}${sessionId}`
  return { channelId, otherChannelId: `${channelId}-2` }
}

/**
 * Whether a Linkedid (or Uniqueid) is one of Pano's listening legs. Asterisk's own ids are
 * `<epoch>.<seq>`, or `<systemname>-<epoch>.<seq>` with `systemname` set (main/channel_internal_api.c),
 * so they always hold a dot; the ids spyLegIds writes never do, and a system named `pano-spy` is not
 * mistaken for Pano.
 */
export function isPanoSpyLeg(id: string | null | undefined): boolean {
  return typeof id === 'string' && id.startsWith(PANO_SPY_ID_PREFIX) && !id.includes('.')
}
