import type { Kysely, Migration } from 'kysely';

/**
 * Webhook secret rotation and a delivery log worth reading.
 *
 * - `webhooks.previous_secret` / `previous_secret_until`: after a rotation the old secret
 *   signs beside the new one until that time (the grace period), so receivers can switch
 *   without dropping a delivery. Cleared by the next rotation.
 * - `webhook_deliveries.request_headers` (JSON, signatures left out), `response_body` (the
 *   first 2 KB of the receiver's answer) and `duration_ms`: what the log shows of an attempt.
 * - an index on `(webhook_id, id)` for the per-webhook log, newest first.
 */
export function webhookLogMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('webhooks').addColumn('previous_secret', 'text').execute();
      await db.schema.alterTable('webhooks').addColumn('previous_secret_until', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('request_headers', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('response_body', 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('duration_ms', 'integer').execute();
      await db.schema.createIndex('webhook_deliveries_webhook_log_idx').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
    },
  };
}
