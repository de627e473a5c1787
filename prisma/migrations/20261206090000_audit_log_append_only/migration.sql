-- Hand-written guard Prisma's schema language cannot express (like *_integrity_guards/): Prisma ignores
-- triggers when it diffs, so `dev` stays in sync after this.

-- AuditLog is the KVKK access log (DESIGN §2.8, docs/kvkk.md §3): who read or changed which personal
-- record. Rows are only ever added; nobody, not the application and not a mistaken script, may change
-- or remove what the log says. UPDATE and TRUNCATE are refused always.
--
-- The one sanctioned path is RETENTION (the `retention.days.auditLog` setting): rows older than the
-- policy's period are deleted by a job that opts in inside its own transaction, so that deleting is a
-- deliberate act that cannot leak to other statements of a pooled connection:
--
--   BEGIN;
--   SET LOCAL pano.retention = 'on';          -- ends with this transaction
--   DELETE FROM "AuditLog" WHERE "at" < $1;
--   COMMIT;
--
-- (Prisma: `$transaction(async (tx) => { await tx.$executeRaw\`SET LOCAL pano.retention = 'on'\`; ... })`.)
-- Without that setting a DELETE fails with SQLSTATE P0001 and the message below.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('pano.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'AuditLog is append-only; % is not allowed', TG_OP
    USING ERRCODE = 'P0001',
          HINT = 'Only retention deletes, in a transaction with SET LOCAL pano.retention = ''on''.';
END;
$$;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
