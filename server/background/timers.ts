/**
 * Scheduling as a dependency, so tests can fire timers by moving a clock instead of
 * sleeping (see `test/helpers/manual-clock.ts`).
 */
export interface Timers {
  /** Call `fn` once after `ms`; the returned function cancels it if it has not run yet. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * Node's timers, unreferenced: a pending poll never keeps the process alive, so shutting
 * down never waits for the next tick.
 */
export const systemTimers: Timers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
