import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createReadCache, type Loaded } from './read-cache';

const json = (value: unknown) => JSON.stringify(value);

/** A load that answers when told to, counting how often it ran. */
function controlledLoad() {
  const pending: Array<(loaded: Loaded) => void> = [];
  let calls = 0;
  return {
    load: () => {
      calls += 1;
      return new Promise<Loaded>((resolve) => pending.push(resolve));
    },
    answer: (value: unknown, meetings: string[] = []) => pending.shift()!({ body: json(value), meetings }),
    get calls() {
      return calls;
    },
  };
}

describe('createReadCache', () => {
  it('loads once for a crowd asking for the same key, and serves the answer until it expires', async () => {
    let now = 0;
    const cache = createReadCache({ ttlMs: 500, clock: () => now });
    const source = controlledLoad();
    const crowd = Array.from({ length: 50 }, () => cache.get('network', source.load));
    await Promise.resolve();
    source.answer({ n: 1 });
    const answers = await Promise.all(crowd);
    expect(source.calls).toBe(1);
    expect(new Set(answers.map((answer) => answer.body.toString()))).toEqual(new Set([json({ n: 1 })]));

    now = 100;
    expect((await cache.get('network', source.load)).body.toString()).toBe(json({ n: 1 }));
    expect(source.calls).toBe(1);

    // Expired: the next request waits for a new load.
    now = 500;
    const next = cache.get('network', source.load);
    await Promise.resolve();
    source.answer({ n: 2 });
    expect((await next).body.toString()).toBe(json({ n: 2 }));
  });

  it('loads again in the background past half the lifetime, serving the answer it has meanwhile', async () => {
    let now = 0;
    const cache = createReadCache({ ttlMs: 500, clock: () => now });
    const source = controlledLoad();
    const first = cache.get('k', source.load);
    await Promise.resolve();
    source.answer('old');
    await first;

    now = 100;
    await cache.get('k', source.load);
    now = 240;
    await cache.get('k', source.load);
    expect(source.calls).toBe(1);
    now = 300;
    expect((await cache.get('k', source.load)).body.toString()).toBe(json('old'));
    expect(source.calls).toBe(2);
    // Loaded once, however many ask meanwhile.
    await cache.get('k', source.load);
    expect(source.calls).toBe(2);
    source.answer('new');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await cache.get('k', source.load)).body.toString()).toBe(json('new'));
  });

  it('drops the answers showing a meeting whose seats changed, and never keeps a load begun before the change', async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    const source = controlledLoad();
    const page = cache.get('page', source.load);
    await Promise.resolve();
    source.answer({ seats: 1 }, ['m1']);
    await page;
    const other = cache.get('other', source.load);
    await Promise.resolve();
    source.answer({ seats: 5 }, ['m2']);
    await other;

    cache.meetingChanged('m1');
    expect(cache.size).toBe(1);

    // A load under way when the change happens.
    const during = cache.get('page', source.load);
    await Promise.resolve();
    cache.meetingChanged('m1');
    // Asked after the second change: not served the load that began before it.
    const after = cache.get('page', source.load);
    await Promise.resolve();
    expect(source.calls).toBe(4);
    source.answer({ seats: 2 }, ['m1']);
    source.answer({ seats: 3 }, ['m1']);
    expect((await during).body.toString()).toBe(json({ seats: 2 }));
    expect((await after).body.toString()).toBe(json({ seats: 3 }));
    expect((await cache.get('page', source.load)).body.toString()).toBe(json({ seats: 3 }));
    // The other meeting's answer was not touched.
    expect((await cache.get('other', source.load)).body.toString()).toBe(json({ seats: 5 }));
    expect(source.calls).toBe(4);

    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('keeps no failed load: the next request tries again', async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    await expect(cache.get('k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect((await cache.get('k', async () => ({ body: json('ok'), meetings: [] }))).body.toString()).toBe(json('ok'));
  });

  it('compresses bodies worth it once, leaves small ones raw, and tags equal bodies equally', async () => {
    const cache = createReadCache({ ttlMs: 60_000, compressMinBytes: 1024 });
    const large = { items: Array.from({ length: 100 }, (_, n) => ({ n, title: 'Kvalitative brugerundersøgelser' })) };
    const big = await cache.get('big', async () => ({ body: json(large), meetings: [] }));
    expect(big.gzip && gunzipSync(big.gzip).toString()).toBe(json(large));
    expect(big.br!.length).toBeLessThan(big.body.length);
    const small = await cache.get('small', async () => ({ body: json({ ok: true }), meetings: [] }));
    expect(small.gzip).toBeNull();
    expect(small.br).toBeNull();
    const same = await cache.get('same', async () => ({ body: json(large), meetings: [] }));
    expect(same.etag).toBe(big.etag);
    expect(small.etag).not.toBe(big.etag);
  });

  it('keeps the compressed forms of an answer that a later load finds unchanged', async () => {
    let now = 0;
    const cache = createReadCache({ ttlMs: 500, clock: () => now });
    const large = json({ items: Array.from({ length: 100 }, (_, n) => ({ n })) });
    const first = await cache.get('k', async () => ({ body: large, meetings: [] }));
    now = 600;
    const second = await cache.get('k', async () => ({ body: large, meetings: [] }));
    expect(second).not.toBe(first);
    expect(second.gzip).toBe(first.gzip);
    expect(second.br).toBe(first.br);
    now = 1200;
    const changed = await cache.get('k', async () => ({ body: json('other'), meetings: [] }));
    expect(changed.etag).not.toBe(first.etag);
  });

  it('stays within its bounds, dropping the least recently used', async () => {
    const cache = createReadCache({ ttlMs: 60_000, maxEntries: 3, compressMinBytes: Number.POSITIVE_INFINITY });
    const put = (key: string, size = 10) =>
      cache.get(key, async () => ({ body: json('x'.repeat(size)), meetings: [] }));
    await put('a');
    await put('b');
    await put('c');
    await put('a');
    await put('d');
    expect(cache.size).toBe(3);
    let loaded = false;
    await cache.get('b', async () => {
      loaded = true;
      return { body: json('b'), meetings: [] };
    });
    expect(loaded).toBe(true);

    const bySize = createReadCache({ ttlMs: 60_000, maxBytes: 250, compressMinBytes: Number.POSITIVE_INFINITY });
    for (const key of ['a', 'b', 'c'])
      await bySize.get(key, async () => ({ body: json('y'.repeat(100)), meetings: [] }));
    expect(bySize.size).toBe(2);
  });

  it('keeps nothing when its lifetime is 0', async () => {
    const cache = createReadCache({ ttlMs: 0 });
    await cache.get('k', async () => ({ body: json(1), meetings: [] }));
    expect(cache.size).toBe(0);
  });
});
