/**
 * What a turn of the bench's ask → say loop agent writes, copied from a session Parley
 * actually ran: the turn floor writes these very strings, so its rows are the size of
 * Parley's (the snapshot dominates: a few KB, stored on the session and on the assistant
 * message).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../server/storage/schema.ts';

export const turnTemplateSchema = z.object({
  /** The session's snapshot JSON, as stored: on the session row and on the assistant message. */
  snapshot: z.string().min(2),
  variables: z.string(),
  node: z.string().nullable(),
  /** The assistant message's content. */
  reply: z.string(),
  /** The assistant message's turn figures JSON. */
  turn: z.string().nullable(),
});

export type TurnTemplate = z.infer<typeof turnTemplateSchema>;

/** Read the head of a session Parley has run: its row and its last assistant message. */
export async function readTurnTemplate(db: Kysely<Database>, sessionId: number): Promise<TurnTemplate> {
  const session = await db.selectFrom('sessions').select(['snapshot', 'variables', 'node']).where('id', '=', sessionId).executeTakeFirstOrThrow();
  const message = await db
    .selectFrom('messages')
    .select(['content', 'turn'])
    .where('session_id', '=', sessionId)
    .where('role', '=', 'assistant')
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return turnTemplateSchema.parse({ snapshot: session.snapshot, variables: session.variables, node: session.node, reply: message.content, turn: message.turn });
}
