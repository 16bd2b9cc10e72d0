/**
 * The last snapshot each recent session committed, kept in memory with its JSON text, so
 * the next turn does not parse the same several KB back from the row it reads (issue #12:
 * parsing and re-validating the snapshot was ~3 % of a text-chat turn's CPU), and the
 * next commit does not stringify again the part of the log it kept (snapshot-text.ts).
 *
 * An entry is used only when the row's text is exactly the text it was made from: a
 * rewind, an erasure, a retention sweep or another process that rewrote the column makes
 * it miss, with no eviction to forget. The value is frozen, because every later reader of
 * the session shares it, and because its log's text is reused for the same objects.
 */
import { snapshotText, type SnapshotText } from './snapshot-text.ts';

/** Enough for the sessions that are mid-conversation at once; each entry is its text and object (~20 KB for the bench's snapshot). */
const MAX_SESSIONS = 256;

/**
 * Where a workflow snapshot keeps its conversation: `context.history` of what
 * server/runtime/resting-snapshot.ts stores (resting-snapshot.test.ts holds it to this).
 * A snapshot of another shape is only stringified whole.
 */
export const SNAPSHOT_LOG_PATH = ['context', 'history'] as const;

export interface SnapshotMemo {
  /** The parsed snapshot column of session `id`: the remembered value when `text` is what was committed, else `JSON.parse(text)`. */
  parse(id: number, text: string): unknown;
  /** The JSON text of `value`, which session `id` (none yet: a new one) is about to commit. */
  stringify(id: number | undefined, value: unknown): SnapshotText;
  /** Remember what session `id` just committed: `value`, serialised as `text` by `stringify`. */
  committed(id: number, text: SnapshotText, value: unknown): void;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * `value` frozen, but the first items of its log are not looked at: they came from
 * the session's previous snapshot, frozen when it was committed, and asking each of 120
 * scattered objects whether it is frozen costs a cache miss apiece.
 */
function freezeCommitted(value: unknown, text: SnapshotText): void {
  const log = text.log;
  if (!log || log.reused === 0) return deepFreeze(value);
  Object.freeze(log.items);
  for (let i = log.reused; i < log.items.length; i++) deepFreeze(log.items[i]);
  deepFreeze(value);
}

export function createSnapshotMemo(maxSessions = MAX_SESSIONS): SnapshotMemo {
  const entries = new Map<number, { text: SnapshotText; value: unknown }>();
  return {
    parse(id, text) {
      const entry = entries.get(id);
      // Comparing two flat strings is a memcmp: far cheaper than parsing either.
      return entry?.text.text === text ? entry.value : JSON.parse(text);
    },
    stringify(id, value) {
      return snapshotText(value, SNAPSHOT_LOG_PATH, id === undefined ? undefined : entries.get(id)?.text);
    },
    committed(id, text, value) {
      freezeCommitted(value, text);
      // Delete first, so the Map's insertion order is the order of use: the oldest goes first.
      entries.delete(id);
      if (entries.size >= maxSessions) entries.delete(entries.keys().next().value ?? 0);
      entries.set(id, { text, value });
    },
  };
}
