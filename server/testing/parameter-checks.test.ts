import { describe, expect, it } from 'vitest';
import { checkParameter, sameValue, type ParameterJudge } from './parameter-checks.ts';
import { TestRunError } from './test-run-error.ts';

const noJudge: ParameterJudge = () => Promise.reject(new Error('the judge should not be asked'));

describe('parameter checks', () => {
  it('compares exact values as JSON, a scalar also matching its string form', () => {
    expect(sameValue({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(sameValue(42, '42')).toBe(true);
    expect(sameValue(true, 'true')).toBe(true);
    expect(sameValue({ a: 1 }, '{"a":1}')).toBe(false);
    expect(sameValue(1, 2)).toBe(false);
  });

  it('reads the argument by a dotted path', async () => {
    const result = await checkParameter({ path: 'order.items.0.sku', mode: 'exact', expected: 'X1' }, { order: { items: [{ sku: 'X1' }] } }, noJudge);
    expect(result).toMatchObject({ passed: true, actual: 'X1', expected: 'X1' });
  });

  it('matches a regex against the string form of the value', async () => {
    expect((await checkParameter({ path: 'n', mode: 'regex', expected: '^\\d{3}$' }, { n: 123 }, noJudge)).passed).toBe(true);
    expect((await checkParameter({ path: 'n', mode: 'regex', expected: '^\\d{3}$' }, { n: '12a' }, noJudge)).passed).toBe(false);
  });

  it('asks the judge in llm mode, and fails a missing argument without asking', async () => {
    const judge: ParameterJudge = async ({ value }) => ({ passed: value === 'soon', rationale: `saw ${String(value)}`, confidence: 1 });
    expect(await checkParameter({ path: 'when', mode: 'llm', criteria: 'urgent' }, { when: 'soon' }, judge)).toMatchObject({ passed: true, rationale: 'saw soon', criteria: 'urgent' });
    expect(await checkParameter({ path: 'when', mode: 'llm', criteria: 'urgent' }, {}, noJudge)).toMatchObject({ passed: false, actual: null, rationale: 'The argument "when" is missing.' });
  });

  it('makes a regex that no longer compiles after rendering an unjudgeable run', async () => {
    await expect(checkParameter({ path: 'n', mode: 'regex', expected: '(' }, { n: 1 }, noJudge)).rejects.toBeInstanceOf(TestRunError);
  });

  it('makes a stored lookahead, which the linear-time engine refuses, an unjudgeable run saying why', async () => {
    await expect(checkParameter({ path: 'n', mode: 'regex', expected: '^(?=1)' }, { n: 1 }, noJudge)).rejects.toThrow(/lookahead/);
  });

  it('matches a catastrophic pattern against a long adversarial argument and answers', async () => {
    const result = await checkParameter({ path: 'n', mode: 'regex', expected: '^(\\w+\\s?)*$' }, { n: `${'word '.repeat(20_000)}!` }, noJudge);
    expect(result.passed).toBe(false);
  });
});
