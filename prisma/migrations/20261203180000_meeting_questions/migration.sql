-- CreateEnum
CREATE TYPE "QuestionKind" AS ENUM ('short_text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no');

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "answers" JSONB;

-- CreateTable
CREATE TABLE "MeetingQuestion" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "QuestionKind" NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "options" TEXT[],

    CONSTRAINT "MeetingQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeetingQuestion_meetingId_position_key" ON "MeetingQuestion"("meetingId", "position");

-- AddForeignKey
ALTER TABLE "MeetingQuestion" ADD CONSTRAINT "MeetingQuestion_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
