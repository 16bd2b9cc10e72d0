/**
 * The Postgres side of the nearest-vector bit index (issue #17; migration 028): each
 * embedded passage keeps its vector's rotated sign bits (vector-sign-bits.ts, as on SQLite)
 * in `knowledge_passages.embedding_bits`, a `bit varying`. A search orders the passages of
 * its bases by `bit_count(embedding_bits # query)` — the Hamming distance, computed in C
 * over 64 bytes a row at 512 dimensions — and reads the float vectors of only the best few,
 * which it rescores exactly (knowledge-search-repo.ts). Without it every float vector of the
 * bases crossed to the server on every search (~200 MB at 100k passages × 512 dimensions).
 *
 * The bits go in as hex (`x…`), which Postgres reads high bit first where sqlite-vec reads
 * low bit first: the same bits in another order, which a Hamming distance does not see —
 * but a query must be spelt the same way, so both go through `signBitString`.
 */
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { bytesVector } from './vector-bytes.ts';
import { signBits } from './vector-sign-bits.ts';

/**
 * `vector`'s rotated sign bits as a Postgres `bit varying` expression.
 * @example sql`SELECT bit_count(embedding_bits # ${signBitString(query)}) FROM knowledge_passages`
 */
export function signBitString(vector: Float32Array): RawBuilder<string> {
  return sql<string>`${`x${signBits(vector).toString('hex')}`}::varbit`;
}

/** Passages whose bits are written per statement by the backfill: bounded memory, short statements. */
const BACKFILL_BATCH = 500;

/**
 * Writes the bits of every embedded passage that lacks them (migration 028), in batches by
 * id. Idempotent: a rerun finds nothing left to do.
 */
export async function backfillPassageBits(db: QueryExecutorProvider): Promise<number> {
  let written = 0;
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number; embedding: Uint8Array }>`
      SELECT id, embedding FROM knowledge_passages
      WHERE id > ${after} AND embedding_model IS NOT NULL AND embedding IS NOT NULL AND embedding_bits IS NULL
      ORDER BY id LIMIT ${BACKFILL_BATCH}`.execute(db);
    const last = rows.at(-1);
    if (!last) return written;
    after = last.id;
    // A stored vector that is not whole float32s has no bits (and is never searched: its length matches no query).
    const values = rows.filter((row) => row.embedding.byteLength > 0 && row.embedding.byteLength % 4 === 0).map((row) => sql`(${row.id}::integer, ${signBitString(bytesVector(row.embedding))})`);
    if (values.length === 0) continue;
    await sql`UPDATE knowledge_passages p SET embedding_bits = v.bits
      FROM (VALUES ${sql.join(values)}) AS v(id, bits) WHERE p.id = v.id`.execute(db);
    written += values.length;
  }
}
