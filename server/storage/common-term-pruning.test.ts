import { describe, expect, it } from 'vitest';
import { commonCutoff, keptTerms, MAX_TERMS, PRUNE_FROM_PASSAGES } from './common-term-pruning.ts';

describe('the words a full-text search keeps', () => {
  it('drops a word held by a large share of the passages while a rarer one is left', () => {
    const total = 100_000;
    expect(keptTerms([{ term: 'hacker', passages: commonCutoff(total) }, { term: 'kluge', passages: 40 }, { term: 'bug', passages: 900 }], total)).toEqual(['kluge', 'bug']);
  });

  it('keeps the rarest word alone when every word is common', () => {
    const total = 100_000;
    const common = commonCutoff(total);
    expect(keptTerms([{ term: 'use', passages: common }, { term: 'one', passages: common }, { term: 'term', passages: common }], total)).toEqual(['use']);
  });

  it('drops nothing in a small base, where every word present would look common', () => {
    expect(keptTerms([{ term: 'broken', passages: 1 }, { term: 'dog', passages: 1 }], 5)).toEqual(['broken', 'dog']);
  });

  it('keeps at most the rarest few', () => {
    const counted = Array.from({ length: 12 }, (_, i) => ({ term: `w${i}`, passages: 12 - i }));
    expect(keptTerms(counted, 100_000)).toEqual(Array.from({ length: MAX_TERMS }, (_, i) => `w${11 - i}`));
  });

  it('keeps every word of a small base, where nothing is common yet', () => {
    expect(keptTerms([{ term: 'refund', passages: 0 }, { term: 'window', passages: 0 }], 0)).toEqual(['refund', 'window']);
  });

  it('keeps every word, common or not, in bases too small for scoring to be slow', () => {
    const total = PRUNE_FROM_PASSAGES - 1;
    const counted = Array.from({ length: 12 }, (_, i) => ({ term: `w${i}`, passages: i === 0 ? total : 12 - i }));
    expect(keptTerms(counted, total)).toEqual(counted.map((c) => c.term));
  });
});
