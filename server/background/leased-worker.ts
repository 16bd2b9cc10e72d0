/**
 * One leased job at a time per process, from a queue kept in the database: claim the next
 * job with a lease, renew that lease (every third of it) while the job runs, claim again
 * until nothing is claimable. A job whose process died is claimed again once its lease
 * runs out, so a restart or another process finishes it. Knowledge ingestion and replays
 * run on it; each brings its own claim queries and what a job does.
 */
import type { Logger } from 'pino';
import { createPoller, type PassContext } from './poller.ts';
import { systemTimers, type Timers } from './timers.ts';

/** The queue's storage, as the worker needs it. */
export interface LeasedJobs<J> {
  anyClaimable(): Promise<boolean>;
  claimNext(leaseMs: number): Promise<J | undefined>;
  renewLeases(ids: number[], leaseMs: number): Promise<void>;
}

export interface LeasedWorker {
  start(options?: { pollMs?: number }): void;
  stop(): Promise<void>;
  /** Enqueuers call it: claim now rather than at the next poll. */
  wake(): void;
  /** Resolves once nothing claimable is left (tests, the CLI). */
  idle(): Promise<void>;
}

export interface LeasedWorkerOptions<J> {
  /** What the worker does, in words, for its log lines ("running replays"). */
  name: string;
  jobs: LeasedJobs<J>;
  /** The id whose lease is renewed while the job runs. */
  idOf(job: J): number;
  /** Does the job; the signal aborts when the worker stops. */
  work(job: J, signal: AbortSignal): Promise<void>;
  leaseMs: number;
  logger: Logger;
  timers?: Timers | undefined;
}

export function createLeasedWorker<J>(options: LeasedWorkerOptions<J>): LeasedWorker {
  const { jobs, leaseMs, logger } = options;
  const timers = options.timers ?? systemTimers;
  let current: number | undefined;
  let running = false;

  async function drain({ signal }: PassContext): Promise<void> {
    while (!signal.aborted) {
      const job = await jobs.claimNext(leaseMs);
      if (!job) {
        // Another process may have taken it between the two reads: look again while any is left.
        if (!(await jobs.anyClaimable())) return;
        continue;
      }
      current = options.idOf(job);
      try {
        await options.work(job, signal);
      } finally {
        current = undefined;
      }
    }
  }

  const claims = createPoller({ name: options.name, run: drain, logger, timers });
  const heartbeat = createPoller({
    name: `renewing leases (${options.name})`,
    intervalMs: leaseMs / 3,
    run: () => jobs.renewLeases(current === undefined ? [] : [current], leaseMs),
    logger,
    timers,
    backoff: false,
  });

  return {
    start(startOptions = {}) {
      if (running) return;
      running = true;
      heartbeat.start();
      claims.start(startOptions.pollMs ? { intervalMs: startOptions.pollMs } : {});
    },
    async stop() {
      running = false;
      await claims.stop();
      await heartbeat.stop();
    },
    wake() {
      if (running) claims.wake();
    },
    idle: () => claims.idle(),
  };
}
