import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { backfillPassageVectorIndex } from '../passage-vector-index.ts';
import { indexBitsFor } from '../vector-sign-bits.ts';

/**
 * The nearest-vector index of knowledge passages on SQLite (issue #17: search fast at
 * 100k passages): `vec0` tables of their vectors' rotated sign bits, one per bit count
 * (passage-vector-index.ts), kept by triggers; the vectors stored so far are indexed
 * here. Postgres has its own (028: the same bits in a column).
 */
export function passageVectorIndexMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      const { rows } = await sql<{ dimensions: number }>`
        SELECT DISTINCT length(embedding) / 4 AS dimensions FROM knowledge_passages WHERE embedding_model IS NOT NULL`.execute(db);
      // Several sizes may share a table (384 and 512 dimensions both go in 512 bits): fill each once.
      for (const bits of new Set(rows.map((row) => indexBitsFor(Number(row.dimensions))))) await backfillPassageVectorIndex(db, bits);
    },
  };
}
