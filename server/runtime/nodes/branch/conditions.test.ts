import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './conditions.ts';

const variables = {
  policy: { active: true, premium: 120, holder: { name: 'Ada Lovelace' } },
  age: '42',
  tags: ['vip', 'windows', 7],
  plan: 'gold',
  empty: null,
};

describe('evaluateCondition', () => {
  it.each([
    [{ var: 'policy.active', eq: true }, true],
    [{ var: 'policy.active', eq: false }, false],
    [{ var: 'age', eq: 42 }, true],
    [{ var: 'policy.premium', eq: '120' }, true],
    [{ var: 'missing', eq: null }, true],
    [{ var: 'plan', ne: 'silver' }, true],
    [{ var: 'plan', ne: 'gold' }, false],
  ])('compares equality: %j → %s', (condition, expected) => {
    expect(evaluateCondition(condition, variables)).toBe(expected);
  });

  it.each([
    [{ var: 'policy.premium', gt: 100 }, true],
    [{ var: 'policy.premium', gt: 120 }, false],
    [{ var: 'policy.premium', gte: 120 }, true],
    [{ var: 'age', lt: 50 }, true],
    [{ var: 'age', lte: 41 }, false],
    [{ var: 'plan', gt: 1 }, false],
    [{ var: 'missing', lt: 1 }, false],
  ])('compares numbers, reading numeric strings: %j → %s', (condition, expected) => {
    expect(evaluateCondition(condition, variables)).toBe(expected);
  });

  it.each([
    [{ var: 'plan', in: ['gold', 'silver'] }, true],
    [{ var: 'plan', in: ['bronze'] }, false],
    [{ var: 'policy.holder.name', contains: 'lovelace' }, true],
    [{ var: 'tags', contains: 'vip' }, true],
    [{ var: 'tags', contains: 7 }, true],
    [{ var: 'tags', contains: 'VIP' }, false],
    [{ var: 'policy', contains: 'x' }, false],
  ])('checks membership and containment: %j → %s', (condition, expected) => {
    expect(evaluateCondition(condition, variables)).toBe(expected);
  });

  it.each([
    [{ var: 'policy.holder', exists: true }, true],
    [{ var: 'missing', exists: false }, true],
    [{ var: 'empty', exists: true }, false],
    [{ var: 'tags.0', exists: true }, true],
    [{ var: 'policy.holder.name', matches: '^Ada\\b' }, true],
    [{ var: 'age', matches: '^\\d+$' }, true],
    [{ var: 'policy.premium', matches: '^12' }, true],
    [{ var: 'policy', matches: '.*' }, false],
  ])('checks existence and regexes: %j → %s', (condition, expected) => {
    expect(evaluateCondition(condition, variables)).toBe(expected);
  });

  it('combines conditions with all and any, nested', () => {
    const condition = {
      all: [{ var: 'policy.active', eq: true }, { any: [{ var: 'plan', eq: 'silver' }, { var: 'tags', contains: 'vip' }] }],
    };
    expect(evaluateCondition(condition, variables)).toBe(true);
    expect(evaluateCondition({ any: [{ var: 'plan', eq: 'silver' }, { var: 'age', gt: 50 }] }, variables)).toBe(false);
  });

  it('treats a regex that does not compile as no match instead of throwing', () => {
    expect(evaluateCondition({ var: 'plan', matches: '(' }, variables)).toBe(false);
  });

  it('treats a stored lookahead, which the linear-time engine refuses, as no match', () => {
    expect(evaluateCondition({ var: 'plan', matches: '^(?=g)gold$' }, variables)).toBe(false);
  });

  // A backtracking engine takes 2^n steps here: 11 s at 30 characters, forever at 100,000.
  it('evaluates a catastrophic pattern against a long adversarial value and answers', () => {
    const name = 'a'.repeat(100_000);
    expect(evaluateCondition({ var: 'name', matches: '^([a-z]+)*$' }, { name: `${name}!` })).toBe(false);
    expect(evaluateCondition({ var: 'name', matches: '^([a-z]+)*$' }, { name })).toBe(true);
  });
});
