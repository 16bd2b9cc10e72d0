/** The server_ms a Parley child process recorded with its turns, read from its database. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../server/storage/schema.ts';

const turnFigures = z.object({ latency: z.object({ server_ms: z.number() }) });

/** The server_ms stored with the assistant messages of these sessions' turns (the opening has none). */
export async function recordedServerMs(db: Kysely<Database>, runs: number[]): Promise<number[]> {
  const rows = await db.selectFrom('messages').select('turn').where('session_id', 'in', runs).where('role', '=', 'assistant').where('idx', '>', 0).execute();
  return rows.flatMap((row) => (row.turn === null ? [] : [turnFigures.parse(JSON.parse(row.turn)).latency.server_ms]));
}
