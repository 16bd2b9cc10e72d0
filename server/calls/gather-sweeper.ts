/**
 * Polls for gathers whose time is up. The timeout itself is data (`expires_at`), so any
 * process may sweep, after any restart; the poll interval only bounds how late a
 * `call.gather.completed {status: "timeout"}` can be.
 */
import type { Logger } from 'pino';
import { createPoller } from '../background/poller.ts';
import type { Timers } from '../background/timers.ts';
import type { GatherService } from './gather-service.ts';

export interface GatherSweeper {
  /** Sweep now, then every `intervalMs` (1 s by default). */
  start(intervalMs?: number): void;
  /** Stop sweeping; resolves once the sweep in progress has ended. */
  stop(): Promise<void>;
  /** Started and not stopped (readiness). */
  readonly running: boolean;
}

export function createGatherSweeper(deps: { gathers: Pick<GatherService, 'sweep'>; logger: Logger; timers?: Timers }): GatherSweeper {
  const poller = createPoller({ name: 'gather sweep', intervalMs: 1000, run: () => deps.gathers.sweep(), logger: deps.logger, ...(deps.timers ? { timers: deps.timers } : {}) });
  return {
    start: (intervalMs) => poller.start(intervalMs === undefined ? {} : { intervalMs }),
    stop: () => poller.stop(),
    get running() {
      return poller.running;
    },
  };
}
