/**
 * What every JSON document from a client must respect beyond its schema: a bounded depth
 * (deeper documents overflowed the stack inside the workflow engine and answered 500) and
 * no U+0000 in any string (Postgres text cannot hold it, so the same request answered 500
 * on Postgres and 200 on SQLite).
 */

/** Containers (objects and arrays) nested inside one another; the top level is 1. */
export const MAX_JSON_DEPTH = 64;

export type JsonProblem = { kind: 'too_deep' } | { kind: 'nul'; path: (string | number)[] };

interface Pending {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Pending | undefined;
}

function pathOf(entry: Pending | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = entry; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The first problem of a parsed JSON value, or undefined. Iterative, so a document of
 * any depth is checked without recursion.
 * @example findJsonProblem(JSON.parse('{"a":"x\\u0000"}')) // { kind: 'nul', path: ['a'] }
 */
export function findJsonProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: Pending[] = [{ value: root, depth: 0, key: undefined, parent: undefined }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { value } = entry;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { kind: 'nul', path: pathOf(entry) };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return { kind: 'too_deep' };
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => stack.push({ value: item, depth, key: index, parent: entry }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const child: Pending = { value: item, depth, key, parent: entry };
      if (key.includes('\u0000')) return { kind: 'nul', path: pathOf(child) };
      stack.push(child);
    }
  }
  return undefined;
}
