-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "payload" JSONB,
ADD COLUMN     "renderedAt" TIMESTAMPTZ(3),
ALTER COLUMN "subject" DROP NOT NULL,
ALTER COLUMN "textBody" DROP NOT NULL;


-- Hand-written: e-mails written before this migration were rendered when they were enqueued.
UPDATE "OutboxEmail" SET "renderedAt" = "createdAt" WHERE "renderedAt" IS NULL;

-- A rendered e-mail has its subject and text (and is never rendered again).
ALTER TABLE "OutboxEmail" ADD CONSTRAINT "OutboxEmail_rendered_check"
    CHECK ("renderedAt" IS NULL OR ("subject" IS NOT NULL AND "textBody" IS NOT NULL));
