/** What Yönetim shows about the mailbox (MailboxStatusView): counters kept by the mail intake. */
import type { MailboxStatusView } from '../../../contract/intake.ts'

export type MailboxCounts = MailboxStatusView['counts']

export function emptyCounts(): MailboxCounts {
  return {
    stored: 0,
    attachedToTickets: 0,
    parseErrors: 0,
    attachmentsRefused: 0,
    duplicates: 0,
    scriptsRemoved: 0,
  }
}

/** IMAP_URL is not set: nothing is read, and Yönetim says so. */
export function mailboxOff(folder: string): MailboxStatusView {
  return {
    configured: false,
    target: null,
    folder,
    state: 'off',
    lastSweepAt: null,
    lastError: null,
    counts: emptyCounts(),
  }
}
