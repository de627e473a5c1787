-- AlterTable
ALTER TABLE "User" ADD COLUMN     "email" TEXT,
ADD COLUMN     "unitDigest" BOOLEAN NOT NULL DEFAULT false;
