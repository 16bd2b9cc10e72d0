/**
 * Checks on the arguments of a tool call: `exact` (JSON equality; a scalar also matches
 * its string form, since models write `"42"` and `42` interchangeably), `regex` (on the
 * string form) and `llm` (the judge reads the value against the criteria).
 */
import { isDeepStrictEqual } from 'node:util';
import type { ParameterCheck } from '../../shared/api/agent-test-config.ts';
import type { ParameterResult } from '../../shared/api/agent-test-runs-api.ts';
import { getPath } from '../../shared/template.ts';
import { compileTenantRegex, type TenantRegex } from '../../shared/tenant-regex.ts';
import type { Verdict } from './judge.ts';
import { TestRunError } from './test-run-error.ts';

/** Asks the judge about one argument value. */
export type ParameterJudge = (input: { path: string; value: unknown; criteria: string }) => Promise<Verdict>;

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * JSON equality, lenient on scalar types only.
 * @example sameValue(42, '42') // true
 */
export function sameValue(actual: unknown, expected: unknown): boolean {
  if (isDeepStrictEqual(actual, expected)) return true;
  return isScalar(actual) && isScalar(expected) && String(actual) === String(expected);
}

export function stringForm(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Rendering `{{variables}}` into a pattern can break it; so can a test saved before the engine refused its pattern. */
function compile(pattern: string): TenantRegex {
  const compiled = compileTenantRegex(pattern);
  if (!compiled.ok) throw new TestRunError(`The regex ${JSON.stringify(pattern)} is invalid after rendering variables: ${compiled.problem}`);
  return compiled.regex;
}

export async function checkParameter(check: ParameterCheck, args: unknown, judge: ParameterJudge): Promise<ParameterResult> {
  const actual = getPath(args, check.path);
  const base = { path: check.path, mode: check.mode, actual: actual ?? null };
  if (actual === undefined) {
    const target = check.mode === 'llm' ? { criteria: check.criteria } : { expected: check.expected };
    return { ...base, ...target, passed: false, rationale: `The argument "${check.path}" is missing.` };
  }
  switch (check.mode) {
    case 'exact': {
      const passed = sameValue(actual, check.expected);
      const rationale = passed ? `"${check.path}" is ${stringForm(actual)}, as expected.` : `"${check.path}" is ${stringForm(actual)}, expected ${stringForm(check.expected)}.`;
      return { ...base, expected: check.expected, passed, rationale };
    }
    case 'regex': {
      const passed = compile(check.expected).test(stringForm(actual));
      return { ...base, expected: check.expected, passed, rationale: `"${check.path}" = ${stringForm(actual)} ${passed ? 'matches' : 'does not match'} /${check.expected}/.` };
    }
    case 'llm': {
      const verdict = await judge({ path: check.path, value: actual, criteria: check.criteria });
      return { ...base, criteria: check.criteria, passed: verdict.passed, rationale: verdict.rationale };
    }
  }
}
