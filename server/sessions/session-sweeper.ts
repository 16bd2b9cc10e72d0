/**
 * Ends idle sessions. Expiry is data (`expires_at`), so this can run anywhere, any
 * number of times, after any restart: a sweep only ends what is already overdue.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createPoller } from '../background/poller.ts';
import type { Timers } from '../background/timers.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionService } from './session-service.ts';

export interface SessionSweeper {
  /** End every overdue session now; returns how many were ended. */
  sweep(): Promise<number>;
  /** Sweep now, then every `intervalMs` (15 s by default). */
  start(intervalMs?: number): void;
  /** Stop sweeping; resolves once the sweep in progress has ended. */
  stop(): Promise<void>;
  /** Started and not stopped (readiness). */
  readonly running: boolean;
}

export function createSessionSweeper(deps: { db: Kysely<Database>; sessions: SessionService; clock: Clock; logger: Logger; timers?: Timers }): SessionSweeper {
  async function sweep(): Promise<number> {
    const now = new Date(deps.clock.now()).toISOString();
    const overdue = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('status', 'in', ['active', 'transferred'])
      .where('expires_at', '<', now)
      .limit(500)
      .execute();
    let ended = 0;
    for (const { id } of overdue) {
      try {
        await deps.sessions.end(id, 'timeout');
        ended++;
      } catch (error) {
        // Usually another process ended it meanwhile, which is fine; the log tells the rare other case apart.
        deps.logger.warn({ err: error, session_id: id }, 'idle session could not be ended');
      }
    }
    return ended;
  }

  const poller = createPoller({ name: 'session sweep', intervalMs: 15_000, run: sweep, logger: deps.logger, ...(deps.timers ? { timers: deps.timers } : {}) });
  return {
    sweep: () => poller.runNow(),
    start: (intervalMs) => poller.start(intervalMs === undefined ? {} : { intervalMs }),
    stop: () => poller.stop(),
    get running() {
      return poller.running;
    },
  };
}
