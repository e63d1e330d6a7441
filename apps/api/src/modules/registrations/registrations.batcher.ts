/**
 * Group commit: work for the same key (a meeting) that arrives while earlier work for that key is
 * being written is collected and handed over as one batch. At most one batch per key is in flight
 * in this process; what arrives meanwhile forms the next batch, up to `maxBatchSize` (the rest
 * waits for the one after). Different keys never wait for each other.
 *
 * A batch answers each item on its own (a refusal of one item is that item's answer). If the batch
 * as a whole fails, each of its items is tried again alone, in arrival order, before the next batch
 * for the key starts: one bad item cannot fail the others, and nothing is lost or done twice as
 * long as a failed batch wrote nothing (it runs in one transaction). Unless the failure is one that
 * every item would meet again (the database is down): then all of them get that answer at once.
 */

/** One item's answer from a batch. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatcherOptions<Item, Result> {
  maxBatchSize: number;
  /** Does a whole batch, answering each item in order; throws when the batch as a whole failed. */
  runBatch(key: string, items: Item[]): Promise<Array<Settled<Result>>>;
  /** Does one item alone, after its batch failed. */
  runOne(key: string, item: Item): Promise<Result>;
  /**
   * For a failure that each item would only meet again, one after the other (the database is
   * down or not answering): the error every item of the batch is answered with at once, instead
   * of being tried alone. Undefined: the items are tried one by one.
   */
  failEveryItemWith?(error: unknown): unknown;
  /** Told when a batch failed, before its items are answered or tried one by one. */
  onBatchFailed?(key: string, error: unknown, size: number): void;
}

/** Answers sent per turn of the event loop when a batch is settled (about 5 ms of work). */
const SETTLE_SLICE = 25;

interface Waiting<Item, Result> {
  item: Item;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

export interface Batcher<Item, Result> {
  submit(key: string, item: Item): Promise<Result>;
  /** Items waiting for a batch under `key` (not counting the batch in flight). */
  waiting(key: string): number;
}

export function createBatcher<Item, Result>(options: BatcherOptions<Item, Result>): Batcher<Item, Result> {
  if (!(options.maxBatchSize >= 1)) throw new Error('maxBatchSize must be at least 1');
  const queues = new Map<string, Array<Waiting<Item, Result>>>();
  /** Keys with a batch in flight (or about to start). */
  const active = new Set<string>();

  async function runAndSettle(key: string, batch: Array<Waiting<Item, Result>>) {
    let results: Array<Settled<Result>>;
    try {
      results = await options.runBatch(
        key,
        batch.map((waiting) => waiting.item),
      );
      if (results.length !== batch.length) {
        throw new Error(`A batch of ${batch.length} answered ${results.length} items.`);
      }
    } catch (error) {
      try {
        options.onBatchFailed?.(key, error, batch.length);
      } catch {
        // Reporting must not keep the items from being answered.
      }
      let shared: unknown;
      try {
        shared = options.failEveryItemWith?.(error);
      } catch {
        // Not knowing is not a shared failure: the items are tried one by one.
      }
      if (shared !== undefined) {
        settleLater(
          batch,
          batch.map(() => ({ ok: false as const, error: shared })),
          0,
        );
        return;
      }
      for (const waiting of batch) {
        try {
          waiting.resolve(await options.runOne(key, waiting.item));
        } catch (itemError) {
          waiting.reject(itemError);
        }
      }
      return;
    }
    settleLater(batch, results, 0);
  }

  /**
   * Answers a committed batch a slice at a time, each in a later turn of the event loop: the next
   * batch starts first, and its database round trips are not held up behind the work of
   * sending hundreds of answers.
   */
  function settleLater(batch: Array<Waiting<Item, Result>>, results: Array<Settled<Result>>, from: number) {
    setImmediate(() => {
      const to = Math.min(batch.length, from + SETTLE_SLICE);
      for (let index = from; index < to; index++) {
        const waiting = batch[index]!;
        const result = results[index]!;
        if (result.ok) waiting.resolve(result.value);
        else waiting.reject(result.error);
      }
      if (to < batch.length) settleLater(batch, results, to);
    });
  }

  async function drain(key: string) {
    for (;;) {
      const queue = queues.get(key);
      if (!queue?.length) {
        queues.delete(key);
        active.delete(key);
        return;
      }
      await runAndSettle(key, queue.splice(0, options.maxBatchSize));
    }
  }

  return {
    submit(key, item) {
      return new Promise<Result>((resolve, reject) => {
        let queue = queues.get(key);
        if (!queue) {
          queue = [];
          queues.set(key, queue);
        }
        queue.push({ item, resolve, reject });
        if (!active.has(key)) {
          active.add(key);
          // Started after the current turn of the event loop, so requests read in the same turn share the batch.
          setImmediate(() => void drain(key));
        }
      });
    },

    waiting(key) {
      return queues.get(key)?.length ?? 0;
    },
  };
}
