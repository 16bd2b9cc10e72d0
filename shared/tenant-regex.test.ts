import { describe, expect, it } from 'vitest';
import { compileTenantRegex, matchesTenantRegex, MAX_TENANT_PROGRAM_SIZE, tenantRegexProblem } from './tenant-regex.ts';

function regex(pattern: string) {
  const compiled = compileTenantRegex(pattern);
  if (!compiled.ok) throw new Error(`expected ${pattern} to compile: ${compiled.problem}`);
  return compiled.regex;
}

describe('tenant regexes', () => {
  it('keep the meaning of the JavaScript patterns authors write', () => {
    expect(regex('^\\d{6}$').test('123456')).toBe(true);
    expect(regex('^\\d{6}$').test('12345a')).toBe(false);
    expect(regex('^\\d{6}$').test('123456\n')).toBe(false);
    expect(regex('\\bagent\\b').test('I want an agent!')).toBe(true);
    expect(regex('^[A-Z]{2}-\\w+$').test('AB-x_1')).toBe(true);
    expect(regex('^a.c$').test('a\nc')).toBe(false);
    expect(regex('gold').test('GOLD plan')).toBe(false);
    expect(regex('^\\u00e9t\\u00e9$').test('été')).toBe(true);
    expect(regex('^(?<year>\\d{4})-\\d{2}$').test('2026-05')).toBe(true);
    expect(regex('^{{code}}$').test('{{code}}')).toBe(true);
  });

  it('offer Unicode classes and inline flags', () => {
    expect(regex('^\\p{L}+$').test('Zoë')).toBe(true);
    expect(regex('(?i)^gold$').test('GOLD')).toBe(true);
  });

  it.each([
    ['(a)\\1', 'backreferences such as \\1 are not supported'],
    ['(?<n>a)\\k<n>', 'named backreferences (\\k<name>) are not supported'],
    ['foo(?=bar)', 'lookahead (?= or (?! is not supported'],
    ['foo(?!bar)', 'lookahead (?= or (?! is not supported'],
    ['(?<=\\$)\\d+', 'lookbehind (?<= or (?<! is not supported'],
    ['(?<!-)\\d+', 'lookbehind (?<= or (?<! is not supported'],
  ])('refuse %s, saying why', (pattern, message) => {
    const problem = tenantRegexProblem(pattern);
    expect(problem).toContain(message);
    expect(problem).toContain('linear-time engine');
  });

  it('report syntax errors in words an author can act on', () => {
    expect(tenantRegexProblem('(')).toBe('missing closing ): `(`');
    expect(tenantRegexProblem('a**')).toBe('invalid nested repetition operator: `**`');
    expect(tenantRegexProblem('x'.repeat(1001))).toBe('the pattern is longer than 1000 characters');
    expect(tenantRegexProblem('.{1000}.{1000}.{1000}.{1000}.{1000}.{1000}')).toContain(`at most ${MAX_TENANT_PROGRAM_SIZE}`);
  });

  it('read escapes and brackets as such when looking for unsupported constructs', () => {
    expect(tenantRegexProblem('\\(?=')).toBeUndefined();
    expect(tenantRegexProblem('[(?=]')).toBeUndefined();
    expect(tenantRegexProblem('\\\\1')).toBeUndefined();
  });

  // Each of these takes the backtracking engine 2^n steps: seconds at n = 26, forever at 100,000.
  it.each([
    ['^(a+)+$', 'a'],
    ['^([a-z]+)*$', 'a'],
    ['^(\\w+\\s?)*$', 'word '],
    ['(x+x+)+y', 'x'],
  ])('match %s against 100,000 adversarial characters and answer', (pattern, unit) => {
    const input = unit.repeat(100_000 / unit.length) + '!';
    expect(matchesTenantRegex(pattern, input)).toBe(false);
    expect(matchesTenantRegex(pattern, input.slice(0, -1).trim())).toBe(pattern !== '(x+x+)+y');
  });

  it('do not read a text longer than the pattern may afford: a large pattern fails closed on a long text', () => {
    const large = '[a-z]{1,200}[a-z]{1,200}0';
    const compiled = compileTenantRegex(large);
    expect(compiled.ok).toBe(true);
    expect(matchesTenantRegex(large, 'abc0')).toBe(true);
    // ~800 instructions × 8,000 characters is over the cost cap: no match, at once.
    expect(matchesTenantRegex(large, `${'a'.repeat(7998)}0`)).toBe(false);
    expect(matchesTenantRegex('^\\d{6}$', '123456')).toBe(true);
  });

  it('fail closed on a stored pattern the engine refuses', () => {
    expect(matchesTenantRegex('^(?=.*\\d).+$', 'abc1')).toBe(false);
  });
});
