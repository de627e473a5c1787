-- CreateTable
CREATE TABLE "PbxLease" (
    "pbxId" TEXT NOT NULL,
    "fence" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "acquiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failovers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PbxLease_pkey" PRIMARY KEY ("pbxId")
);
