/**
 * An open-loop request schedule: arrivals at a constant rate whatever the server does,
 * each timed from when it was *due*, not from when it could be sent. A closed loop (or
 * wrk with a Lua `delay()`, which waits after each answer) sends less when the server
 * stalls and starts the clock late, so a stall hides the queue real users would have
 * built up: coordinated omission. Here a late arrival is still timed from its due time,
 * whether the lateness comes from the pacer's own event loop or from waiting for a free
 * session.
 *
 * Sessions are the users: an arrival takes a free session, or waits (clock running) for
 * the first one to come back, so no session ever has two turns in flight.
 */
export interface PacedLoopOptions {
  ratePerSecond: number;
  /** Clock time of the schedule's origin. */
  startAt: number;
  /** This loop's first arrival after `startAt`, so several processes interleave. */
  offsetMs: number;
  durationMs: number;
  /**
   * Arrivals due in the first `warmupMs` of the schedule are sent but not counted, so
   * cold code paths (JIT, first connections) do not land in the figures. Default 0.
   */
  warmupMs?: number;
  /** How many sessions (targets) this loop owns: 0 … sessions − 1. */
  sessions: number;
  /** Milliseconds on a clock shared by every process of the run. */
  now: () => number;
  /** Send one request for the session; resolves with the HTTP status, rejects when no answer comes. */
  send: (session: number) => Promise<number>;
}

export interface PacedTally {
  /** Due → answered, for 2xx answers (ms). */
  latencies: number[];
  /** Due → handed to `send` or queued for a session (ms): how far the pacer itself fell behind. */
  lags: number[];
  non2xx: number;
  errors: number;
  arrivals: number;
  /** Arrivals that found every session of the loop busy. */
  waitedForSession: number;
}

export interface PacedLoop {
  /** Issue every arrival due by now; the ms until the next one, or undefined when the schedule is over. */
  tick(): number | undefined;
  /** No request in flight or waiting. */
  idle(): boolean;
  /** Requests issued but not answered yet (in flight or waiting). */
  pending(): number;
  tally(): PacedTally;
}

/**
 * @example
 * const loop = createPacedLoop({ ratePerSecond: 100, startAt: now(), offsetMs: 0, durationMs: 10_000, sessions: 50, now, send });
 * for (let wait = loop.tick(); wait !== undefined; wait = loop.tick()) await sleep(wait);
 */
export function createPacedLoop(options: PacedLoopOptions): PacedLoop {
  if (!(options.ratePerSecond > 0)) throw new Error('ratePerSecond must be positive');
  if (options.sessions < 1) throw new Error('a paced loop needs at least one session');
  const { now, send } = options;
  const interval = 1000 / options.ratePerSecond;
  const end = options.startAt + options.durationMs;
  const countFrom = options.startAt + (options.warmupMs ?? 0);
  const free = Array.from({ length: options.sessions }, (_, i) => i);
  const waiting: number[] = [];
  const blank = (): PacedTally => ({ latencies: [], lags: [], non2xx: 0, errors: 0, arrivals: 0, waitedForSession: 0 });
  const tally = blank();
  // Warm-up arrivals are tallied here and never reported.
  const discarded = blank();
  const tallyOf = (dueAt: number) => (dueAt >= countFrom ? tally : discarded);
  let k = 0;
  let inFlight = 0;

  function start(session: number, dueAt: number): void {
    inFlight++;
    const counted = tallyOf(dueAt);
    send(session).then(
      (status) => {
        if (status >= 200 && status < 300) counted.latencies.push(now() - dueAt);
        else counted.non2xx++;
      },
      () => {
        counted.errors++;
      },
    ).finally(() => {
      inFlight--;
      const next = waiting.shift();
      if (next === undefined) free.push(session);
      else start(session, next);
    });
  }

  function arrive(dueAt: number): void {
    const counted = tallyOf(dueAt);
    counted.arrivals++;
    counted.lags.push(now() - dueAt);
    const session = free.shift();
    if (session === undefined) {
      counted.waitedForSession++;
      waiting.push(dueAt);
    } else {
      start(session, dueAt);
    }
  }

  return {
    tick() {
      const t = now();
      for (;;) {
        const due = options.startAt + options.offsetMs + k * interval;
        if (due >= end) return undefined;
        if (due > t) return due - t;
        arrive(due);
        k++;
      }
    },
    idle: () => inFlight === 0 && waiting.length === 0,
    pending: () => inFlight + waiting.length,
    tally: () => tally,
  };
}
