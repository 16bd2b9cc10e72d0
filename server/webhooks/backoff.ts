/**
 * When a failed delivery is tried again: 3 s, 12 s, 48 s, ~3 min, ~13 min, ~51 min
 * (each ×4, plus up to 10% jitter so a receiver coming back is not hit by every retry at
 * once). Seven attempts over about 68 minutes; the first retry within 5 s.
 */
export const MAX_ATTEMPTS = 7;
const FIRST_DELAY_MS = 3000;
const FACTOR = 4;

/** Delay before attempt `failedAttempt + 1`, or null when the attempts are used up. */
export function retryDelayMs(failedAttempt: number, random: () => number = Math.random): number | null {
  if (failedAttempt >= MAX_ATTEMPTS) return null;
  const base = FIRST_DELAY_MS * FACTOR ** (failedAttempt - 1);
  return Math.round(base * (1 + 0.1 * random()));
}
