-- CreateTable
CREATE TABLE "QuarantinedRecord" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recordKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QuarantinedRecord_createdAt_idx" ON "QuarantinedRecord"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "QuarantinedRecord_pbxId_kind_recordKey_key" ON "QuarantinedRecord"("pbxId", "kind", "recordKey");
