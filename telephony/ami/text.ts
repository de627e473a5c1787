import { isUtf8 } from 'node:buffer'

/**
 * AMI bytes → text (docs/ami-protocol.md §8.8). AMI declares no charset and Asterisk passes caller
 * names through as the trunk or phone sent them. UTF-8 is the norm; a line that is not valid UTF-8 is
 * read as Windows-1254 (ISO-8859-9, Turkish Latin-5, with printable 0x80–0x9F), what a Turkish trunk or
 * phone set to Latin-5 sends. Decided per line, so a UTF-8 channel name beside a Latin-5 caller name
 * both survive. The usual all-UTF-8 message costs one scan for U+FFFD.
 */
const LATIN5 = new TextDecoder('windows-1254')
const LF = 0x0a

export function decodeAmiText(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, end)
  if (!text.includes('\uFFFD') || isUtf8(buf.subarray(start, end))) return text
  let out = ''
  for (let from = start; from < end;) {
    const nl = buf.indexOf(LF, from)
    const to = nl === -1 || nl >= end ? end : nl + 1
    const line = buf.subarray(from, to)
    out += isUtf8(line) ? line.toString('utf8') : LATIN5.decode(line)
    from = to
  }
  return out
}
