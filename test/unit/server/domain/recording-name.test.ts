/** Recording names (server/domain/recording-name.ts): what the PBX announced becomes a name inside the folder, or nothing. */
import { describe, expect, it } from 'vitest'
import {
  recordingNameFromPattern,
  recordingNameOf,
  recordingTypeOf,
  unknownPatternTokens,
} from '../../../../server/domain/recording-name.ts'

const folders = { dir: '/srv/pano/kayitlar', pbxDir: '/var/spool/asterisk/monitor' }

describe('recordingNameOf', () => {
  it('maps the PBX folder, Pano’s own folder and relative names into the folder', () => {
    expect(recordingNameOf('/var/spool/asterisk/monitor/2026/12/05/q-1733.17.wav', folders)).toBe(
      '2026/12/05/q-1733.17.wav',
    )
    expect(recordingNameOf('/srv/pano/kayitlar/1733.17.wav', folders)).toBe('1733.17.wav')
    expect(recordingNameOf('1733.17.WAV', folders)).toBe('1733.17.WAV')
    // Monitor() announces the name without its format.
    expect(recordingNameOf('/var/spool/asterisk/monitor/1733.17', folders)).toBe('1733.17.wav')
  })

  it('refuses what leaves the folder or is not audio', () => {
    for (const bad of [
      '/etc/passwd.wav',
      '/var/spool/asterisk/monitor/../../../etc/x.wav',
      '../x.wav',
      'a/../../x.wav',
      '.hidden.wav',
      'x.sh',
      'a//b.wav',
      '/var/spool/asterisk/monitorx/y.wav',
    ])
      expect(recordingNameOf(bad, folders), bad).toBeNull()
  })
})

describe('recordingTypeOf', () => {
  it('gives the browser’s type of the audio files Pano serves', () => {
    expect(recordingTypeOf('a.wav')).toBe('audio/wav')
    expect(recordingTypeOf('a.mp3')).toBe('audio/mpeg')
    expect(recordingTypeOf('a.gsm')).toBeNull()
    expect(recordingTypeOf('a b.wav')).toBeNull()
  })
})

describe('patterns', () => {
  it('fills the caller’s Uniqueid, the Linkedid and the Istanbul date', () => {
    const call = { callKey: '1733.17/2', linkedId: '1733.10', enteredAt: new Date('2026-12-04T22:30:00Z') }
    expect(recordingNameFromPattern('${UNIQUEID}.wav', call)).toBe('1733.17.wav')
    expect(recordingNameFromPattern('${YEAR}/${MONTH}/${DAY}/${LINKEDID}.wav', call)).toBe(
      '2026/12/05/1733.10.wav',
    )
    expect(unknownPatternTokens('${UNIQUEID}-${CALLERID(num)}.wav')).toEqual(['${CALLERID(num)}'])
  })
})
