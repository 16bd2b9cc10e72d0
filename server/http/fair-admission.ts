/**
 * Requests start their work in short slices of the event loop, first come first served.
 *
 * libuv accepts ONE new connection per pass of the event loop (libuv PR #3696), and
 * reads every ready socket in that pass. A server that runs each request's work in the
 * socket's own callback makes a pass as long as all the work that arrived: 50 busy
 * keep-alive connections × ~1 ms per turn is a 50 ms pass, so the 51st client waits 50
 * passes — seconds — just to be accepted, and every request read in a pass waits for all
 * the others (issue #12: wrk's p99 at saturation was 17 × its p50, the server's own
 * handling time never above 70 ms).
 *
 * Here a request only queues while sockets are read. The queue runs in the check phase
 * (`setImmediate`), one request after another, until the slice's time is spent; the rest
 * wait for the next pass, after libuv has polled sockets and accepted a connection again.
 * A request runs until it first waits on real I/O (a Postgres query, the LLM), which is
 * when the next one is admitted: admission orders starts, it never holds a request
 * back once started.
 */
import type { MiddlewareHandler } from 'hono';

/** Work per pass of the event loop before libuv polls again: a few turns. */
export const DEFAULT_SLICE_MS = 2;

export interface FairAdmission {
  /** Resolves when this caller may start; the caller's synchronous work runs in the current slice. */
  enter(): Promise<void>;
  /** Callers queued, not yet admitted (for tests). */
  readonly waiting: number;
}

export function createFairAdmission(options: { sliceMs?: number; now?: () => number } = {}): FairAdmission {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  const queue: (() => void)[] = [];
  let sliceStart = 0;
  let scheduled = false;

  function startSlice(): void {
    scheduled = false;
    sliceStart = now();
    admitNext();
  }

  function scheduleSlice(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startSlice);
  }

  /**
   * Admits the next caller if the slice has time left. Called from `enter` as a
   * `process.nextTick`, which Node runs once the promise jobs queued before it are done:
   * after the admitted caller has run until it waits on real I/O.
   */
  function admitNext(): void {
    if (queue.length === 0) return;
    if (now() - sliceStart >= sliceMs) {
      scheduleSlice();
      return;
    }
    queue.shift()?.();
  }

  return {
    async enter() {
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        scheduleSlice();
      });
      process.nextTick(admitNext);
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** Every request waits its turn to start (see above). */
export function fairAdmission(admission: FairAdmission = createFairAdmission()): MiddlewareHandler {
  return async (_c, next) => {
    await admission.enter();
    await next();
  };
}
