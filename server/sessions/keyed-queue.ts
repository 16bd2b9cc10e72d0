/**
 * Runs tasks one at a time per key (a session id), in arrival order, across keys in
 * parallel. The in-process half of "one turn per session at a time"; the revision check
 * at commit is the cross-process half.
 */
export interface KeyedQueue {
  run<T>(key: string | number, task: () => Promise<T>): Promise<T>;
  /** Keys with work queued or running, for tests and metrics. */
  readonly size: number;
  /** Resolves once no task is queued or running (shutdown waits on it before closing the database). */
  idle(): Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string | number, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      // Forget the key once its last task settles, so idle sessions hold no memory.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
    async idle() {
      while (tails.size > 0) await Promise.allSettled([...tails.values()]);
    },
  };
}
