-- AlterEnum
ALTER TYPE "EmailKind" ADD VALUE 'registration_confirm_request' AFTER 'registration_manage_link';

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "confirmationRequired" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "holdMinutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "seatsPerLibrary" INTEGER;

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "emailConfirmedAt" TIMESTAMPTZ(3),
ADD COLUMN     "holdExpiresAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Registration_holdExpiresAt_idx" ON "Registration"("holdExpiresAt");
