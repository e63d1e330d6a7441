-- When the check-in state was last set, by the door's clock: a check-in or undo made offline and
-- synced later applies only if it is newer, so a queue replayed twice or out of order settles right.
ALTER TABLE "Registration" ADD COLUMN "checkInChangedAt" TIMESTAMPTZ(3);
