-- AlterEnum
ALTER TYPE "CallOutcome" ADD VALUE 'UNKNOWN';

-- AlterEnum
ALTER TYPE "CallbackReason" ADD VALUE 'OUTCOME_UNKNOWN';
