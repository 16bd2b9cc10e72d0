import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Regression tests (#18): the workflow state a test starts from, copied out of a stored
 * conversation when the test is created (so retention or deletion of that call does not
 * break the test), and the share of passing attempts a run needs.
 */
export function testStartStatesMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // JSON (see startStateSchema in agent-test-records.ts); null: the test starts a fresh session.
      await db.schema.alterTable('agent_tests').addColumn('start_state', 'text').execute();
      // 1 keeps what every test meant before: all attempts must pass.
      await db.schema
        .alterTable('agent_tests')
        .addColumn('pass_threshold', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  };
}
