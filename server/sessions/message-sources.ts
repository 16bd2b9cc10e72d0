/**
 * The `sources` of an agent's message: stored in its turn's JSON by the session aggregate,
 * read back leniently (a malformed entry is left out, never fails a transcript).
 */
import { z } from 'zod';
import { messageSourceSchema, type MessageSource } from '../../shared/api/text-chat-api.ts';

const storedSources = z.array(z.unknown()).catch([]);

/** The sources stored with a message's turn; none when it has none. */
export function sourcesOfTurn(turn: Record<string, unknown> | null | undefined): MessageSource[] {
  if (!turn || turn.sources === undefined) return [];
  return storedSources.parse(turn.sources).flatMap((entry) => {
    const parsed = messageSourceSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `{ sources }` to spread into a message or reply, or nothing when there are none. */
export function sourcesField(turn: Record<string, unknown> | null | undefined): { sources?: MessageSource[] } {
  const sources = sourcesOfTurn(turn);
  return sources.length > 0 ? { sources } : {};
}
