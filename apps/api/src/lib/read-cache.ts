import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A public answer as it goes on the wire: serialised, tagged and compressed once, served many times. */
export interface CachedBody {
  body: Buffer;
  /** Weak: the same tag stands for the identity, gzip and br forms of the body. */
  etag: string;
  gzip: Buffer | null;
  br: Buffer | null;
  /** Meetings whose seats the body shows: a registration there replaces it at once. */
  meetings: ReadonlySet<string>;
}

interface Entry extends CachedBody {
  /** When the load began: what it shows is at most this old, so expiry counts from here. */
  loadedFrom: number;
  bytes: number;
}

export interface ReadCacheOptions {
  /**
   * How long an answer is served without reading again. Writes on this instance replace answers
   * at once; this bounds how long a write made by another instance (another process on the same
   * database) can go unseen. 0 turns the cache off.
   */
  ttlMs: number;
  maxEntries?: number;
  /** Bodies, compressed forms included, kept at most; the least recently used go first. */
  maxBytes?: number;
  /** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
  compressMinBytes?: number;
  clock?: () => number;
}

export interface Loaded {
  /** The serialised JSON. */
  body: string;
  meetings: Iterable<string>;
}

export interface ReadCache {
  /** The cached answer under `key`, or the one `load` makes (one load per key at a time). */
  get(key: string, load: () => Promise<Loaded>): Promise<CachedBody>;
  /** Seats of a meeting changed (a registration, a cancellation, a promotion). */
  meetingChanged(meetingId: string): void;
  /** Anything may have changed (a seed, a meeting's details): every answer is read again. */
  clear(): void;
  readonly size: number;
}

export const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

async function compressed(body: Buffer, minBytes: number): Promise<Pick<CachedBody, 'gzip' | 'br'>> {
  if (body.length < minBytes) return { gzip: null, br: null };
  const [gz, br] = await Promise.all([
    gzipAsync(body, { level: 6 }),
    // Quality 11 costs tens of milliseconds for a few kB of JSON and saves a few per cent more than 6.
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 6,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
  return { gzip: gz.length < body.length ? gz : null, br: br.length < body.length ? br : null };
}

/**
 * In-process cache of public answers. Misses are single-flight: a crowd asking for the same key
 * waits for one load. An answer past half its lifetime is loaded again in the background while it
 * is still served, so under steady traffic no request waits for the database. Every change on this
 * instance (`meetingChanged`, `clear`) drops the answers it affects and the loads in flight, so
 * a request that comes after the change never gets an answer read before it.
 */
export function createReadCache(options: ReadCacheOptions): ReadCache {
  const maxEntries = options.maxEntries ?? 500;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const compressMinBytes = options.compressMinBytes ?? 1024;
  const clock = options.clock ?? Date.now;
  /** In least-recently-used order (a hit moves its key to the end). */
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();
  let bytes = 0;
  /** Bumped by every change: a load that began before one is served to its waiters but not kept. */
  let generation = 0;

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function store(key: string, entry: Entry) {
    remove(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      remove(oldest);
    }
  }

  function startLoad(key: string, load: () => Promise<Loaded>): Promise<Entry> {
    const started = generation;
    const loadedFrom = clock();
    const promise = (async () => {
      const loaded = await load();
      const body = Buffer.from(loaded.body);
      // Most loads find what the last one did: its tag and compressed forms are kept, not made again.
      const previous = entries.get(key);
      const same = previous?.body.equals(body) ? previous : undefined;
      const variants = same ? { gzip: same.gzip, br: same.br } : await compressed(body, compressMinBytes);
      const entry: Entry = {
        body: same?.body ?? body,
        etag: same?.etag ?? etagOf(body),
        ...variants,
        meetings: new Set(loaded.meetings),
        loadedFrom,
        bytes: body.length + (variants.gzip?.length ?? 0) + (variants.br?.length ?? 0),
      };
      if (generation === started && options.ttlMs > 0) store(key, entry);
      return entry;
    })();
    inFlight.set(key, promise);
    const settle = () => {
      if (inFlight.get(key) === promise) inFlight.delete(key);
    };
    promise.then(settle, settle);
    return promise;
  }

  return {
    async get(key, load) {
      const now = clock();
      const entry = entries.get(key);
      if (entry && now - entry.loadedFrom < options.ttlMs) {
        entries.delete(key);
        entries.set(key, entry);
        // Halfway, so that a slow load (a busy database) still lands before the answer runs out, and
        // not earlier: each load holds the event loop for its queries' answers and the serialising.
        if (now - entry.loadedFrom >= options.ttlMs / 2 && !inFlight.has(key)) {
          // A failed refresh is nobody's answer: the next request past the lifetime loads again.
          startLoad(key, load).catch(() => {});
        }
        return entry;
      }
      return inFlight.get(key) ?? startLoad(key, load);
    },

    meetingChanged(meetingId) {
      generation += 1;
      inFlight.clear();
      for (const [key, entry] of entries) if (entry.meetings.has(meetingId)) remove(key);
    },

    clear() {
      generation += 1;
      inFlight.clear();
      entries.clear();
      bytes = 0;
    },

    get size() {
      return entries.size;
    },
  };
}
