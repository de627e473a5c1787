-- Queue.serviceTarget was never read: the wallboard colours by the thresholds set in Yönetim › Eşikler.
ALTER TABLE "Queue" DROP COLUMN "serviceTarget";
