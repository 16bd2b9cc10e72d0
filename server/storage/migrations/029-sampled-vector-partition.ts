import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { rebuildUnsampledPassageVectorIndexes } from '../passage-vector-index.ts';

/**
 * The SQLite nearest-vector index gets a third partition key, `sampled` (issue #17: nearest
 * vectors p99 ≤ 20 ms at 100k passages): one passage in 16 by id, read first to bound the one
 * scan of the whole base a search then makes (knowledge-search-repo.ts `bitNeighbours`).
 * A `vec0` table's columns are fixed, so each index table is remade and filled from the
 * passages, in this migration's transaction. Postgres orders its bits in SQL: nothing to do.
 */
export function sampledVectorPartitionMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      await rebuildUnsampledPassageVectorIndexes(db);
    },
  };
}
