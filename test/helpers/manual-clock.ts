/**
 * The one fake clock of the test suite: time moves only when a test moves it, and the
 * timers scheduled on it (the `Timers` port of the pollers) fire as it passes them.
 */
import type { Timers } from '../../server/background/timers.ts';
import type { Clock } from '../../server/clock.ts';

export interface ManualClock extends Clock, Timers {
  /** Jump to an instant; timers due by then fire. */
  set(iso: string): void;
  /** Move forward by `ms` (fractions allowed), firing due timers in order, each at its own time. */
  advance(ms: number): void;
  /** How many timers are scheduled and not yet fired or cancelled. */
  pendingTimers(): number;
}

/** Starts at an ISO instant, or at a number of epoch milliseconds (1 000 by default). */
export function manualClock(start: string | number = 1_000): ManualClock {
  let nowMs = typeof start === 'number' ? start : Date.parse(start);
  if (Number.isNaN(nowMs)) throw new Error(`manualClock: not an instant: ${String(start)}`);
  let sequence = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();

  function moveTo(target: number): void {
    for (;;) {
      // Earliest first; among equal times, the first scheduled.
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      timers.delete(next[0]);
      nowMs = Math.max(nowMs, next[1].at);
      next[1].fn();
    }
    nowMs = Math.max(nowMs, target);
  }

  return {
    now: () => nowMs,
    set: (iso) => {
      const target = Date.parse(iso);
      // Moving back in time fires nothing: timers are measured forward.
      if (target < nowMs) nowMs = target;
      else moveTo(target);
    },
    advance: (ms) => moveTo(nowMs + ms),
    after(ms, fn) {
      const id = sequence++;
      timers.set(id, { at: nowMs + Math.max(0, ms), fn });
      return () => void timers.delete(id);
    },
    pendingTimers: () => timers.size,
  };
}
