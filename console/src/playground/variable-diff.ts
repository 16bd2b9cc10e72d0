/**
 * What changed in the workflow's variables from one assistant message to the next, for
 * the playground's "State" panel (each message's `state` comes with the run).
 */

export interface VariableChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/**
 * What changed from one set of variables to the next, by dotted path into objects.
 * @example diffVariables({ a: 1 }, { a: 2, b: { c: 3 } }) // [changed a 1→2, added b.c 3]
 */
export function diffVariables(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): VariableChange[] {
  const changes: VariableChange[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = `${prefix}${name}`;
    const had = Object.hasOwn(before, name);
    const has = Object.hasOwn(after, name);
    const a = before[name];
    const b = after[name];
    if (!had) changes.push({ path, kind: 'added', after: b });
    else if (!has) changes.push({ path, kind: 'removed', before: a });
    else if (isObject(a) && isObject(b)) changes.push(...diffVariables(a, b, `${path}.`));
    else if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ path, kind: 'changed', before: a, after: b });
  }
  return changes;
}
