/**
 * Deletes ended conversations past their workspace's retention period (issue #19 item 3).
 * When they are due is data (`ended_at` and `workspaces.retention_days`), so any process
 * may sweep, after any restart; a lease keeps several processes on one database from
 * sweeping at once, and each batch is one transaction with its audit entry, so a process
 * that dies mid-sweep leaves nothing half-deleted for the next one.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { callIdOf } from '../../shared/ids.ts';
import { createPoller, type PassContext } from '../background/poller.ts';
import type { Timers } from '../background/timers.ts';
import type { Clock } from '../clock.ts';
import type { ErasureRepo } from '../storage/erasure-repo.ts';
import type { RetentionRepo } from '../storage/retention-repo.ts';

const LEASE_NAME = 'retention-sweep';
const DAY_MS = 86_400_000;
/** Conversations deleted per transaction. */
const BATCH = 200;
/** At most this many per pass (the next pass goes on): a backlog never holds the database for long. */
const MAX_PER_PASS = 10_000;

export interface RetentionSweeperDeps {
  retention: Pick<RetentionRepo, 'bounded' | 'takeLease' | 'releaseLease'>;
  erasure: Pick<ErasureRepo, 'endedBefore' | 'erase'>;
  clock: Clock;
  logger: Pick<Logger, 'error' | 'info'>;
  timers?: Timers;
  /** Names this process in the lease (default: a random id). */
  holder?: string;
  /** How long a pass may hold the lease before another process may take it (default 5 minutes). */
  leaseMs?: number;
}

export interface RetentionSweeper {
  /** Sweep now; answers how many conversations were deleted (0 when another process holds the lease). */
  sweep(): Promise<number>;
  /** Sweep now, then every `intervalMs` (10 minutes by default). */
  start(intervalMs?: number): void;
  /** Stop sweeping and give up the lease; resolves once the pass in progress has ended. */
  stop(): Promise<void>;
}

export function createRetentionSweeper(deps: RetentionSweeperDeps): RetentionSweeper {
  const holder = deps.holder ?? randomUUID();
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const takeLease = () => deps.retention.takeLease(LEASE_NAME, holder, new Date(deps.clock.now() + leaseMs).toISOString());

  async function sweepWorkspace(workspaceId: number, days: number, budget: number, signal: AbortSignal | undefined): Promise<number> {
    const cutoff = new Date(deps.clock.now() - days * DAY_MS).toISOString();
    let deleted = 0;
    while (deleted < budget && !signal?.aborted) {
      const due = await deps.erasure.endedBefore(workspaceId, cutoff, Math.min(BATCH, budget - deleted));
      if (due.length === 0) break;
      // Renewed per batch: a long sweep keeps its lease, a stalled one loses it.
      if (!(await takeLease())) break;
      const gone = await deps.erasure.erase(workspaceId, due, (ids) => [
        {
          workspaceId,
          actor: { kind: 'system', id: 'system' },
          action: 'retention.swept',
          object: { type: 'workspace', id: String(workspaceId) },
          detail: { retention_days: days, calls: ids.length, call_ids: ids.map(callIdOf) },
        },
      ]);
      deleted += gone.length;
      if (due.length < BATCH) break;
    }
    return deleted;
  }

  async function sweep(context?: PassContext): Promise<number> {
    if (!(await takeLease())) return 0;
    let deleted = 0;
    for (const { workspaceId, days } of await deps.retention.bounded()) {
      deleted += await sweepWorkspace(workspaceId, days, MAX_PER_PASS - deleted, context?.signal);
      if (deleted >= MAX_PER_PASS) break;
    }
    if (deleted > 0) deps.logger.info({ deleted }, 'retention sweep deleted ended conversations');
    return deleted;
  }

  const poller = createPoller({ name: 'retention sweep', intervalMs: 10 * 60_000, run: sweep, logger: deps.logger, ...(deps.timers ? { timers: deps.timers } : {}) });
  return {
    sweep: () => poller.runNow(),
    start: (intervalMs) => poller.start(intervalMs === undefined ? {} : { intervalMs }),
    async stop() {
      await poller.stop();
      await deps.retention.releaseLease(LEASE_NAME, holder);
    },
  };
}
