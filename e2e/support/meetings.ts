import type pg from 'pg';

export interface MeetingFixture {
  id: string;
  slug: string;
}

/**
 * An open meeting of the test's own, written straight to the e2e database: a month ahead,
 * registration open now, so a test never depends on the seeded demo meetings.
 */
export async function createOpenMeeting(
  db: pg.Client,
  fields: { title: string; summary?: string; description?: string; venueRoom?: string; capacity?: number },
): Promise<MeetingFixture> {
  const slug = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "Meeting" (id, slug, title, summary, description, "venueRoom", status, "startsAt", "endsAt", capacity,
       "waitlistEnabled", "registrationOpensAt", "registrationClosesAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'open', now() + interval '30 days', now() + interval '30 days 4 hours',
       $6, true, now() - interval '1 day', now() + interval '20 days', now())
     RETURNING id`,
    [
      slug,
      fields.title,
      fields.summary ?? null,
      fields.description ?? null,
      fields.venueRoom ?? null,
      fields.capacity ?? 40,
    ],
  );
  return { id: rows[0]!.id, slug };
}
