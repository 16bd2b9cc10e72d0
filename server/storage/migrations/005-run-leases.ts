import type { Kysely, Migration } from 'kysely';

/**
 * Leases on running test runs: a process holding a run renews its lease; a run whose
 * lease ran out was abandoned (its process died) and any process may close it. Without
 * this, a second server starting would take the first one's running runs for orphans.
 */
export function runLeasesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('agent_test_runs').addColumn('lease_until', 'text').execute();
      await db.schema.createIndex('agent_test_runs_lease_idx').on('agent_test_runs').columns(['status', 'lease_until']).execute();
    },
  };
}
