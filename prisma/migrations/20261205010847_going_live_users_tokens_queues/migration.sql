-- Going live: users keep several queue member interfaces and may have to choose a new password; API
-- tokens carry a role scope and an expiry; queues carry the wrap-up time AMI does not report.

-- CreateTable
CREATE TABLE "MemberInterface" (
    "interface" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberInterface_pkey" PRIMARY KEY ("interface")
);

-- CreateIndex
CREATE INDEX "MemberInterface_userId_idx" ON "MemberInterface"("userId");

-- AddForeignKey
ALTER TABLE "MemberInterface" ADD CONSTRAINT "MemberInterface_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each user's one interface moves to the new table before the column goes.
INSERT INTO "MemberInterface" ("interface", "userId")
SELECT "memberInterface", "id" FROM "User" WHERE "memberInterface" IS NOT NULL;

-- DropIndex
DROP INDEX "User_memberInterface_key";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "memberInterface",
ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "passwordChangedAt" TIMESTAMP(3),
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "role" "Role";

-- AlterTable
ALTER TABLE "Queue" ADD COLUMN     "shown" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "wrapUpSec" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Queue" ADD CONSTRAINT "Queue_wrap_up_sane" CHECK ("wrapUpSec" >= 0 AND "wrapUpSec" <= 3600);
