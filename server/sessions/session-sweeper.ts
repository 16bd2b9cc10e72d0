/**
 * Ends idle sessions. Expiry is data (`expires_at`), so this can run anywhere, any
 * number of times, after any restart: a sweep only ends what is already overdue.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionService } from './session-service.ts';

export interface SessionSweeper {
  /** End every overdue session now; returns how many were ended. */
  sweep(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): void;
}

export function createSessionSweeper(deps: { db: Kysely<Database>; sessions: SessionService; clock: Clock; logger: Logger }): SessionSweeper {
  let timer: NodeJS.Timeout | undefined;

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
      // Another process may have ended it (or a turn refreshed it) meanwhile: that is fine.
      await deps.sessions.end(id, 'timeout').then(() => ended++, () => undefined);
    }
    return ended;
  }

  return {
    sweep,
    start(intervalMs = 15_000) {
      timer ??= setInterval(() => void sweep().catch((err: unknown) => deps.logger.error({ err }, 'session sweep failed')), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
