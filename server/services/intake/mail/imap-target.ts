/** IMAP_URL → imapflow's connection options, and the same URL without its password for Yönetim. Pure. */
import type { ImapFlowOptions } from 'imapflow'

export function imapOptions(url: string): ImapFlowOptions {
  const u = new URL(url)
  const secure = u.protocol === 'imaps:'
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port === '' ? (secure ? 993 : 143) : Number(u.port),
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
    disableAutoIdle: true,
    // A server that does not answer must not hold the sweep (and every later poll) for minutes.
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  }
}

export function describeImapUrl(url: string): string {
  const u = new URL(url)
  return `${u.protocol}//${u.username === '' ? '' : `${decodeURIComponent(u.username)}@`}${u.host}`
}
