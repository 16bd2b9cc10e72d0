/**
 * The owner of graceful shutdown's question "what is still in flight?". Every request is
 * counted from arrival until its response has ended — a streamed turn until its last event
 * — so a turn under way when SIGTERM comes is answered before the database closes.
 *
 * `begin()` starts the drain: `signal` aborts (open `/events` streams end, rather than hold
 * the grace period), and requests that still arrive on kept-alive connections get 503 with
 * `Connection: close`. `settled(ms)` resolves once nothing is in flight or `ms` has passed.
 *
 * @example
 * const drain = createDrain();
 * server.on('request', (_req, res) => res.once('close', drain.enter()));
 * // at shutdown: drain.begin(); await drain.settled(10_000); then force-close what is left.
 */
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';

export interface Drain {
  /** Aborted when the drain begins. */
  readonly signal: AbortSignal;
  readonly draining: boolean;
  readonly inFlight: number;
  /** Count one request in flight; call the returned function (once) when its response has ended. */
  enter(): () => void;
  begin(): void;
  /** True once nothing is in flight; false if `timeoutMs` passes first. */
  settled(timeoutMs: number): Promise<boolean>;
}

export function createDrain(): Drain {
  const controller = new AbortController();
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  const wakeIfIdle = () => {
    if (inFlight > 0 || !controller.signal.aborted) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  return {
    signal: controller.signal,
    get draining() {
      return controller.signal.aborted;
    },
    get inFlight() {
      return inFlight;
    },
    enter() {
      inFlight++;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
        wakeIfIdle();
      };
    },
    begin() {
      if (!controller.signal.aborted) controller.abort(new Error('the server is shutting down'));
    },
    settled(timeoutMs) {
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
        wakeIfIdle();
      });
    },
  };
}

const PROBES = new Set(['/health/live', '/health/ready']);

/**
 * During a drain, refuse new work with 503 and close the connection after every answer,
 * the ones still being prepared included, so clients reconnect to a live server.
 */
export function refuseWhileDraining(drain: Pick<Drain, 'draining'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // The probes answer for themselves: alive, and not ready, so the orchestrator stops sending traffic.
    if (drain.draining && !PROBES.has(c.req.path)) {
      throw new DomainError('shutting_down', 'The server is shutting down: retry on another instance or in a moment', { Connection: 'close', 'Retry-After': '5' });
    }
    await next();
    if (!drain.draining) return;
    try {
      c.res.headers.set('Connection', 'close');
    } catch {
      // Immutable headers (a proxied response): the connection is closed at the deadline instead.
    }
  });
}
