-- Hand-edited: UNLOGGED. The counts are worth nothing after a crash (a limit that starts again is
-- harmless), and a transaction that writes only unlogged tables commits without waiting for a WAL
-- flush: on the registration hot path that is most of the cost of the upsert.
-- CreateTable
CREATE UNLOGGED TABLE "RateLimit" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("bucket","key")
);

-- CreateIndex
CREATE INDEX "RateLimit_resetAt_idx" ON "RateLimit"("resetAt");
