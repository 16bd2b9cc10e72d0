/**
 * The SQLite nearest-vector index of knowledge passages (issue #17; migration 026): the
 * passages' vectors as rotated sign bits (vector-sign-bits.ts) in sqlite-vec `vec0`
 * tables, searched by Hamming distance, the few best then rescored exactly on their float
 * vectors (knowledge-search-repo.ts). A `vec0` column has one fixed size, and each
 * embedding model has its own: one table per bit count (`knowledge_vectors_b512` holds
 * vectors of 257–512 dimensions), made when the first vector of that size is stored. No
 * registry table: the name is the registry — the bit count of a query's vector names its
 * table, and `sqlite_master` says whether it exists.
 *
 * Each table is partitioned by base and model (sqlite-vec partition keys): a search reads
 * only the chunks of the bases and the model it asks for, never another workspace's. A
 * third key, `sampled` (migration 029), sets one passage in `SAMPLE_EVERY` (by id) apart:
 * a search reads that sixteenth first, cheaply, to learn how far its deep read must go
 * (knowledge-search-repo.ts `bitNeighbours`).
 * Triggers on `knowledge_passages` keep it in step, in the transaction that writes the
 * passages — a passage stored is indexed, a passage deleted (document or base deleted,
 * document replaced, workspace erased) leaves the index — as the FTS5 table is kept.
 * The insert trigger calls `parley_sign_bits`, a function each connection registers
 * (`registerSignBits`): SQL cannot rotate a vector.
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import { indexBitsFor, MAX_INDEX_BITS, signBits } from './vector-sign-bits.ts';

/** One passage in this many (`id % SAMPLE_EVERY = 0`) is in the sampled partition. */
export const SAMPLE_EVERY = 16;
const SAMPLED = (id: string) => `${id} % ${SAMPLE_EVERY} = 0`;

/** The part of a better-sqlite3 connection this needs. */
interface FunctionHost {
  function(name: string, options: { deterministic: boolean }, fn: (bytes: unknown) => Buffer | null): unknown;
}

/** Lets the index triggers quantise: `parley_sign_bits(float32 blob)` → the bit vector's bytes. */
export function registerSignBits(sqlite: FunctionHost): void {
  sqlite.function('parley_sign_bits', { deterministic: true }, (bytes) => {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength % 4 !== 0) return null;
    const copy = new Uint8Array(bytes);
    return signBits(new Float32Array(copy.buffer));
  });
}

/** The table holding vectors of `dimensions`, or undefined when too long for a `bit[N]` column. */
export function passageVectorTable(dimensions: number): string | undefined {
  const bits = indexBitsFor(dimensions);
  return bits <= MAX_INDEX_BITS ? `knowledge_vectors_b${bits}` : undefined;
}

/** SQL matching a stored vector (`blob`) that goes in the table of `bits`: its byte length. */
function lengthFits(blob: string, bits: number): string {
  return `length(${blob}) BETWEEN ${bits === 8 ? 4 : 2 * bits + 4} AND ${4 * bits}`;
}

/**
 * Makes the table for vectors of `dimensions` and its triggers when missing (idempotent;
 * inside the caller's transaction). False when the vectors are too long to index.
 */
export async function ensurePassageVectorIndex(db: QueryExecutorProvider, dimensions: number): Promise<boolean> {
  const table = passageVectorTable(dimensions);
  if (!table) return false;
  const bits = indexBitsFor(dimensions);
  const name = sql.raw(table);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${name} USING vec0(
      knowledge_base_id integer partition key, model text partition key, sampled integer partition key, bits bit[${sql.raw(String(bits))}])`.execute(db);
  await sql`CREATE TRIGGER IF NOT EXISTS ${sql.raw(`${table}_insert`)} AFTER INSERT ON knowledge_passages
      WHEN new.embedding_model IS NOT NULL AND ${sql.raw(lengthFits('new.embedding', bits))} BEGIN
      INSERT INTO ${name} (rowid, knowledge_base_id, model, sampled, bits)
        VALUES (new.id, new.knowledge_base_id, new.embedding_model, ${sql.raw(SAMPLED('new.id'))}, vec_bit(parley_sign_bits(new.embedding))); END`.execute(db);
  await sql`CREATE TRIGGER IF NOT EXISTS ${sql.raw(`${table}_delete`)} AFTER DELETE ON knowledge_passages
      WHEN old.embedding_model IS NOT NULL AND ${sql.raw(lengthFits('old.embedding', bits))} BEGIN
      DELETE FROM ${name} WHERE rowid = old.id; END`.execute(db);
  return true;
}

/** Indexes the vectors stored before their table existed (migrations 026, 029): once per table. */
export async function backfillPassageVectorIndex(db: QueryExecutorProvider, dimensions: number): Promise<void> {
  const table = passageVectorTable(dimensions);
  if (!table || !(await ensurePassageVectorIndex(db, dimensions))) return;
  await sql`INSERT INTO ${sql.raw(table)} (rowid, knowledge_base_id, model, sampled, bits)
    SELECT p.id, p.knowledge_base_id, p.embedding_model, ${sql.raw(SAMPLED('p.id'))}, vec_bit(parley_sign_bits(p.embedding)) FROM knowledge_passages p
    WHERE p.embedding_model IS NOT NULL AND ${sql.raw(lengthFits('p.embedding', indexBitsFor(dimensions)))}`.execute(db);
}

/** Whether the table for vectors of `dimensions` exists (no vector of that size was ever stored otherwise). */
export async function hasPassageVectorIndex(db: QueryExecutorProvider, dimensions: number): Promise<boolean> {
  const table = passageVectorTable(dimensions);
  if (!table) return false;
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Remakes the index tables made before the `sampled` key (migration 029): a `vec0` table's
 * columns are fixed, so each is dropped with its triggers and filled again from the passages.
 */
export async function rebuildUnsampledPassageVectorIndexes(db: QueryExecutorProvider): Promise<void> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master
    WHERE type = 'table' AND name GLOB 'knowledge_vectors_b[0-9]*' AND sql LIKE '%USING vec0%' AND sql NOT LIKE '%sampled%'`.execute(db);
  for (const { name } of rows) {
    for (const suffix of ['insert', 'delete']) await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${name}_${suffix}`)}`.execute(db);
    await sql`DROP TABLE ${sql.raw(name)}`.execute(db);
    await backfillPassageVectorIndex(db, Number(name.slice('knowledge_vectors_b'.length)));
  }
}
