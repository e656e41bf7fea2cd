// Runs one task per item with a bounded number in flight. Cancelling stops
// starting new tasks, and a started task that has not sent anything yet (waiting its
// turn or out a 429) reports itself not sent; what is already sent finishes, so every
// item ends either done, failed with a known error, or never sent: nothing is left unknown.

export interface BulkOutcome<T, R> {
  done: { item: T; result: R }[];
  failed: { item: T; error: unknown }[];
  /** Not sent because the run was cancelled first (in the order of `items`). */
  notSent: T[];
  cancelled: boolean;
}

export interface BulkOptions {
  concurrency: number;
  /** Cancels the run: no new task starts once it is aborted. */
  signal?: AbortSignal;
  /** Whether a task's failure means it was cancelled before anything was sent. */
  notSent?: (error: unknown) => boolean;
  /** After each task settles, with how many have settled so far. */
  onSettled?: (settled: number, total: number) => void;
}

export async function runBulk<T, R>(items: readonly T[], task: (item: T) => Promise<R>, options: BulkOptions): Promise<BulkOutcome<T, R>> {
  const outcome: BulkOutcome<T, R> = { done: [], failed: [], notSent: [], cancelled: false };
  let next = 0;
  let settled = 0;
  const withdrawn = new Set<T>();
  const worker = async (): Promise<void> => {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++] as T;
      try {
        outcome.done.push({ item, result: await task(item) });
      } catch (error) {
        if (options.signal?.aborted && options.notSent?.(error)) withdrawn.add(item);
        else outcome.failed.push({ item, error });
      }
      options.onSettled?.(++settled, items.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  outcome.notSent = [...items.slice(0, next).filter((item) => withdrawn.has(item)), ...items.slice(next)];
  outcome.cancelled = outcome.notSent.length > 0;
  return outcome;
}
