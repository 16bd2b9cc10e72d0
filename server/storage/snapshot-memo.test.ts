import { describe, expect, it } from 'vitest';
import { createSnapshotMemo, type SnapshotMemo } from './snapshot-memo.ts';

/** Commit `value` for session `id` as the sessions repository does: stringified by the memo, then remembered. */
function commit(memo: SnapshotMemo, id: number, value: unknown): string {
  const written = memo.stringify(id, value);
  memo.committed(id, written, value);
  return written.text;
}

describe('snapshot memo', () => {
  it('gives back the committed value while the row holds exactly the text committed with it', () => {
    const memo = createSnapshotMemo();
    const value = { context: { node: 'ask', variables: { name: 'Ada' } } };
    expect(commit(memo, 7, value)).toBe(JSON.stringify(value));
    expect(memo.parse(7, JSON.stringify(value))).toBe(value);
  });

  it('parses the row when its text is not what was committed (a rewind, an erasure, another process)', () => {
    const memo = createSnapshotMemo();
    const value = { context: { node: 'ask' } };
    commit(memo, 7, value);
    const parsed = memo.parse(7, '{"context":{"node":"erased"}}');
    expect(parsed).toEqual({ context: { node: 'erased' } });
    expect(memo.parse(8, JSON.stringify(value))).not.toBe(value);
  });

  it('freezes what it keeps, so no reader can change the next turn', () => {
    const memo = createSnapshotMemo();
    const value = { context: { history: [{ role: 'user', content: 'hi' }] } };
    commit(memo, 1, value);
    expect(() => value.context.history.push({ role: 'user', content: 'again' })).toThrow(TypeError);
  });

  it("writes the next snapshot's kept history from the text before, and still freezes all of it", () => {
    const memo = createSnapshotMemo();
    const first = { role: 'user', content: 'hi' };
    commit(memo, 1, { context: { history: [first], node: 'ask' } });
    const added = { role: 'assistant', content: 'Hello', nested: { n: 1 } };
    const next = { context: { history: [first, added], node: 'say' } };
    const written = memo.stringify(1, next);
    expect(written.text).toBe(JSON.stringify(next));
    expect(written.log?.reused).toBe(1);
    memo.committed(1, written, next);
    for (const part of [next, next.context, next.context.history, added, added.nested]) expect(Object.isFrozen(part)).toBe(true);
    // Another session's memo entry is not used for this one.
    expect(memo.stringify(2, next).log?.reused).toBe(0);
  });

  it('keeps a bounded number of sessions, forgetting the one that committed longest ago', () => {
    const memo = createSnapshotMemo(2);
    const values = [1, 2, 3].map((id) => ({ id }));
    commit(memo, 1, values[0]);
    commit(memo, 2, values[1]);
    commit(memo, 1, values[0]);
    commit(memo, 3, values[2]);
    expect(memo.parse(1, '{"id":1}')).toBe(values[0]);
    expect(memo.parse(2, '{"id":2}')).not.toBe(values[1]);
    expect(memo.parse(3, '{"id":3}')).toBe(values[2]);
  });
});
