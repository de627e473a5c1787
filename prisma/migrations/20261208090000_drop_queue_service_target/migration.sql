-- Queue.serviceTarget was never read: the wallboard's service-level colours come from `thresholds`
-- (docs/metrics.md). Dropping the column also drops the CHECK that named it, so the remaining
-- threshold checks are put back on their own.
ALTER TABLE "Queue" DROP CONSTRAINT "Queue_thresholds_sane";

-- AlterTable
ALTER TABLE "Queue" DROP COLUMN "serviceTarget";

ALTER TABLE "Queue" ADD CONSTRAINT "Queue_thresholds_sane"
  CHECK ("serviceLevelSec" > 0 AND "shortAbandonSec" >= 0);
