-- AlterTable
ALTER TABLE "WhatsappMessage" ADD COLUMN     "ticketId" INTEGER;

-- CreateIndex
CREATE INDEX "WhatsappMessage_ticketId_idx" ON "WhatsappMessage"("ticketId");

-- AddForeignKey
ALTER TABLE "WhatsappMessage" ADD CONSTRAINT "WhatsappMessage_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tickets opened from a conversation before this column: each citizen message goes to the first ticket
-- opened from its conversation at or after it (the COMMENT event conversationToTicket writes names the
-- conversation), so its file shows under that ticket's Ekler.
UPDATE "WhatsappMessage" AS m
SET "ticketId" = (
  SELECT e."ticketId" FROM "TicketEvent" AS e
  WHERE e."kind" = 'COMMENT'
    AND e."data" ->> 'whatsappConversationId' = m."conversationId"::text
    AND e."at" >= m."at"
  ORDER BY e."at" ASC, e."id" ASC
  LIMIT 1
)
WHERE m."direction" = 'IN';
