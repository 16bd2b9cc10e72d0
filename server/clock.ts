/** Time as a dependency, so tests can move it instead of sleeping. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** ISO-8601 UTC text, the storage format of every timestamp. */
export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
