import type { Clock } from '../../server/clock.ts';

/** A clock tests move by hand, instead of sleeping. */
export interface ManualClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function manualClock(startIso: string): ManualClock {
  let nowMs = Date.parse(startIso);
  return {
    now: () => nowMs,
    set: (iso) => void (nowMs = Date.parse(iso)),
    advance: (ms) => void (nowMs += ms),
  };
}
