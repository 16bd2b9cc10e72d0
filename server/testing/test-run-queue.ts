/**
 * Runs queued agent test runs, at most `concurrency` at a time. The queue lives in the
 * database (`status = 'queued'`), so nothing is lost by a restart. A claimed run carries a
 * lease its process renews while running it; a run whose lease ran out was abandoned by a
 * dead process and is closed as `error` by whichever process notices (at `start()` and on
 * every poll), so several processes can share one database.
 * Enqueuers call `wake()`; `pollMs` also picks up runs queued by other processes. Claiming
 * and the lease heartbeat are each a shared poller (one pass at a time, failures logged).
 */
import type { Logger } from 'pino';
import { createPoller, type PassContext } from '../background/poller.ts';
import { systemTimers, type Timers } from '../background/timers.ts';
import type { TestRunRecord } from '../storage/agent-test-records.ts';
import type { AgentTestRunsRepo, RunOutcome } from '../storage/agent-test-runs-repo.ts';
import type { OutboxEvent } from '../storage/webhook-outbox-repo.ts';
import { unjudgedOutcome, type RunExecutor } from './run-executor.ts';
import { messageOf } from './test-run-error.ts';

export const INTERRUPTED_BY_RESTART = 'Interrupted by a server restart: the run was in progress when the server stopped.';
export const INTERRUPTED_BY_STOP = 'Interrupted: the server stopped while the run was in progress.';
export const DEFAULT_TEST_CONCURRENCY = 4;
/** How long a claim holds without renewal; renewed every third of it. */
export const DEFAULT_LEASE_MS = 30_000;

export interface TestRunQueueDeps {
  runs: AgentTestRunsRepo;
  execute: RunExecutor;
  logger: Logger;
  concurrency?: number;
  leaseMs?: number;
  /** The events a run reaching a terminal status fires, written in the same transaction as its result (webhooks). */
  completionEvents?: (run: TestRunRecord) => OutboxEvent[];
  /** Called once per run that reached a terminal status, after it is committed (in-process listeners). */
  onRunCompleted?: (run: TestRunRecord) => void | Promise<void>;
  /** Schedules polls, the heartbeat and the stop grace period; Node's timers by default. */
  timers?: Timers;
}

export interface TestRunQueue {
  /** Recover from a previous process, then run queued runs until `stop()`. */
  start(options?: { pollMs?: number }): Promise<void>;
  /**
   * Stop claiming runs; give those in progress `graceMs` (default 0) to finish, their leases
   * still renewed, then abort the rest (they end `error`) and wait for them to be recorded.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** New runs were queued: claim them if there is room. */
  wake(): void;
  /** Claiming runs (started and not stopped; readiness). */
  readonly running: boolean;
  /** Resolves once nothing is running and nothing claimable is queued. */
  idle(): Promise<void>;
  /** How many runs are in progress now, and the most at once since start. */
  load(): { active: number; peak: number; concurrency: number };
}

export function createTestRunQueue(deps: TestRunQueueDeps): TestRunQueue {
  const concurrency = deps.concurrency ?? DEFAULT_TEST_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`test run concurrency must be a positive integer, got ${concurrency}`);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const timers = deps.timers ?? systemTimers;
  const inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let running = false;
  let peak = 0;

  async function record(run: TestRunRecord, outcome: RunOutcome): Promise<void> {
    const finished = await deps.runs.finish(run.id, outcome, deps.completionEvents);
    if (!finished || !deps.onRunCompleted) return;
    try {
      await deps.onRunCompleted(finished);
    } catch (error) {
      deps.logger.error({ err: error, run_id: run.publicId }, 'onRunCompleted failed');
    }
  }

  async function execute(run: TestRunRecord, controller: AbortController): Promise<void> {
    const started = performance.now();
    let outcome: RunOutcome;
    try {
      outcome = await deps.execute(run, controller.signal);
    } catch (error) {
      const reason = controller.signal.aborted ? INTERRUPTED_BY_STOP : `The run failed unexpectedly: ${messageOf(error)}`;
      if (!controller.signal.aborted) deps.logger.error({ err: error, run_id: run.publicId }, 'test run failed');
      outcome = unjudgedOutcome(run.definition.type, reason, performance.now() - started);
    }
    await record(run, outcome);
  }

  function launch(run: TestRunRecord): void {
    const controller = new AbortController();
    const done = execute(run, controller)
      .catch((error: unknown) => deps.logger.error({ err: error, run_id: run.publicId }, 'recording a test run failed'))
      .finally(() => {
        inFlight.delete(run.id);
        claims.wake();
      });
    inFlight.set(run.id, { controller, done });
    peak = Math.max(peak, inFlight.size);
  }

  /** Claim queued runs until the limit is reached or none is left. */
  async function fill(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && inFlight.size < concurrency) {
      const claimed = await deps.runs.claimNext(leaseMs);
      if (claimed) launch(claimed);
      // Nothing claimed: the queue is empty, or another worker took the run first.
      else if (!(await deps.runs.anyQueued())) return;
    }
  }

  /** Close runs whose process died (their lease ran out) as `error`. */
  async function closeAbandoned(): Promise<void> {
    for (const orphan of await deps.runs.listAbandoned()) {
      if (inFlight.has(orphan.id)) continue;
      await record(orphan, unjudgedOutcome(orphan.definition.type, INTERRUPTED_BY_RESTART, 0));
    }
  }

  const claims = createPoller({
    name: 'claiming test runs',
    // Only the periodic polls look for abandoned runs; a wake-up just claims.
    run: async ({ trigger, signal }: PassContext) => {
      if (trigger === 'interval') await closeAbandoned();
      await fill(signal);
    },
    logger: deps.logger,
    timers,
  });
  // Renewed every third of the lease, failure or not: backing off would let the leases lapse.
  const heartbeat = createPoller({
    name: 'renewing test run leases',
    intervalMs: leaseMs / 3,
    run: () => deps.runs.renewLeases([...inFlight.keys()], leaseMs),
    logger: deps.logger,
    timers,
    backoff: false,
  });

  return {
    async start(options = {}) {
      if (running) return;
      await closeAbandoned();
      running = true;
      heartbeat.start();
      claims.start(options.pollMs ? { intervalMs: options.pollMs } : {});
    },
    async stop(options = {}) {
      running = false;
      // Claims no more; a run claimed by the pass in flight is launched and gets the grace period too.
      await claims.stop();
      const graceMs = options.graceMs ?? 0;
      if (graceMs > 0 && inFlight.size > 0) {
        let cancelDeadline: (() => void) | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight.values()].map((entry) => entry.done)),
          new Promise<void>((resolve) => (cancelDeadline = timers.after(graceMs, resolve))),
        ]);
        cancelDeadline?.();
      }
      await heartbeat.stop();
      for (const { controller } of inFlight.values()) controller.abort(new Error(INTERRUPTED_BY_STOP));
      await Promise.allSettled([...inFlight.values()].map((entry) => entry.done));
    },
    wake() {
      if (running) claims.wake();
    },
    async idle() {
      // A run that ends wakes the claims poller, so this waits out each round of runs in turn.
      for (;;) {
        await claims.idle();
        if (inFlight.size === 0) return;
        await Promise.allSettled([...inFlight.values()].map((entry) => entry.done));
      }
    },
    load: () => ({ active: inFlight.size, peak, concurrency }),
    get running() {
      return running && claims.running && heartbeat.running;
    },
  };
}
