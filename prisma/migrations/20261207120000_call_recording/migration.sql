-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "recordingDeletedAt" TIMESTAMP(3),
ADD COLUMN     "recordingFile" TEXT;
