/**
 * The webhook delivery queue, which is also the delivery log: one row per attempt.
 * Attempts are claimed with a conditional UPDATE that returns the rows it took, so several
 * workers (threads, processes) never send the same attempt twice at once.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { deliveryStatusSchema, webhookEventSchema, type DeliveryStatus, type WebhookEvent } from '../../shared/api/webhooks-api.ts';
import { z } from 'zod';
import { isoNow, type Clock } from '../clock.ts';
import type { WebhookDeliveriesTable } from './calls-webhooks-schema.ts';
import { isPostgres } from './dialect-of.ts';
import { parseJsonColumn } from './json-column.ts';
import type { Database } from './schema.ts';

export interface DeliveryRecord {
  id: number;
  workspaceId: number;
  webhookId: number | null;
  sessionId: number | null;
  event: WebhookEvent;
  eventId: string;
  url: string;
  payload: string;
  attempt: number;
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
  dueAt: string;
  /** Set while an attempt is being sent: the claim it is sent under. */
  leaseUntil: string | null;
  createdAt: string;
  attemptedAt: string | null;
  /** The headers sent, signatures left out; null until the attempt is made. */
  requestHeaders: Record<string, string> | null;
  /** The start of the receiver's answer. */
  responseBody: string | null;
  durationMs: number | null;
}

export interface NewDelivery {
  workspaceId: number;
  webhookId: number;
  sessionId: number | null;
  event: WebhookEvent;
  eventId: string;
  url: string;
  payload: string;
}

/** What one attempt came to; `retryAt` queues the next attempt. */
export interface AttemptResult {
  url: string;
  statusCode: number | null;
  error: string | null;
  success: boolean;
  retryAt: string | null;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  durationMs: number;
}

/** Which attempts a webhook's log shows: newest first, after a cursor, by status or event. */
export interface DeliveryLogQuery {
  limit: number;
  /** Only attempts older than this id (the previous page's last). */
  before?: number | undefined;
  status?: DeliveryStatus | undefined;
  event?: WebhookEvent | undefined;
}

const headersColumn = z.record(z.string(), z.string());

function toDelivery(row: Selectable<WebhookDeliveriesTable>): DeliveryRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    webhookId: row.webhook_id,
    sessionId: row.session_id,
    event: webhookEventSchema.parse(row.event),
    eventId: row.event_id,
    url: row.url,
    payload: row.payload,
    attempt: row.attempt,
    status: deliveryStatusSchema.parse(row.status),
    statusCode: row.status_code,
    error: row.error,
    dueAt: row.due_at,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    attemptedAt: row.attempted_at,
    requestHeaders: row.request_headers === null ? null : parseJsonColumn(headersColumn, row.request_headers, 'delivery request headers'),
    responseBody: row.response_body,
    durationMs: row.duration_ms,
  };
}

export type WebhookDeliveriesRepo = ReturnType<typeof createWebhookDeliveriesRepo>;

/** The row of a pending attempt: the first one, or the retry a failed attempt queues. */
function pendingRow(d: Pick<DeliveryRecord, 'workspaceId' | 'webhookId' | 'sessionId' | 'event' | 'eventId' | 'url' | 'payload'>, attempt: number, dueAt: string, now: string) {
  return {
    workspace_id: d.workspaceId,
    webhook_id: d.webhookId,
    session_id: d.sessionId,
    event: d.event,
    event_id: d.eventId,
    url: d.url,
    payload: d.payload,
    attempt,
    status: 'pending',
    status_code: null,
    error: null,
    due_at: dueAt,
    lease_until: null,
    created_at: now,
    attempted_at: null,
    request_headers: null,
    response_body: null,
    duration_ms: null,
  };
}

/**
 * Queue first attempts, due `now`, on `db` or inside a caller's transaction. An event
 * already queued for a webhook is skipped, so relaying one event twice sends it once.
 */
export async function insertFirstAttempts(db: Kysely<Database>, deliveries: readonly NewDelivery[], now: string): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(deliveries.map((d) => pendingRow(d, 1, now, now)))
    .onConflict((oc) => oc.columns(['event_id', 'webhook_id', 'attempt']).doNothing())
    .execute();
}

