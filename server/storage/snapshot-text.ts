/**
 * The JSON text of a session's snapshot, with the text of its conversation log carried
 * over from the snapshot the session committed before.
 *
 * Why: a snapshot at its history bound is ~6 KB, almost all of it the log (120 messages),
 * and a turn only appends to the log and drops its oldest messages. Yet `JSON.stringify`
 * walked all 120 message objects every turn. Those objects are long-lived and scattered
 * over the heap, so the walk missed the CPU caches at nearly every one: 77–92 µs a commit
 * inside the server, against 22 µs for the same call repeated at once (issue #12: 10 % of
 * a text-chat turn's CPU). Here only the new messages are stringified; the kept ones'
 * text is a slice of the previous text, found by comparing array slots, without reading
 * the objects.
 *
 * Reuse needs the previous value's log to be immutable: its text is only reused for the
 * very objects it was made from, and the memo keeping it (snapshot-memo.ts) freezes them.
 * Anything that does not fit the expected shape is stringified whole, so the text is always
 * exactly `JSON.stringify(value)` (snapshot-text.test.ts).
 */

/** Where, in a value, the log sits, and the text of each of its items. */
export interface LogText {
  /** The log's items, as they were stringified. */
  items: readonly unknown[];
  /** The log's items' text runs from `start` to `end` of the snapshot's text (inside the brackets). */
  start: number;
  end: number;
  /** Where each item's text starts, from `start`. */
  offsets: readonly number[];
  /** How many of the first items were carried over from the previous log, text and all. */
  reused: number;
}

export interface SnapshotText {
  text: string;
  /** Absent when the value did not hold an array at the log's path. */
  log: LogText | undefined;
}

type Path = readonly string[];

/** JSON.stringify writes what `toJSON` returns instead: such a value is not written along its members. */
const hasToJson = (value: object) => typeof (value as { toJSON?: unknown }).toJSON === 'function';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasToJson(value);
}

/** The items of `items` from the previous log that are still there, in order, as its first `count`. */
function keptFrom(items: readonly unknown[], previous: LogText | undefined): { from: number; count: number } {
  if (!previous || items.length === 0) return { from: 0, count: 0 };
  const from = previous.items.indexOf(items[0]);
  if (from < 0) return { from: 0, count: 0 };
  const count = previous.items.length - from;
  if (count > items.length) return { from: 0, count: 0 };
  // Slot by slot: comparing references reads the arrays, never the messages.
  for (let i = 0; i < count; i++) if (items[i] !== previous.items[from + i]) return { from: 0, count: 0 };
  return { from, count };
}

/** `[…]` of the log, and its items' offsets inside the brackets. */
function logJson(items: readonly unknown[], previous: { text: string; log: LogText } | undefined): { json: string; innerLength: number; offsets: number[]; reused: number } {
  const { from, count } = keptFrom(items, previous?.log);
  let inner = '';
  const offsets: number[] = [];
  if (previous && count > 0) {
    const { log } = previous;
    const base = log.offsets[from] ?? 0;
    inner = previous.text.slice(log.start + base, log.end);
    for (let i = from; i < log.offsets.length; i++) offsets.push((log.offsets[i] ?? 0) - base);
  }
  for (let i = count; i < items.length; i++) {
    if (i > 0) inner += ',';
    offsets.push(inner.length);
    // An array item JSON cannot represent (undefined, a function) is written as null.
    inner += JSON.stringify(items[i]) ?? 'null';
  }
  return { json: `[${inner}]`, innerLength: inner.length, offsets, reused: count };
}

interface Built {
  json: string;
  /** Where the log's `[` is in `json`, and the length of what is inside the brackets. */
  at: number;
  innerLength: number;
  offsets: number[];
  reused: number;
  items: readonly unknown[];
}

/** `JSON.stringify(value)` written by hand along `path` only; undefined when the value does not have that shape. */
function along(value: unknown, path: Path, depth: number, previous: { text: string; log: LogText } | undefined): Built | undefined {
  if (depth === path.length) {
    if (!Array.isArray(value) || hasToJson(value)) return undefined;
    return { ...logJson(value, previous), at: 0, items: value };
  }
  if (!isPlainObject(value)) return undefined;
  const key = path[depth];
  let json = '{';
  let found: Built | undefined;
  for (const name of Object.keys(value)) {
    const prefix = `${json.length > 1 ? ',' : ''}${JSON.stringify(name)}:`;
    if (name === key) {
      found = along(value[name], path, depth + 1, previous);
      if (!found) return undefined;
      json += prefix;
      const at = json.length + found.at;
      json += found.json;
      found = { ...found, at };
    } else {
      // JSON.stringify leaves out a member it cannot represent (undefined, a function).
      const member = JSON.stringify(value[name]);
      if (member !== undefined) json += prefix + member;
    }
  }
  return found ? { ...found, json: `${json}}` } : undefined;
}

/**
 * `JSON.stringify(value)`, and where its log (the array at `path`) sits in it. `previous`:
 * what the session committed last, as this returned it; items of its log found again at
 * the start of the new log (by reference) are not stringified again.
 */
export function snapshotText(value: unknown, path: Path, previous?: SnapshotText): SnapshotText {
  const built = along(value, path, 0, previous?.log ? { text: previous.text, log: previous.log } : undefined);
  if (!built) return { text: JSON.stringify(value), log: undefined };
  const start = built.at + 1;
  return { text: built.json, log: { items: built.items, start, end: start + built.innerLength, offsets: built.offsets, reused: built.reused } };
}
