/**
 * A real SMTP server on loopback (`smtp-server` from npm) that keeps every mail it accepted, parsed with
 * mailparser, and refuses recipients whose local part starts with `red` (550, the server's final word)
 * or `later` (451, try again). Tests wait for mails with `next()`, never with a timer.
 */
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface FakeSmtp {
  url: string
  mails: ParsedMail[]
  /** Resolves with the n-th mail (1-based) once it has arrived. */
  mail(n: number): Promise<ParsedMail>
  close(): Promise<void>
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const mails: ParsedMail[] = []
  const waiting: { n: number; resolve: (m: ParsedMail) => void }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0] ?? ''
      if (local.startsWith('red')) {
        const err = new Error('5.1.1 Böyle bir posta kutusu yok') as Error & { responseCode: number }
        err.responseCode = 550
        callback(err)
        return
      }
      if (local.startsWith('later')) {
        const err = new Error('4.2.1 Posta kutusu meşgul') as Error & { responseCode: number }
        err.responseCode = 451
        callback(err)
        return
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push(parsed)
          for (const w of waiting.splice(0)) {
            const m = mails[w.n - 1]
            if (m) w.resolve(m)
            else waiting.push(w)
          }
          callback()
        })
        .catch((err: unknown) => callback(err as Error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mail(n) {
      const m = mails[n - 1]
      if (m) return Promise.resolve(m)
      return new Promise((resolve) => waiting.push({ n, resolve }))
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
