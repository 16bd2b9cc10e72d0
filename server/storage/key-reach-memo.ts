/**
 * What an API key reaches under an agent id (agents-repo.ts `findWithKey`), kept in memory
 * on SQLite while the database's access generation stands (migration 031: triggers move it
 * on every write to `agents` and to what an `api_keys` row reaches, from any connection).
 * A hit costs reading one single-row table instead of hashing, joining and mapping the
 * agent's row (issue #12: ~5 % of a text-chat turn's CPU).
 *
 * The generation is read before the lookup it tags: a write landing in between leaves an
 * entry tagged older than what it holds, which only costs a miss. Values are shared by
 * every later caller, so callers must not change them (the agent record never is). Entries
 * are named by the key's hash (what the lookup takes), so no key is held in memory longer
 * than its request; an unknown key is not remembered, so guessing keys cannot push the real
 * ones out.
 */

/** Enough for the keys and agents that are busy at once; a miss costs one lookup. */
const MAX_ENTRIES = 1_000;

/** A lookup by the key's SHA-256 (hex) and an agent id. */
export type FindByKeyHash<T> = (keyHash: string, idOrPublicId: string) => Promise<T>;

export function memoizeKeyReach<T>(find: FindByKeyHash<T | undefined>, generation: () => Promise<number>, maxEntries = MAX_ENTRIES): FindByKeyHash<T | undefined> {
  const entries = new Map<string, { generation: number; reach: T }>();
  return async (keyHash, idOrPublicId) => {
    const current = await generation();
    // The hash is 64 hex digits: the id that follows it cannot shift the boundary.
    const name = `${keyHash}${idOrPublicId}`;
    const entry = entries.get(name);
    if (entry?.generation === current) return entry.reach;
    const reach = await find(keyHash, idOrPublicId);
    if (reach === undefined) return undefined;
    // Oldest first out: a Map iterates in insertion order.
    if (!entry && entries.size >= maxEntries) entries.delete(entries.keys().next().value ?? '');
    entries.set(name, { generation: current, reach });
    return reach;
  };
}
