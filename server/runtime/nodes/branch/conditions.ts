/**
 * Structured branch conditions (DESIGN §3): comparisons on variables combined with
 * `all` / `any`. There is deliberately no `eval`: authors cannot run code on the server.
 */
import { getPath } from '../../../../shared/template.ts';
import { matchesTenantRegex } from '../../../../shared/tenant-regex.ts';
import type { Comparison, Condition } from '../../../../shared/workflow-schema.ts';

type Scalar = string | number | boolean | null;

/** A number, or a string that spells one: answers saved by `ask` nodes are strings. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/**
 * Strict equality, except that a number equals the string spelling it (`5` and `"5"`)
 * and `null` matches a missing variable, because authors write conditions against
 * values that arrive as text.
 */
function looseEquals(value: unknown, expected: Scalar): boolean {
  if (expected === null) return value === null || value === undefined;
  if (value === expected) return true;
  if (typeof expected === 'number' && typeof value === 'string') return toNumber(value) === expected;
  if (typeof expected === 'string' && typeof value === 'number') return toNumber(expected) === value;
  return false;
}

function compareNumbers(value: unknown, bound: number, test: (a: number, b: number) => boolean): boolean {
  const number = toNumber(value);
  return number !== undefined && test(number, bound);
}

function evaluateComparison(comparison: Comparison, variables: Record<string, unknown>): boolean {
  const value = getPath(variables, comparison.var);
  if (comparison.eq !== undefined) return looseEquals(value, comparison.eq);
  if (comparison.ne !== undefined) return !looseEquals(value, comparison.ne);
  if (comparison.gt !== undefined) return compareNumbers(value, comparison.gt, (a, b) => a > b);
  if (comparison.gte !== undefined) return compareNumbers(value, comparison.gte, (a, b) => a >= b);
  if (comparison.lt !== undefined) return compareNumbers(value, comparison.lt, (a, b) => a < b);
  if (comparison.lte !== undefined) return compareNumbers(value, comparison.lte, (a, b) => a <= b);
  if (comparison.in !== undefined) return comparison.in.some((candidate) => looseEquals(value, candidate));
  if (comparison.contains !== undefined) {
    const needle = comparison.contains;
    if (Array.isArray(value)) return value.some((item) => looseEquals(item, needle));
    // Text comparisons ignore case: the haystack is usually something a person typed.
    if (typeof value === 'string' && needle !== null) return value.toLowerCase().includes(String(needle).toLowerCase());
    return false;
  }
  if (comparison.exists !== undefined) return (value !== undefined && value !== null) === comparison.exists;
  if (comparison.matches !== undefined) {
    // Linear-time engine; a pattern it refuses (saved before it did) matches nothing.
    if (typeof value === 'string') return matchesTenantRegex(comparison.matches, value);
    if (typeof value === 'number' || typeof value === 'boolean') return matchesTenantRegex(comparison.matches, String(value));
    return false;
  }
  return false;
}

/**
 * Evaluate a branch condition against the session's variables.
 * @example evaluateCondition({ all: [{ var: 'age', gte: 18 }, { var: 'plan', in: ['gold', 'silver'] }] }, vars)
 */
export function evaluateCondition(condition: Condition, variables: Record<string, unknown>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, variables));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, variables));
  return evaluateComparison(condition, variables);
}
