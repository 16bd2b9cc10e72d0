import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { backfillPassageBits } from '../postgres-passage-bits.ts';

/**
 * Nearest vectors on Postgres without reading every vector (issue #17 item 3): each embedded
 * passage keeps its vector's rotated sign bits (postgres-passage-bits.ts), written on insert
 * by the ingestion store and here for the vectors stored before. pgvector would do this
 * better, but the servers we test on have none (Debian ships no package), and code we cannot
 * run is not shipped. SQLite has its own bit index (026): nothing to do.
 */
export function postgresPassageBitsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') return;
      await sql`ALTER TABLE knowledge_passages ADD COLUMN embedding_bits bit varying`.execute(db);
      await backfillPassageBits(db);
    },
  };
}
