/**
 * Watching queued runs (and replays) until they end: the list is read again after a short wait that
 * grows while nothing changes (1 s, 1.5 s, … up to 10 s) and drops back to 1 s when a
 * status moves, so a quick run shows at once and a long batch does not hammer the server.
 * One list read per look, whatever the number of runs.
 */
import type { RunStatus } from '../../../shared/api/agent-test-runs-api.ts';
import type { ReplayStatus } from '../../../shared/api/replays-api.ts';

export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 10_000;
/** A watch gives up after this many looks (well over the queue's time limit for a run). */
export const MAX_LOOKS = 300;

const ACTIVE = new Set<RunStatus | ReplayStatus>(['queued', 'running']);

/** Whether a test run or a replay is still to finish: both are queued work with the same two active states. */
export function isActive(status: RunStatus | ReplayStatus | undefined): boolean {
  return status !== undefined && ACTIVE.has(status);
}

/** @example nextDelay(1000, false) // 1500 — nothing moved, wait longer */
export function nextDelay(previous: number, changed: boolean): number {
  return changed ? FIRST_DELAY_MS : Math.min(MAX_DELAY_MS, Math.round(previous * 1.5));
}

/**
 * Calls `look` (which reads the statuses and says whether any is still active and whether
 * any changed) until none is active, the watch is stopped, or `MAX_LOOKS` is reached.
 */
export async function watchRuns(
  look: () => Promise<{ active: boolean; changed: boolean }>,
  stopped: () => boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  let delay = FIRST_DELAY_MS;
  for (let looks = 0; looks < MAX_LOOKS; looks++) {
    await sleep(delay);
    if (stopped()) return;
    const { active, changed } = await look();
    if (!active || stopped()) return;
    delay = nextDelay(delay, changed);
  }
}
