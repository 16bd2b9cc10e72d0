/**
 * The webhook outbox. A change that fires webhook events (a call starting, a gather
 * answered, a test run finishing) writes them here in its own transaction, with
 * `appendOutbox`; a relay later turns each row into deliveries and deletes it, in one
 * transaction. Rows are claimed with a lease like deliveries are, so several processes
 * can relay from one database and a relay that died only delays its rows.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { webhookEventSchema, type WebhookEvent } from '../../shared/api/webhooks-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import type { WebhookOutboxTable } from './calls-webhooks-schema.ts';
import { isPostgres } from './dialect-of.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';
import { insertFirstAttempts, type NewDelivery } from './webhook-deliveries-repo.ts';

/**
 * What an event carries: its data as known at commit, or what the relay presents from the
 * database when it relays (so the commit stays cheap): the event's call, or a test run.
 */
export type OutboxPayload = { data: Record<string, unknown> } | { present: 'call' } | { present: 'test-run'; runId: number };

export interface OutboxEvent {
  workspaceId: number;
  /** The call the event is about: its deliveries show in `GET /v1/calls/{id}/webhooks`. */
  sessionId: number | null;
  event: WebhookEvent;
  payload: OutboxPayload;
}

export interface OutboxEntry extends OutboxEvent {
  id: number;
  eventId: string;
  createdAt: string;
  /** The claim the entry is held under. */
  leaseUntil: string | null;
}

const dataSchema = z.record(z.string(), z.unknown());
const presentSchema = z.enum(['call', 'test-run']);

function payloadOf(row: Selectable<WebhookOutboxTable>): OutboxPayload {
  if (row.present === null) return { data: dataSchema.parse(JSON.parse(row.data ?? '{}')) };
  const present = presentSchema.parse(row.present);
  if (present === 'call') return { present };
  if (row.subject_id === null) throw new Error(`outbox row ${row.id} presents a test run but names none`);
  return { present, runId: row.subject_id };
}

function toEntry(row: Selectable<WebhookOutboxTable>): OutboxEntry {
  return {
    id: row.id,
    eventId: row.event_id,
    workspaceId: row.workspace_id,
    sessionId: row.session_id,
    event: webhookEventSchema.parse(row.event),
    payload: payloadOf(row),
    createdAt: row.created_at,
    leaseUntil: row.lease_until,
  };
}

/** The outbox rows of `events`, in their order, stamped now. */
export function outboxRows(clock: Clock, events: readonly OutboxEvent[]): Insertable<WebhookOutboxTable>[] {
  const now = clock.now();
  return events.map((e) => ({
    event_id: `evt_${newUlid(now)}`,
    workspace_id: e.workspaceId,
    session_id: e.sessionId,
    event: e.event,
    data: 'data' in e.payload ? JSON.stringify(e.payload.data) : null,
    present: 'present' in e.payload ? e.payload.present : null,
    subject_id: 'runId' in e.payload ? e.payload.runId : null,
    created_at: new Date(now).toISOString(),
    lease_until: null,
  }));
}

/**
 * Write events into the outbox on `db`, which is meant to be the transaction of the change
 * they report: they are committed with it or not at all. Answers their event ids.
 */
export async function appendOutbox(db: Kysely<Database>, clock: Clock, events: readonly OutboxEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = outboxRows(clock, events);
  // One statement, so the ids follow the order of the events: the relay keeps that order.
  await db.insertInto('webhook_outbox').values(rows).execute();
  return rows.map((row) => row.event_id);
}

export type WebhookOutboxRepo = ReturnType<typeof createWebhookOutboxRepo>;

export function createWebhookOutboxRepo(db: Kysely<Database>, clock: Clock) {
  return {
    /** Events that no other change carries, committed on their own. */
    append: (events: readonly OutboxEvent[]) => appendOutbox(db, clock, events),

    /**
     * Take up to `limit` entries not held by a live claim, oldest first, for `leaseMs`, in
     * one statement (SKIP LOCKED on Postgres, as deliveries are claimed).
     */
    async claim(limit: number, leaseMs: number): Promise<OutboxEntry[]> {
      const now = isoNow(clock);
      const rows = await db
        .with(
          (cte) => cte('candidates').materialized(),
          (qb) => {
            const candidates = qb
              .selectFrom('webhook_outbox')
              .select('id')
              .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
              .orderBy('id')
              .limit(limit);
            return isPostgres(db) ? candidates.forUpdate().skipLocked() : candidates;
          },
        )
        .updateTable('webhook_outbox')
        .set({ lease_until: new Date(clock.now() + leaseMs).toISOString() })
        .where('id', 'in', (eb) => eb.selectFrom('candidates').select('candidates.id'))
        .returningAll()
        .execute();
      return rows.map(toEntry).sort((a, b) => a.id - b.id);
    },

    /**
     * Queue the entry's deliveries and delete it, atomically, and only under our own claim:
     * false (nothing written) when the lease ran out and another relay took the entry over.
     */
    async relay(entry: OutboxEntry, deliveries: readonly NewDelivery[]): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const deleted = await trx.deleteFrom('webhook_outbox').where('id', '=', entry.id).where('lease_until', '=', entry.leaseUntil).executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1) return false;
        await insertFirstAttempts(trx, deliveries, isoNow(clock));
        return true;
      });
    },
  };
}
