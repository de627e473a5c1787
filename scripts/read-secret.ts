/**
 * Reads a secret from standard input for the command-line tools: typed without echo on a terminal, or
 * the first line of what was piped in. Never from argv, where `ps` shows it to every user of the host.
 */
import { stdin, stderr } from 'node:process'

export async function readSecret(prompt: string): Promise<string> {
  if (stdin.isTTY) return readFromTerminal(prompt)
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(chunk as Buffer)
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd()
}

function readFromTerminal(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt)
    let value = ''
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const done = (error?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new Error('iptal edildi'))
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('')
        else if (ch >= ' ') value += ch
      }
    }
    stdin.on('data', onData)
  })
}
