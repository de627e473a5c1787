-- CreateEnum
CREATE TYPE "Role" AS ENUM ('AGENT', 'OPERATOR', 'UNIT', 'SUPERVISOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "TicketType" AS ENUM ('ISTEK', 'ONERI', 'SIKAYET', 'BILGI_EDINME', 'TESEKKUR');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('CAGRI_MERKEZI', 'SANTRAL', 'WHATSAPP', 'WEB', 'EPOSTA', 'MASA', 'CIMER', 'BILGI_EDINME', 'ACIK_KAPI');

-- CreateEnum
CREATE TYPE "LegalTrack" AS ENUM ('BILGI_EDINME_4982', 'DILEKCE_3071', 'CIMER', 'KVKK', 'ACIK_KAPI', 'INTERNAL');

-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('YENI', 'BIRIME_HAVALE', 'ISLEMDE', 'YANITLANDI', 'VATANDASA_BILDIRILDI', 'KAPANDI');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('DUSUK', 'NORMAL', 'YUKSEK', 'ACIL');

-- CreateEnum
CREATE TYPE "TicketEventKind" AS ENUM ('CREATED', 'ROUTED', 'STATUS_CHANGED', 'UNIT_ANSWERED', 'RETURNED', 'CITIZEN_NOTIFIED', 'COMMENT', 'CALL_LINKED', 'EXTENDED', 'REOPENED');

-- CreateEnum
CREATE TYPE "CallDirection" AS ENUM ('INBOUND', 'OUTBOUND', 'INTERNAL');

-- CreateEnum
CREATE TYPE "CallOutcome" AS ENUM ('ANSWERED', 'ABANDONED', 'TIMEOUT', 'EXIT_EMPTY', 'EXIT_KEY', 'TRANSFERRED', 'NO_ANSWER', 'FAILED');

-- CreateEnum
CREATE TYPE "QueueKind" AS ENUM ('CALL_CENTRE', 'SWITCHBOARD');

-- CreateEnum
CREATE TYPE "CallbackReason" AS ENUM ('ABANDONED', 'OUT_OF_HOURS', 'TRANSFER_UNANSWERED', 'TICKET_NOTIFY');

-- CreateEnum
CREATE TYPE "CallbackStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ContactOutcome" AS ENUM ('ULASILDI', 'ULASILAMADI', 'MESAJ_BIRAKILDI');

-- CreateEnum
CREATE TYPE "TransferKind" AS ENUM ('BLIND', 'ATTENDED');

-- CreateEnum
CREATE TYPE "TransferOutcome" AS ENUM ('PENDING', 'ANSWERED', 'NOT_ANSWERED', 'RETURNED', 'CALLER_HUNG_UP', 'FAILED');

-- CreateEnum
CREATE TYPE "HolidayKind" AS ENUM ('FULL', 'HALF_DAY');

-- CreateTable
CREATE TABLE "Unit" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Desk" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Desk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Queue" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL DEFAULT 'main',
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "QueueKind" NOT NULL,
    "serviceLevelSec" INTEGER NOT NULL DEFAULT 20,
    "serviceTarget" INTEGER NOT NULL DEFAULT 80,
    "shortAbandonSec" INTEGER NOT NULL DEFAULT 5,
    "thresholds" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL DEFAULT 'main',
    "number" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "personName" TEXT,
    "unitId" INTEGER,
    "stateInterface" TEXT,
    "presenceNote" TEXT,
    "transferContext" TEXT NOT NULL DEFAULT 'departments',
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Favourite" (
    "userId" INTEGER NOT NULL,
    "extensionId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Favourite_pkey" PRIMARY KEY ("userId","extensionId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" INTEGER,
    "passwordHash" TEXT NOT NULL,
    "memberInterface" TEXT,
    "extension" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KioskToken" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "boards" JSONB NOT NULL DEFAULT '["queues"]',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "KioskToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Citizen" (
    "id" SERIAL NOT NULL,
    "fullName" TEXT NOT NULL,
    "email" TEXT,
    "mahalle" TEXT,
    "address" TEXT,
    "kvkkNoticeAt" TIMESTAMP(3),
    "mergedIntoId" INTEGER,
    "anonymizedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CitizenPhone" (
    "id" SERIAL NOT NULL,
    "citizenId" INTEGER NOT NULL,
    "e164" TEXT NOT NULL,
    "label" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CitizenPhone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketSequence" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TicketSequence_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Ticket" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "type" "TicketType" NOT NULL,
    "channel" "Channel" NOT NULL,
    "legalTrack" "LegalTrack" NOT NULL,
    "category" TEXT,
    "subject" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "citizenId" INTEGER,
    "unitId" INTEGER,
    "deskId" INTEGER,
    "status" "TicketStatus" NOT NULL DEFAULT 'YENI',
    "priority" "Priority" NOT NULL DEFAULT 'NORMAL',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "extendedDueAt" TIMESTAMP(3),
    "extensionNoticeDueAt" TIMESTAMP(3),
    "externalRef" TEXT,
    "unitAnswer" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" SERIAL NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "kind" "TicketEventKind" NOT NULL,
    "fromStatus" "TicketStatus",
    "toStatus" "TicketStatus",
    "note" TEXT,
    "data" JSONB,
    "actorId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Call" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL,
    "callKey" TEXT NOT NULL,
    "linkedId" TEXT NOT NULL,
    "direction" "CallDirection" NOT NULL,
    "queue" TEXT,
    "callerNumber" TEXT,
    "callerName" TEXT,
    "citizenId" INTEGER,
    "agentUserId" INTEGER,
    "agentName" TEXT,
    "agentInterface" TEXT,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3) NOT NULL,
    "waitSec" DOUBLE PRECISION NOT NULL,
    "talkSec" DOUBLE PRECISION,
    "outcome" "CallOutcome" NOT NULL,
    "transferredTo" TEXT,
    "missedBy" JSONB NOT NULL DEFAULT '[]',
    "wrapUpCodeId" INTEGER,
    "wrapUpNote" TEXT,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallTicket" (
    "callId" INTEGER NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "linkedById" INTEGER,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallTicket_pkey" PRIMARY KEY ("callId","ticketId")
);

-- CreateTable
CREATE TABLE "Callback" (
    "id" SERIAL NOT NULL,
    "phoneE164" TEXT NOT NULL,
    "citizenId" INTEGER,
    "reason" "CallbackReason" NOT NULL,
    "unitId" INTEGER,
    "ticketId" INTEGER,
    "status" "CallbackStatus" NOT NULL DEFAULT 'OPEN',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "firstCallAt" TIMESTAMP(3) NOT NULL,
    "lastCallAt" TIMESTAMP(3) NOT NULL,
    "callCount" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Callback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallbackAttempt" (
    "id" SERIAL NOT NULL,
    "callbackId" INTEGER NOT NULL,
    "userId" INTEGER,
    "callId" INTEGER,
    "outcome" "ContactOutcome" NOT NULL,
    "note" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallbackAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Transfer" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL,
    "linkedId" TEXT NOT NULL,
    "callId" INTEGER,
    "operatorId" INTEGER,
    "kind" "TransferKind" NOT NULL,
    "targetExten" TEXT NOT NULL,
    "targetUnitId" INTEGER,
    "callerNumber" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "outcome" "TransferOutcome" NOT NULL DEFAULT 'PENDING',

    CONSTRAINT "Transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PauseReason" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "productive" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PauseReason_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PauseInterval" (
    "id" SERIAL NOT NULL,
    "pbxId" TEXT NOT NULL,
    "memberInterface" TEXT NOT NULL,
    "memberName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "PauseInterval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WrapUpCode" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WrapUpCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "actorRole" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "ip" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "HolidayKind" NOT NULL DEFAULT 'FULL',

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Desk_code_key" ON "Desk"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Desk_name_key" ON "Desk"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Queue_pbxId_name_key" ON "Queue"("pbxId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Extension_pbxId_number_key" ON "Extension"("pbxId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_memberInterface_key" ON "User"("memberInterface");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "KioskToken_tokenHash_key" ON "KioskToken"("tokenHash");

-- CreateIndex
CREATE INDEX "Citizen_fullName_idx" ON "Citizen"("fullName");

-- CreateIndex
CREATE INDEX "CitizenPhone_e164_idx" ON "CitizenPhone"("e164");

-- CreateIndex
CREATE UNIQUE INDEX "CitizenPhone_citizenId_e164_key" ON "CitizenPhone"("citizenId", "e164");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_number_key" ON "Ticket"("number");

-- CreateIndex
CREATE INDEX "Ticket_unitId_status_dueAt_idx" ON "Ticket"("unitId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Ticket_citizenId_status_idx" ON "Ticket"("citizenId", "status");

-- CreateIndex
CREATE INDEX "Ticket_status_dueAt_idx" ON "Ticket"("status", "dueAt");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_at_idx" ON "TicketEvent"("ticketId", "at");

-- CreateIndex
CREATE INDEX "Call_enteredAt_idx" ON "Call"("enteredAt");

-- CreateIndex
CREATE INDEX "Call_callerNumber_enteredAt_idx" ON "Call"("callerNumber", "enteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Call_pbxId_callKey_key" ON "Call"("pbxId", "callKey");

-- CreateIndex
CREATE INDEX "CallTicket_ticketId_idx" ON "CallTicket"("ticketId");

-- CreateIndex
CREATE INDEX "Callback_status_dueAt_idx" ON "Callback"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Callback_phoneE164_status_idx" ON "Callback"("phoneE164", "status");

-- CreateIndex
CREATE INDEX "Transfer_startedAt_idx" ON "Transfer"("startedAt");

-- CreateIndex
CREATE INDEX "Transfer_targetUnitId_startedAt_idx" ON "Transfer"("targetUnitId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PauseReason_code_key" ON "PauseReason"("code");

-- CreateIndex
CREATE INDEX "PauseInterval_startedAt_idx" ON "PauseInterval"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PauseInterval_pbxId_memberInterface_startedAt_key" ON "PauseInterval"("pbxId", "memberInterface", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WrapUpCode_code_key" ON "WrapUpCode"("code");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_at_idx" ON "AuditLog"("entity", "entityId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- AddForeignKey
ALTER TABLE "Desk" ADD CONSTRAINT "Desk_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Favourite" ADD CONSTRAINT "Favourite_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Favourite" ADD CONSTRAINT "Favourite_extensionId_fkey" FOREIGN KEY ("extensionId") REFERENCES "Extension"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KioskToken" ADD CONSTRAINT "KioskToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citizen" ADD CONSTRAINT "Citizen_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CitizenPhone" ADD CONSTRAINT "CitizenPhone_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_deskId_fkey" FOREIGN KEY ("deskId") REFERENCES "Desk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_wrapUpCodeId_fkey" FOREIGN KEY ("wrapUpCodeId") REFERENCES "WrapUpCode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTicket" ADD CONSTRAINT "CallTicket_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTicket" ADD CONSTRAINT "CallTicket_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackAttempt" ADD CONSTRAINT "CallbackAttempt_callbackId_fkey" FOREIGN KEY ("callbackId") REFERENCES "Callback"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackAttempt" ADD CONSTRAINT "CallbackAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackAttempt" ADD CONSTRAINT "CallbackAttempt_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Transfer" ADD CONSTRAINT "Transfer_targetUnitId_fkey" FOREIGN KEY ("targetUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
