/**
 * Where the written receipt of an application will be sent from. Outbound messages (e-mail, SMS) are
 * built elsewhere, with an outbox written in the same transaction as the ticket (docs/design.md §2.7.1);
 * until that lands this hook does nothing, and the citizen has the number and code on screen only.
 * Whoever builds the outbox replaces the body: queue a receipt to `contact.email` and/or `contact.phone`
 * with the ticket number, the lookup code and the due date. It is called after the ticket is committed,
 * and must not throw (the application is already stored).
 */
export interface ReceivedApplication {
  ticketId: number
  ticketNumber: string
  lookupCode: string
  dueAt: Date
  contact: { email: string | null; phone: string | null }
}

export function notifyApplicationReceived(ticket: ReceivedApplication): Promise<void> {
  void ticket
  return Promise.resolve()
}
