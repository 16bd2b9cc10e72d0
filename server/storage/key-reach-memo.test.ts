import { describe, expect, it } from 'vitest';
import { memoizeKeyReach } from './key-reach-memo.ts';

/** A lookup that counts its calls and answers what `table` says now. */
function countingLookup(table: Map<string, string>) {
  const calls: string[] = [];
  const find = async (key: string, id: string) => {
    calls.push(`${key}/${id}`);
    return table.get(`${key}/${id}`);
  };
  return { find, calls };
}

describe('memoizeKeyReach', () => {
  it('answers from memory while the generation stands, and looks again once it moves', async () => {
    const table = new Map([['k1/a', 'agent a v1']]);
    const { find, calls } = countingLookup(table);
    let generation = 1;
    const memo = memoizeKeyReach(find, async () => generation);
    expect(await memo('k1', 'a')).toBe('agent a v1');
    expect(await memo('k1', 'a')).toBe('agent a v1');
    expect(calls).toEqual(['k1/a']);
    table.set('k1/a', 'agent a v2');
    generation = 2;
    expect(await memo('k1', 'a')).toBe('agent a v2');
    expect(calls).toEqual(['k1/a', 'k1/a']);
  });

  it('keeps each key and agent apart', async () => {
    const table = new Map([['k1/a', 'k1 a'], ['k2/a', 'k2 a'], ['k1/b', 'k1 b']]);
    const { find } = countingLookup(table);
    const memo = memoizeKeyReach(find, async () => 7);
    expect([await memo('k1', 'a'), await memo('k2', 'a'), await memo('k1', 'b'), await memo('k1', 'a')]).toEqual(['k1 a', 'k2 a', 'k1 b', 'k1 a']);
  });

  it('does not remember an unknown key: it is looked up every time, and a key issued later is found', async () => {
    const table = new Map<string, string>();
    const { find, calls } = countingLookup(table);
    const memo = memoizeKeyReach(find, async () => 1);
    expect(await memo('guess', 'a')).toBeUndefined();
    table.set('guess/a', 'now known');
    expect(await memo('guess', 'a')).toBe('now known');
    expect(calls).toHaveLength(2);
  });

  it('forgets the oldest entry past its bound, and still answers it right', async () => {
    const table = new Map([['k/a', 'A'], ['k/b', 'B'], ['k/c', 'C']]);
    const { find, calls } = countingLookup(table);
    const memo = memoizeKeyReach(find, async () => 1, 2);
    for (const id of ['a', 'b', 'c', 'a']) await memo('k', id);
    expect(calls).toEqual(['k/a', 'k/b', 'k/c', 'k/a']);
    expect(await memo('k', 'c')).toBe('C');
    expect(calls).toHaveLength(4);
  });
});
