import { describe, expect, it } from 'vitest';
import { createBatcher, type Settled } from './registrations.batcher';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits until the batcher has had its turns of the event loop. */
const turns = async (count = 3) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

const settledOf = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : error }),
  );

/** A batcher whose batches the test finishes by hand; it records what ran. */
function harness(options: { maxBatchSize?: number; runOne?: (key: string, item: number) => Promise<string> } = {}) {
  const batches: Array<{ key: string; items: number[]; done: Deferred<Array<Settled<string>>> }> = [];
  const ones: Array<[string, number]> = [];
  const failures: Array<{ key: string; size: number }> = [];
  const batcher = createBatcher<number, string>({
    maxBatchSize: options.maxBatchSize ?? 100,
    runBatch(key, items) {
      const done = deferred<Array<Settled<string>>>();
      batches.push({ key, items, done });
      return done.promise;
    },
    runOne(key, item) {
      ones.push([key, item]);
      return options.runOne ? options.runOne(key, item) : Promise.resolve(`one ${item}`);
    },
    onBatchFailed(key, _error, size) {
      failures.push({ key, size });
    },
  });
  /** Answers a batch: every item ok as `batch <item>`, except those listed as refused. */
  const answer = (index: number, refused: number[] = []) => {
    const batch = batches[index]!;
    batch.done.resolve(
      batch.items.map((item) =>
        refused.includes(item)
          ? { ok: false, error: new Error(`refused ${item}`) }
          : { ok: true, value: `batch ${item}` },
      ),
    );
  };
  return { batcher, batches, ones, failures, answer };
}

describe('createBatcher', () => {
  it('hands items that arrive together to one batch and answers each with its own result', async () => {
    const { batcher, batches, answer } = harness();
    const results = [1, 2, 3].map((item) => settledOf(batcher.submit('m1', item)));
    await turns();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3]]);
    answer(0, [2]);
    expect(await Promise.all(results)).toEqual([
      { ok: true, value: 'batch 1' },
      { ok: false, error: 'refused 2' },
      { ok: true, value: 'batch 3' },
    ]);
  });

  it('keeps one batch in flight per key: later items form the next batch, up to the cap; other keys do not wait', async () => {
    const { batcher, batches, answer } = harness({ maxBatchSize: 3 });
    const first = batcher.submit('m1', 1);
    await turns();
    const later = [2, 3, 4, 5, 6, 7, 8].map((item) => batcher.submit('m1', item));
    const elsewhere = batcher.submit('m2', 100);
    await turns();
    expect(batches.map((batch) => [batch.key, batch.items])).toEqual([
      ['m1', [1]],
      ['m2', [100]],
    ]);
    expect(batcher.waiting('m1')).toBe(7);

    answer(1);
    expect(await elsewhere).toBe('batch 100');
    answer(0);
    expect(await first).toBe('batch 1');
    await turns();
    expect(batches.slice(2).map((batch) => batch.items)).toEqual([[2, 3, 4]]);
    answer(2);
    await turns();
    expect(batches.slice(3).map((batch) => batch.items)).toEqual([[5, 6, 7]]);
    answer(3);
    await turns();
    answer(4);
    expect(await Promise.all(later)).toEqual([2, 3, 4, 5, 6, 7, 8].map((item) => `batch ${item}`));
    expect(batches.map((batch) => batch.items.length)).toEqual([1, 1, 3, 3, 1]);
    expect(batcher.waiting('m1')).toBe(0);
  });

  it('tries each item of a failed batch alone, in arrival order, before the next batch starts', async () => {
    const order: string[] = [];
    const batchesStarted = () => batches.length;
    const { batcher, batches, ones, failures } = harness({
      runOne: async (_key, item) => {
        await turns(); // gives a next batch every chance to start early
        order.push(`one ${item} while ${batchesStarted()} batch started`);
        if (item === 2) throw new Error('item 2 is bad');
        return `one ${item}`;
      },
    });
    const results = [1, 2, 3].map((item) => settledOf(batcher.submit('m1', item)));
    await turns();
    const next = batcher.submit('m1', 4);
    batches[0]!.done.reject(new Error('deadlock'));
    expect(await Promise.all(results)).toEqual([
      { ok: true, value: 'one 1' },
      { ok: false, error: 'item 2 is bad' },
      { ok: true, value: 'one 3' },
    ]);
    expect(ones).toEqual([
      ['m1', 1],
      ['m1', 2],
      ['m1', 3],
    ]);
    expect(failures).toEqual([{ key: 'm1', size: 3 }]);
    await turns();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3], [4]]);
    batches[1]!.done.resolve([{ ok: true, value: 'batch 4' }]);
    expect(await next).toBe('batch 4');
    expect(order).toEqual([1, 2, 3].map((item) => `one ${item} while 1 batch started`));
  });

  it('treats a batch that does not answer every item as failed', async () => {
    const { batcher, batches, ones } = harness();
    const results = [1, 2].map((item) => batcher.submit('m1', item));
    await turns();
    batches[0]!.done.resolve([{ ok: true, value: 'only one' }]);
    expect(await Promise.all(results)).toEqual(['one 1', 'one 2']);
    expect(ones.map(([, item]) => item)).toEqual([1, 2]);
  });

  it('answers every item of a batch at once with the shared error when its failure is one they would all meet', async () => {
    const ones: number[] = [];
    const failures: number[] = [];
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    let batchesRun = 0;
    const batcher = createBatcher<number, string>({
      maxBatchSize: 200,
      runBatch: async () => {
        batchesRun += 1;
        throw down;
      },
      runOne: async (_key, item) => {
        ones.push(item);
        return `one ${item}`;
      },
      failEveryItemWith: (error) => (error === down ? new Error('unavailable') : undefined),
      onBatchFailed: (_key, _error, size) => failures.push(size),
    });
    const items = Array.from({ length: 200 }, (_, index) => index);
    const results = await Promise.all(items.map((item) => settledOf(batcher.submit('m1', item))));
    expect(results).toEqual(items.map(() => ({ ok: false, error: 'unavailable' })));
    expect(ones).toEqual([]);
    expect([batchesRun, failures]).toEqual([1, [200]]);

    // Other failures are still tried one by one.
    const other = createBatcher<number, string>({
      maxBatchSize: 10,
      runBatch: () => Promise.reject(new Error('deadlock')),
      runOne: async (_key, item) => `one ${item}`,
      failEveryItemWith: (error) => (error === down ? new Error('unavailable') : undefined),
    });
    expect(await Promise.all([other.submit('m', 1), other.submit('m', 2)])).toEqual(['one 1', 'one 2']);
  });

  it('tries the items one by one when telling the failure apart throws', async () => {
    const batcher = createBatcher<number, number>({
      maxBatchSize: 10,
      runBatch: () => Promise.reject(new Error('down')),
      runOne: async (_key, item) => item * 10,
      failEveryItemWith: () => {
        throw new Error('classifier broke');
      },
    });
    expect(await Promise.all([batcher.submit('m', 1), batcher.submit('m', 2)])).toEqual([10, 20]);
  });

  it('answers every item even when reporting the failure throws', async () => {
    const batcher = createBatcher<number, number>({
      maxBatchSize: 10,
      runBatch: () => Promise.reject(new Error('down')),
      runOne: async (_key, item) => item * 10,
      onBatchFailed: () => {
        throw new Error('logger broke');
      },
    });
    expect(await Promise.all([batcher.submit('m', 1), batcher.submit('m', 2)])).toEqual([10, 20]);
  });
});
