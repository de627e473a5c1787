-- CreateEnum
CREATE TYPE "AlertHoursMode" AS ENUM ('OFFICE', 'ALWAYS', 'CUSTOM');

-- CreateTable
CREATE TABLE "QueueAlertRule" (
    "id" SERIAL NOT NULL,
    "queueId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "quietMinutes" INTEGER NOT NULL DEFAULT 30,
    "hours" "AlertHoursMode" NOT NULL DEFAULT 'OFFICE',
    "fromTime" TEXT,
    "toTime" TEXT,

    CONSTRAINT "QueueAlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueAlert" (
    "id" SERIAL NOT NULL,
    "queueId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "QueueAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueAlertRule_queueId_metric_key" ON "QueueAlertRule"("queueId", "metric");

-- CreateIndex
CREATE INDEX "QueueAlert_raisedAt_idx" ON "QueueAlert"("raisedAt");

-- CreateIndex
CREATE INDEX "QueueAlert_queueId_metric_raisedAt_idx" ON "QueueAlert"("queueId", "metric", "raisedAt");

-- AddForeignKey
ALTER TABLE "QueueAlertRule" ADD CONSTRAINT "QueueAlertRule_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueAlert" ADD CONSTRAINT "QueueAlert_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "Queue"("id") ON DELETE CASCADE ON UPDATE CASCADE;
