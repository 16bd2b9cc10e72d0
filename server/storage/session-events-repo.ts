/**
 * The log of events pushed to a session's events channel. Stored, so a client that
 * reconnects with `Last-Event-ID` — to this or another process — misses nothing.
 */
import type { Kysely } from 'kysely';
import { pushedEventSchema, type PushedEvent } from '../../shared/api/text-chat-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import { parseJsonColumn } from './json-column.ts';
import type { Database } from './schema.ts';

export interface StoredEvent {
  id: number;
  sessionId: number;
  event: PushedEvent;
  createdAt: string;
}

export type SessionEventsRepo = ReturnType<typeof createSessionEventsRepo>;

export function createSessionEventsRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async append(sessionId: number, event: PushedEvent): Promise<StoredEvent> {
      const createdAt = isoNow(clock);
      const row = await db
        .insertInto('session_events')
        .values({ session_id: sessionId, type: event.type, data: JSON.stringify(event), created_at: createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, sessionId, event, createdAt };
    },

    async after(sessionId: number, afterId: number, limit = 500): Promise<StoredEvent[]> {
      const rows = await db
        .selectFrom('session_events')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ id: row.id, sessionId: row.session_id, event: parseJsonColumn(pushedEventSchema, row.data, 'session event'), createdAt: row.created_at }));
    },
  };
}
