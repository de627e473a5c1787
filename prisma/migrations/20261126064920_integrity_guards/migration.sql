-- Hand-written guards Prisma's schema language cannot express (created with `dev --create-only`).
-- Prisma ignores CHECK constraints and triggers when it diffs, so `dev` stays in sync after this.

-- TicketEvent is the ticket's history (DESIGN §2.5): rows are only ever added.
-- The one escape hatch is the KVKK retention purge, which must opt in inside its own transaction with
-- `SET LOCAL pano.ticket_event_purge = 'on'` so that anonymisation is a deliberate, logged act.
CREATE FUNCTION "ticket_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('pano.ticket_event_purge', true) = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'TicketEvent is append-only; % is not allowed', TG_OP
    USING ERRCODE = 'P0001', HINT = 'Write a new TicketEvent instead of changing history.';
END;
$$;

CREATE TRIGGER "TicketEvent_append_only"
  BEFORE UPDATE OR DELETE ON "TicketEvent"
  FOR EACH ROW EXECUTE FUNCTION "ticket_event_append_only"();

CREATE TRIGGER "TicketEvent_no_truncate"
  BEFORE TRUNCATE ON "TicketEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "ticket_event_append_only"();

-- Human-readable ticket numbers: year, dash, six digits (2026-000123).
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_number_format"
  CHECK ("number" ~ '^[0-9]{4}-[0-9]{6}$');
ALTER TABLE "TicketSequence" ADD CONSTRAINT "TicketSequence_sane"
  CHECK ("year" BETWEEN 2000 AND 2999 AND "last" >= 0 AND "last" <= 999999);

-- Phone numbers are stored normalised to E.164 so the screen pop's lookup is one index probe.
ALTER TABLE "CitizenPhone" ADD CONSTRAINT "CitizenPhone_e164_format"
  CHECK ("e164" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_phone_e164_format"
  CHECK ("phoneE164" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_call_count_positive"
  CHECK ("callCount" >= 1);

-- Call timings feed every wallboard metric: a negative wait or a call ending before it began is a bug
-- upstream and must not poison ASA / service level.
ALTER TABLE "Call" ADD CONSTRAINT "Call_wait_nonnegative" CHECK ("waitSec" >= 0);
ALTER TABLE "Call" ADD CONSTRAINT "Call_talk_nonnegative" CHECK ("talkSec" IS NULL OR "talkSec" >= 0);
ALTER TABLE "Call" ADD CONSTRAINT "Call_time_order"
  CHECK ("endedAt" >= "enteredAt" AND ("answeredAt" IS NULL OR ("answeredAt" >= "enteredAt" AND "answeredAt" <= "endedAt")));

ALTER TABLE "PauseInterval" ADD CONSTRAINT "PauseInterval_time_order"
  CHECK ("endedAt" IS NULL OR "endedAt" >= "startedAt");

-- Wallboard thresholds: a service-level window and a percentage target.
ALTER TABLE "Queue" ADD CONSTRAINT "Queue_thresholds_sane"
  CHECK ("serviceLevelSec" > 0 AND "serviceTarget" BETWEEN 0 AND 100 AND "shortAbandonSec" >= 0);
