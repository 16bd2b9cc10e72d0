/**
 * The workflow's node and variables after each of some messages, read out of the snapshot
 * stored with each one (no copy is kept). The database extracts the two fields, so a read
 * does not move and parse whole snapshots, each of which holds the LLM history so far.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { MessageState } from '../../shared/api/text-chat-api.ts';
import { isPostgres } from './dialect-of.ts';
import { parseJsonColumn } from './json-column.ts';
import type { Database } from './schema.ts';

const variablesSchema = z.record(z.string(), z.unknown());

/** By message id; messages stored without a snapshot (the user's, an operator's) are absent. */
export async function readMessageStates(db: Kysely<Database>, sessionId: number, messageIds: readonly number[]): Promise<Map<number, MessageState>> {
  if (messageIds.length === 0) return new Map();
  const postgres = isPostgres(db);
  // Postgres's JSON operators refuse a text holding `\u0000` (a tool may answer one, and the
  // snapshot keeps it): read it as U+FFFD, as stored message text does (storable-text.ts).
  // An escaped backslash before `u0000` reads the same way; only this view shows it.
  const json = sql`replace(snapshot, ${'\\u0000'}, ${'\\ufffd'})::json`;
  const node = postgres ? sql<string | null>`${json} #>> '{context,node}'` : sql<string | null>`json_extract(snapshot, '$.context.node')`;
  const variables = postgres ? sql<string | null>`(${json} #> '{context,variables}')::text` : sql<string | null>`json_extract(snapshot, '$.context.variables')`;
  const rows = await db
    .selectFrom('messages')
    .select(['id', node.as('node'), variables.as('variables')])
    .where('session_id', '=', sessionId)
    .where('id', 'in', [...messageIds])
    .where('snapshot', 'is not', null)
    .execute();
  const states = new Map<number, MessageState>();
  for (const row of rows) {
    if (typeof row.node !== 'string' || row.variables === null) continue;
    states.set(row.id, { node: row.node, variables: parseJsonColumn(variablesSchema, row.variables, 'snapshot variables') });
  }
  return states;
}
