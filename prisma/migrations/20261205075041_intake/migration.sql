-- CreateEnum
CREATE TYPE "IntakeSource" AS ENUM ('WEB', 'EPOSTA');

-- CreateEnum
CREATE TYPE "IntakeStatus" AS ENUM ('BEKLIYOR', 'KABUL', 'SPAM', 'EKLENDI');

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "lookupCodeHash" TEXT;

-- CreateTable
CREATE TABLE "IntakeItem" (
    "id" SERIAL NOT NULL,
    "source" "IntakeSource" NOT NULL,
    "status" "IntakeStatus" NOT NULL DEFAULT 'BEKLIYOR',
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "requestedType" "TicketType",
    "senderName" TEXT,
    "senderEmail" TEXT,
    "senderPhone" TEXT,
    "mahalle" TEXT,
    "nationalId" TEXT,
    "address" TEXT,
    "kvkkConsentAt" TIMESTAMP(3),
    "parseNotes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ticketId" INTEGER,
    "claimedById" INTEGER,
    "claimedAt" TIMESTAMP(3),
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "mailbox" TEXT,
    "uidValidity" BIGINT,
    "uid" BIGINT,
    "messageId" TEXT,
    "inReplyTo" TEXT,
    "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeAttachment" (
    "id" SERIAL NOT NULL,
    "intakeItemId" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailboxCursor" (
    "mailbox" TEXT NOT NULL,
    "uidValidity" BIGINT NOT NULL,
    "lastUid" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailboxCursor_pkey" PRIMARY KEY ("mailbox")
);

-- CreateIndex
CREATE INDEX "IntakeItem_status_receivedAt_idx" ON "IntakeItem"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "IntakeItem_messageId_idx" ON "IntakeItem"("messageId");

-- CreateIndex
CREATE INDEX "IntakeItem_ticketId_idx" ON "IntakeItem"("ticketId");

-- CreateIndex
CREATE UNIQUE INDEX "IntakeItem_mailbox_uidValidity_uid_key" ON "IntakeItem"("mailbox", "uidValidity", "uid");

-- CreateIndex
CREATE INDEX "IntakeAttachment_intakeItemId_idx" ON "IntakeAttachment"("intakeItemId");

-- AddForeignKey
ALTER TABLE "IntakeItem" ADD CONSTRAINT "IntakeItem_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeItem" ADD CONSTRAINT "IntakeItem_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeItem" ADD CONSTRAINT "IntakeItem_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeAttachment" ADD CONSTRAINT "IntakeAttachment_intakeItemId_fkey" FOREIGN KEY ("intakeItemId") REFERENCES "IntakeItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
