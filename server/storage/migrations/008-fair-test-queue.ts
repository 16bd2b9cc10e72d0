import type { Kysely, Migration } from 'kysely';

/**
 * A fair test run queue: `claim_order` stamps each claim in the order it happened, so the
 * claim can serve the workspace served least recently; the indexes answer "how many
 * running" and "last served" per workspace without scanning its history.
 */
export function fairTestQueueMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('agent_test_runs').addColumn('claim_order', 'integer').execute();
      await db.schema.createIndex('agent_test_runs_workspace_status_idx').on('agent_test_runs').columns(['workspace_id', 'status']).execute();
      await db.schema.createIndex('agent_test_runs_claim_order_idx').on('agent_test_runs').columns(['workspace_id', 'claim_order']).execute();
    },
  };
}
