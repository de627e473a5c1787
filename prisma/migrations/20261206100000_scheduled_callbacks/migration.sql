-- AlterEnum
ALTER TYPE "CallbackReason" ADD VALUE 'SCHEDULED';

-- AlterTable
ALTER TABLE "Callback" ADD COLUMN     "assignedUserId" INTEGER,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "queue" TEXT;

-- CreateIndex
CREATE INDEX "Callback_assignedUserId_status_idx" ON "Callback"("assignedUserId", "status");

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_assignedUserId_fkey" FOREIGN KEY ("assignedUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
