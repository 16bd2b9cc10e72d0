/**
 * Webhook endpoints of a workspace. Every query is scoped by workspace, so another
 * workspace's webhook is simply not found.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { webhookSubscriptionSchema, type WebhookSubscription } from '../../shared/api/webhooks-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import type { WebhooksTable } from './calls-webhooks-schema.ts';
import { parseJsonColumn } from './json-column.ts';
import { auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

export interface WebhookRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  url: string;
  events: WebhookSubscription[];
  secret: string;
  /** After a rotation, the old secret and until when it still signs. */
  previousSecret: { secret: string; until: string } | null;
  description: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookChange {
  url?: string;
  events?: WebhookSubscription[];
  description?: string | null;
  enabled?: boolean;
}

const eventsColumn = z.array(webhookSubscriptionSchema);

function toWebhook(row: Selectable<WebhooksTable>): WebhookRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    url: row.url,
    events: parseJsonColumn(eventsColumn, row.events, 'webhook events'),
    secret: row.secret,
    previousSecret: row.previous_secret !== null && row.previous_secret_until !== null ? { secret: row.previous_secret, until: row.previous_secret_until } : null,
    description: row.description,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type WebhooksRepo = ReturnType<typeof createWebhooksRepo>;

export function createWebhooksRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async create(workspaceId: number, input: { url: string; events: WebhookSubscription[]; secret: string; description?: string | undefined; enabled: boolean }, audit?: AuditOf<WebhookRecord>): Promise<WebhookRecord> {
      return auditedTransaction(db, () => isoNow(clock), async (trx) => {
        const now = isoNow(clock);
        const row = await trx
          .insertInto('webhooks')
          .values({
            public_id: `wh_${newUlid(clock.now())}`,
            workspace_id: workspaceId,
            url: input.url,
            events: JSON.stringify(input.events),
            secret: input.secret,
            description: input.description ?? null,
            enabled: input.enabled ? 1 : 0,
            previous_secret: null,
            previous_secret_until: null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWebhook(row);
      }, audit);
    },

    async list(workspaceId: number): Promise<WebhookRecord[]> {
      const rows = await db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      return rows.map(toWebhook);
    },

    async find(workspaceId: number, publicId: string): Promise<WebhookRecord | undefined> {
      const row = await db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toWebhook(row) : undefined;
    },

    /** For the delivery worker, which has the internal id from a queued attempt. */
    async findById(id: number): Promise<WebhookRecord | undefined> {
      const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toWebhook(row) : undefined;
    },

    async update(webhook: WebhookRecord, change: WebhookChange, audit?: AuditOf<WebhookRecord>): Promise<WebhookRecord> {
      return auditedTransaction(db, () => isoNow(clock), async (trx) => {
        const row = await trx
          .updateTable('webhooks')
          .set({
            updated_at: isoNow(clock),
            ...(change.url !== undefined ? { url: change.url } : {}),
            ...(change.events !== undefined ? { events: JSON.stringify(change.events) } : {}),
            ...(change.description !== undefined ? { description: change.description } : {}),
            ...(change.enabled !== undefined ? { enabled: change.enabled ? 1 : 0 } : {}),
          })
          .where('id', '=', webhook.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWebhook(row);
      }, audit);
    },

    /** A new secret; the current one goes on signing until `previousUntil` (null: it stops at once). */
    async rotateSecret(webhook: WebhookRecord, secret: string, previousUntil: string | null, audit?: AuditOf<WebhookRecord>): Promise<WebhookRecord> {
      return auditedTransaction(db, () => isoNow(clock), async (trx) => {
        const row = await trx
          .updateTable('webhooks')
          .set({ secret, previous_secret: previousUntil === null ? null : webhook.secret, previous_secret_until: previousUntil, updated_at: isoNow(clock) })
          .where('id', '=', webhook.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWebhook(row);
      }, audit);
    },

    async remove(webhook: WebhookRecord, audit?: AuditOf<void>): Promise<void> {
      return auditedTransaction(db, () => isoNow(clock), async (trx) => {
        await trx.deleteFrom('webhooks').where('id', '=', webhook.id).execute();
      }, audit);
    },
  };
}
