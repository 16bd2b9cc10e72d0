import { describe, expect, it } from 'vitest';
import { createTermCountMemo } from './term-count-memo.ts';

describe('createTermCountMemo', () => {
  it('answers counts taken at the same generation, and nothing once the generation moves', () => {
    const memo = createTermCountMemo();
    memo.at(4).set('*|501|system', 9000);
    expect(memo.at(4).get('*|501|system')).toBe(9000);
    expect(memo.at(5).get('*|501|system')).toBeUndefined();
    // Back to 4 (a restored backup): what was kept at 5 is not taken for 4's either.
    memo.at(5).set('*|501|system', 10);
    expect(memo.at(4).get('*|501|system')).toBeUndefined();
  });

  it('does not file a count taken before a write under the generation after it', () => {
    const memo = createTermCountMemo();
    const before = memo.at(7);
    const after = memo.at(8);
    before.set('*|501|kluge', 3);
    expect(after.get('*|501|kluge')).toBeUndefined();
    expect(before.get('*|501|kluge')).toBeUndefined();
  });

  it('lets the oldest count go when full', () => {
    const memo = createTermCountMemo(2);
    const counts = memo.at(1);
    counts.set('a', 1);
    counts.set('b', 2);
    counts.set('a', 3);
    counts.set('c', 4);
    expect([counts.get('a'), counts.get('b'), counts.get('c')]).toEqual([undefined, 2, 4]);
  });
});
