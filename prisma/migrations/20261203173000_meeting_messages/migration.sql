-- AlterEnum
ALTER TYPE "EmailKind" ADD VALUE 'meeting_message' BEFORE 'coordinator_password_reset';

-- CreateEnum
CREATE TYPE "MessageAudience" AS ENUM ('confirmed', 'waitlisted', 'checked_in');

-- CreateTable
CREATE TABLE "MeetingMessage" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "audience" "MessageAudience" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MeetingMessage_meetingId_createdAt_idx" ON "MeetingMessage"("meetingId", "createdAt");

-- AddForeignKey
ALTER TABLE "MeetingMessage" ADD CONSTRAINT "MeetingMessage_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