export function createWebhookDeliveriesRepo(db: Kysely<Database>, clock: Clock) {
  return {
    /** Queue first attempts, due now. */
    async enqueue(deliveries: NewDelivery[]): Promise<void> {
      await insertFirstAttempts(db, deliveries, isoNow(clock));
    },

    /**
     * Take up to `limit` attempts that may be sent now (due, or abandoned by a worker whose
     * lease ran out) for `leaseMs`, in one statement: an attempt another worker took first
     * is simply not among them. On Postgres the candidates are locked with SKIP LOCKED, so
     * a worker never waits on rows another process is claiming: it takes the next ones.
     */
    async claimDue(limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
      const now = isoNow(clock);
      const due = (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) =>
        eb.or([eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])]);
      const rows = await db
        // Materialized, so the candidates are chosen once: as an `IN (subquery)` Postgres
        // may rescan the LIMITed subquery per row and claim more than `limit`.
        .with(
          (cte) => cte('candidates').materialized(),
          (qb) => {
            const candidates = qb.selectFrom('webhook_deliveries').select('id').where(due).orderBy('due_at').orderBy('id').limit(limit);
            return isPostgres(db) ? candidates.forUpdate().skipLocked() : candidates;
          },
        )
        .updateTable('webhook_deliveries')
        .set({ status: 'sending', lease_until: new Date(clock.now() + leaseMs).toISOString() })
        .where('id', 'in', (eb) => eb.selectFrom('candidates').select('candidates.id'))
        .returningAll()
        .execute();
      return rows.map(toDelivery);
    },

    /** Record an attempt and, when it failed and may retry, queue the next one: atomically. */
    async record(delivery: DeliveryRecord, result: AttemptResult): Promise<void> {
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('webhook_deliveries')
          .set({
            status: result.success ? 'succeeded' : 'failed',
            url: result.url,
            status_code: result.statusCode,
            error: result.error,
            attempted_at: now,
            lease_until: null,
            request_headers: JSON.stringify(result.requestHeaders),
            response_body: result.responseBody,
            duration_ms: result.durationMs,
          })
          .where('id', '=', delivery.id)
          // Only under our own claim: a worker that outlived its lease must not queue a second retry.
          .where('status', '=', 'sending')
          .where('lease_until', '=', delivery.leaseUntil)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return;
        if (result.success || result.retryAt === null) return;
        await trx.insertInto('webhook_deliveries').values(pendingRow({ ...delivery, url: result.url }, delivery.attempt + 1, result.retryAt, now)).execute();
      });
    },

    /** Give a claimed attempt back, unsent, due at `dueAt`. */
    async defer(delivery: DeliveryRecord, dueAt: string): Promise<void> {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', lease_until: null, due_at: dueAt })
        .where('id', '=', delivery.id)
        .where('status', '=', 'sending')
        .where('lease_until', '=', delivery.leaseUntil)
        .execute();
    },

    async cancel(delivery: DeliveryRecord, reason: string): Promise<void> {
      await db.updateTable('webhook_deliveries').set({ status: 'cancelled', error: reason, lease_until: null }).where('id', '=', delivery.id).execute();
    },

    /** A call's log, in time order then attempt order. */
    async forSession(sessionId: number, limit: number): Promise<DeliveryRecord[]> {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('created_at')
        .orderBy('attempt')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },

    /** One webhook's log, newest first. */
    async forWebhook(webhookId: number, query: DeliveryLogQuery): Promise<DeliveryRecord[]> {
      let q = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
      if (query.before !== undefined) q = q.where('id', '<', query.before);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      if (query.event !== undefined) q = q.where('event', '=', query.event);
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toDelivery);
    },

    /** An attempt of the workspace, by id. */
    async find(workspaceId: number, id: number): Promise<DeliveryRecord | undefined> {
      const row = await db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },

    /**
     * Queue one more attempt of `delivery`'s event to its webhook, due now, numbered after
     * the last one: the same event id and body, so a receiver can de-duplicate. Resolves
     * with undefined (and queues nothing) while an attempt of that event is still pending
     * or being sent, or when another redelivery took the number first.
     */
    async redeliver(delivery: DeliveryRecord, url: string): Promise<DeliveryRecord | undefined> {
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const attempts = trx.selectFrom('webhook_deliveries').where('event_id', '=', delivery.eventId).where('webhook_id', '=', delivery.webhookId);
        const open = await attempts.select('id').where('status', 'in', ['pending', 'sending']).executeTakeFirst();
        if (open) return undefined;
        const last = await attempts.select((eb) => eb.fn.max('attempt').as('attempt')).executeTakeFirst();
        const row = await trx
          .insertInto('webhook_deliveries')
          .values(pendingRow({ ...delivery, url }, Number(last?.attempt ?? 0) + 1, now, now))
          .onConflict((oc) => oc.columns(['event_id', 'webhook_id', 'attempt']).doNothing())
          .returningAll()
          .executeTakeFirst();
        return row ? toDelivery(row) : undefined;
      });
    },
  };
}
