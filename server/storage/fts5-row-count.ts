/**
 * How many rows an FTS5 table holds, as its BM25 counts them: the `nRow` of the table's
 * "averages" record (row 1 of its `_data` shadow table: a varint row count, then a varint
 * token total per column — FTS5's on-disk format, fts5_index.c). One row read, where
 * `count(*)` on a contentless table walks every doclist.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

/** SQLite's big-endian varint: 7 bits a byte while the top bit is set, the ninth byte whole. */
export function readVarint(bytes: Uint8Array): number | undefined {
  let value = 0;
  for (let i = 0; i < 9 && i < bytes.length; i += 1) {
    const byte = bytes[i] ?? 0;
    if (i === 8) return value * 256 + byte;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return undefined;
}

/** The rows of `table` (an FTS5 table), or undefined before its first write. */
export async function fts5RowCount(db: QueryExecutorProvider, table: string): Promise<number | undefined> {
  const { rows } = await sql<{ block: Uint8Array }>`SELECT block FROM ${sql.table(`${table}_data`)} WHERE id = 1`.execute(db);
  const block = rows[0]?.block;
  return block ? readVarint(block) : undefined;
}
