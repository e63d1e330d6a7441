/**
 * Check-ins made at the door, kept on the phone until the server has them: the venue's connection
 * may drop. Each change carries when it was made; the server applies the newest per person and
 * ignores a repeat, so sending a change twice (a reply lost on the way back) checks nobody in twice.
 * The anchor is pretix's offline scanner: record locally first, sync in order, let the server decide.
 */
export interface CheckInChange {
  /** The phone's own id for the change, to drop it once sent. */
  id: string;
  registrationId: string;
  checkedIn: boolean;
  /** When it happened at the door (ISO instant). */
  at: string;
}

/** What sending one change came to: kept for later (no connection), done, or refused for good. */
export type SendOutcome = 'sent' | 'retry' | { refused: string };

export interface FlushResult {
  sent: number;
  refused: Array<{ change: CheckInChange; reason: string }>;
  pending: number;
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function createCheckInQueue(meetingId: string, storage: Storage | null = browserStorage()) {
  const key = `bok.check-in.${meetingId}`;
  const listeners = new Set<() => void>();
  let flushing: Promise<FlushResult> | null = null;

  function load(): CheckInChange[] {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as CheckInChange[]) : [];
    } catch {
      return [];
    }
  }

  /** Read from the phone's storage once; afterwards this copy is the truth (a stable snapshot for React). */
  let memory: CheckInChange[] = load();
  const read = () => memory;

  function write(changes: CheckInChange[]) {
    memory = changes;
    try {
      if (changes.length) storage?.setItem(key, JSON.stringify(changes));
      else storage?.removeItem(key);
    } catch {
      // Storage full or refused: the changes live in memory for this visit.
    }
    for (const listener of listeners) listener();
  }

  return {
    changes: read,

    add(change: Omit<CheckInChange, 'id'>): CheckInChange {
      const queued = { ...change, id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` };
      write([...read(), queued]);
      return queued;
    },

    /** The person's state as the door sees it: the last change still queued, else the server's. */
    checkedInAt(registrationId: string, server: string | null): string | null {
      const last = read().findLast((change) => change.registrationId === registrationId);
      if (!last) return server;
      return last.checkedIn ? (server ?? last.at) : null;
    },

    /** Sends what is queued, in order; stops at the first that must wait for the connection. */
    flush(send: (change: CheckInChange) => Promise<SendOutcome>): Promise<FlushResult> {
      flushing ??= (async () => {
        const result: FlushResult = { sent: 0, refused: [], pending: 0 };
        try {
          for (const change of read()) {
            const outcome = await send(change);
            if (outcome === 'retry') break;
            if (outcome === 'sent') result.sent += 1;
            else result.refused.push({ change, reason: outcome.refused });
            write(read().filter((queued) => queued.id !== change.id));
          }
        } finally {
          flushing = null;
        }
        result.pending = read().length;
        return result;
      })();
      return flushing;
    },

    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type CheckInQueue = ReturnType<typeof createCheckInQueue>;
