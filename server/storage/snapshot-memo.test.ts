import { describe, expect, it } from 'vitest';
import { createSnapshotMemo } from './snapshot-memo.ts';

describe('snapshot memo', () => {
  it('gives back the committed value while the row holds exactly the text committed with it', () => {
    const memo = createSnapshotMemo();
    const value = { context: { node: 'ask', variables: { name: 'Ada' } } };
    memo.committed(7, JSON.stringify(value), value);
    expect(memo.parse(7, JSON.stringify(value))).toBe(value);
  });

  it('parses the row when its text is not what was committed (a rewind, an erasure, another process)', () => {
    const memo = createSnapshotMemo();
    const value = { context: { node: 'ask' } };
    memo.committed(7, JSON.stringify(value), value);
    const parsed = memo.parse(7, '{"context":{"node":"erased"}}');
    expect(parsed).toEqual({ context: { node: 'erased' } });
    expect(memo.parse(8, JSON.stringify(value))).not.toBe(value);
  });

  it('freezes what it keeps, so no reader can change the next turn', () => {
    const memo = createSnapshotMemo();
    const value = { context: { history: [{ role: 'user', content: 'hi' }] } };
    memo.committed(1, JSON.stringify(value), value);
    expect(() => value.context.history.push({ role: 'user', content: 'again' })).toThrow(TypeError);
  });

  it('keeps a bounded number of sessions, forgetting the one that committed longest ago', () => {
    const memo = createSnapshotMemo(2);
    const values = [1, 2, 3].map((id) => ({ id }));
    memo.committed(1, '{"id":1}', values[0]);
    memo.committed(2, '{"id":2}', values[1]);
    memo.committed(1, '{"id":1}', values[0]);
    memo.committed(3, '{"id":3}', values[2]);
    expect(memo.parse(1, '{"id":1}')).toBe(values[0]);
    expect(memo.parse(2, '{"id":2}')).not.toBe(values[1]);
    expect(memo.parse(3, '{"id":3}')).toBe(values[2]);
  });
});
