/**
 * How deep the background queues are and how long their oldest item has waited, read
 * for `/metrics` at scrape time (one small aggregate query per queue, none on the turn
 * path). Times are ISO text in both databases, so the oldest is the smallest.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from './schema.ts';

export interface QueueFigures {
  depth: number;
  oldestAgeSeconds: number;
}

function figures(row: { depth: string | number | bigint; oldest: string | null } | undefined, now: number): QueueFigures {
  const oldest = row?.oldest ? Date.parse(row.oldest) : Number.NaN;
  return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (now - oldest) / 1000) };
}

export function createQueueFigures(db: Kysely<Database>, clock: Clock) {
  return {
    /** Agent test runs queued, not yet claimed. */
    async testRuns(): Promise<QueueFigures> {
      const row = await db
        .selectFrom('agent_test_runs')
        .select((eb) => [eb.fn.countAll<string | number>().as('depth'), eb.fn.min<string | null>('created_at').as('oldest')])
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return figures(row, clock.now());
    },
    /** Webhook attempts not yet answered; the age is of the oldest one already due. */
    async webhookDeliveries(): Promise<QueueFigures> {
      const now = clock.now();
      const row = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => [
          eb.fn.countAll<string | number>().as('depth'),
          eb.fn.min<string | null>(eb.case().when('due_at', '<=', new Date(now).toISOString()).then(eb.ref('due_at')).end()).as('oldest'),
        ])
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirst();
      return figures(row, now);
    },
    /** Replays queued, not yet claimed by a worker. */
    async replays(): Promise<QueueFigures> {
      const row = await db
        .selectFrom('replays')
        .select((eb) => [eb.fn.countAll<string | number>().as('depth'), eb.fn.min<string | null>('created_at').as('oldest')])
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return figures(row, clock.now());
    },
    /** Knowledge documents waiting to be (or being) split and indexed; a replaced one waits from its replacement. */
    async knowledgeIngestion(): Promise<QueueFigures> {
      const row = await db
        .selectFrom('knowledge_documents')
        .select((eb) => [eb.fn.countAll<string | number>().as('depth'), eb.fn.min<string | null>('updated_at').as('oldest')])
        .where('status', '=', 'processing')
        .executeTakeFirst();
      return figures(row, clock.now());
    },
    /** Events committed but not yet turned into deliveries by the relay. */
    async webhookOutbox(): Promise<QueueFigures> {
      const row = await db
        .selectFrom('webhook_outbox')
        .select((eb) => [eb.fn.countAll<string | number>().as('depth'), eb.fn.min<string | null>('created_at').as('oldest')])
        .executeTakeFirst();
      return figures(row, clock.now());
    },
  };
}
