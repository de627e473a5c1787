import { describe, expect, it } from 'vitest'
import { parseMessageText } from '../../../../telephony/ami/message.ts'

describe('long keys (13+ characters, shared through a capped table)', () => {
  it('keys and values come back as sent, also after more distinct long keys than the table holds', () => {
    const fields = Array.from({ length: 1200 }, (_, i) => [`VendorSpecificHeader${i}`, `value ${i}`] as const)
    const text = fields.map(([k, v]) => `${k}: ${v}\r\n`).join('')
    for (let round = 0; round < 2; round++) {
      const m = parseMessageText(text)
      expect(m.fields).toEqual(fields)
      expect(m.get('vendorspecificheader1199')).toBe('value 1199')
    }
  })

  it('a long key that only shares length and first, middle and last characters is its own key', () => {
    const m = parseMessageText(
      'ChannelStateDesc: Up\r\nChannelXtateDesc: other\r\nCHANNELSTATEDESC: Ring\r\n',
    )
    expect(m.keys).toEqual(['ChannelStateDesc', 'ChannelXtateDesc', 'CHANNELSTATEDESC'])
    expect(m.getAll('channelstatedesc')).toEqual(['Up', 'Ring'])
  })
})
