-- A reminder to the unit or an escalation to the müdür, written into the ticket's history.
ALTER TYPE "TicketEventKind" ADD VALUE 'STAFF_NOTIFIED';
