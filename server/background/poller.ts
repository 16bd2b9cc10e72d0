/**
 * One loop for background work (webhook deliveries, the test-run queue, the sweepers):
 * a pass runs at start, every `intervalMs` after the previous one ended, and soon after
 * `wake()`. Never two passes at once; wake-ups during a pass coalesce into one more pass.
 * A pass that fails is logged and the next one waits longer (doubling, capped), until one
 * succeeds. `stop()` resolves once the pass in flight has ended.
 *
 * @example
 * const poller = createPoller({ name: 'gather sweep', intervalMs: 1000, run: () => gathers.sweep(), logger });
 * poller.start();
 * await poller.stop();
 */
import type { Logger } from 'pino';
import { systemTimers, type Timers } from './timers.ts';

/** Why a pass runs: tasks may do extra work on the periodic passes only. */
export type PassTrigger = 'start' | 'interval' | 'wake' | 'now';

export interface PassContext {
  trigger: PassTrigger;
  /** Aborted by `stop()`: a pass working through batches should take no more. */
  signal: AbortSignal;
}

export interface BackoffOptions {
  /** The longest wait after failures; 60 s by default. */
  maxMs?: number;
}

export interface PollerOptions<T> {
  /** Names the task in logs. */
  name: string;
  /** Between the end of one pass and the start of the next; omitted: passes run only at start and on `wake()`. */
  intervalMs?: number | undefined;
  run: (context: PassContext) => Promise<T>;
  logger: Pick<Logger, 'error'>;
  timers?: Timers;
  /** After a failed pass the wait doubles per consecutive failure up to `maxMs`; `false` keeps the interval (a heartbeat must not lapse). */
  backoff?: BackoffOptions | false;
}

export interface Poller<T> {
  /** Run a pass now, then poll; `intervalMs` overrides the option for this start. No-op when started. */
  start(options?: { intervalMs?: number }): void;
  /** Stop scheduling passes, abort the pass's signal, and resolve once the pass in flight has ended. */
  stop(): Promise<void>;
  /** Run a pass soon (once, however many wake-ups come first). Ignored when stopped, and while backing off after a failure. */
  wake(): void;
  /**
   * Run a pass now, started or not (tests, and callers that need its result). During a
   * pass, answers that pass and runs one more after it. Rejects when the pass fails.
   */
  runNow(): Promise<T>;
  /** Resolves once no pass is running or due at once. */
  idle(): Promise<void>;
  /** How many passes in a row have failed; 0 after a success. */
  readonly failures: number;
  /** Started and not stopped (readiness). */
  readonly running: boolean;
}

const DEFAULT_MAX_BACKOFF_MS = 60_000;
/** A poller without an interval backs off as if this were its interval (first retry after 2 s). */
const FIRST_RETRY_MS = 1000;

/** The error was logged where the pass failed; the scheduled caller has nothing to add. */
const loggedInPass = (): void => undefined;

export function createPoller<T>(options: PollerOptions<T>): Poller<T> {
  const timers = options.timers ?? systemTimers;
  const maxBackoffMs = options.backoff === false ? 0 : (options.backoff?.maxMs ?? DEFAULT_MAX_BACKOFF_MS);
  checkInterval(options.name, options.intervalMs);
  let intervalMs = options.intervalMs;
  let started = false;
  let controller = new AbortController();
  let cancelTimer: (() => void) | undefined;
  /** A pass is scheduled to run at once (start or wake), not merely at the next interval. */
  let due = false;
  let inFlight: Promise<T> | undefined;
  let again = false;
  let failures = 0;
  let idleWaiters: (() => void)[] = [];

  function settleIdle(): void {
    if (inFlight || due) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** After a failure the next pass waits out the backoff; wake-ups fold into it rather than hammer what just failed. */
  function backingOff(): boolean {
    return failures > 0 && maxBackoffMs > 0;
  }

  /** The wait before the next periodic pass: the interval, or longer after failures. */
  function nextDelay(): number | undefined {
    if (!backingOff()) return intervalMs;
    const base = intervalMs ?? FIRST_RETRY_MS;
    return Math.min(Math.max(maxBackoffMs, base), base * 2 ** failures);
  }

  function schedule(ms: number | undefined, trigger: PassTrigger): void {
    cancelTimer?.();
    cancelTimer = undefined;
    due = ms === 0;
    if (ms === undefined) return settleIdle();
    cancelTimer = timers.after(ms, () => {
      cancelTimer = undefined;
      due = false;
      void pass(trigger).catch(loggedInPass);
    });
  }

  function afterPass(): void {
    const rerun = again && !backingOff();
    again = false;
    if (started) schedule(rerun ? 0 : nextDelay(), rerun ? 'wake' : 'interval');
    settleIdle();
  }

  function pass(trigger: PassTrigger): Promise<T> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    let ended = false;
    const current = (async () => {
      try {
        const result = await options.run({ trigger, signal: controller.signal });
        failures = 0;
        return result;
      } catch (error) {
        failures += 1;
        options.logger.error({ err: error, task: options.name, failures }, `${options.name} failed`);
        throw error;
      } finally {
        // Here rather than in a `.finally()` on the promise, so a caller resuming on this
        // pass's result already sees no pass in flight and gets a pass of its own.
        ended = true;
        inFlight = undefined;
        afterPass();
      }
    })();
    // A `run` that threw before its first await has ended already.
    if (!ended) inFlight = current;
    return current;
  }

  return {
    start(startOptions = {}) {
      if (started) return;
      checkInterval(options.name, startOptions.intervalMs);
      intervalMs = startOptions.intervalMs ?? options.intervalMs;
      started = true;
      failures = 0;
      controller = new AbortController();
      void pass('start').catch(loggedInPass);
    },
    async stop() {
      started = false;
      schedule(undefined, 'interval');
      controller.abort(new Error(`${options.name} stopped`));
      await inFlight?.catch(loggedInPass);
    },
    wake() {
      if (!started || backingOff()) return;
      if (inFlight) again = true;
      else if (!due) schedule(0, 'wake');
    },
    runNow: () => pass('now'),
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    get failures() {
      return failures;
    },
    get running() {
      return started;
    },
  };
}

function checkInterval(name: string, intervalMs: number | undefined): void {
  if (intervalMs !== undefined && !(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new Error(`${name}: intervalMs must be a positive number, got ${intervalMs}`);
  }
}
