/**
 * The last snapshot each recent session committed, kept in memory with its JSON text, so
 * the next turn does not parse the same several KB back from the row it reads (issue #12:
 * parsing and re-validating the snapshot was ~3 % of a text-chat turn's CPU).
 *
 * An entry is used only when the row's text is exactly the text it was made from: a
 * rewind, an erasure, a retention sweep or another process that rewrote the column makes
 * it miss, with no eviction to forget. The value is frozen, because every later reader of
 * the session shares it.
 */

/** Enough for the sessions that are mid-conversation at once; each entry is its text and object (~20 KB for the bench's snapshot). */
const MAX_SESSIONS = 256;

export interface SnapshotMemo {
  /** The parsed snapshot column of session `id`: the remembered value when `text` is what was committed, else `JSON.parse(text)`. */
  parse(id: number, text: string): unknown;
  /** Remember what session `id` just committed: `value`, serialised as `text`. */
  committed(id: number, text: string, value: unknown): void;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export function createSnapshotMemo(maxSessions = MAX_SESSIONS): SnapshotMemo {
  const entries = new Map<number, { text: string; value: unknown }>();
  return {
    parse(id, text) {
      const entry = entries.get(id);
      // Comparing two flat strings is a memcmp: far cheaper than parsing either.
      return entry?.text === text ? entry.value : JSON.parse(text);
    },
    committed(id, text, value) {
      deepFreeze(value);
      // Delete first, so the Map's insertion order is the order of use: the oldest goes first.
      entries.delete(id);
      if (entries.size >= maxSessions) entries.delete(entries.keys().next().value ?? 0);
      entries.set(id, { text, value });
    },
  };
}
