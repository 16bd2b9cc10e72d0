/**
 * A branch condition as a short label for its edge: `policy.active = true`,
 * `age ≥ 18 and plan ∈ [gold, silver]`.
 */
import type { Condition } from '../../../shared/workflow-schema.ts';

const OPERATORS: Record<string, string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains', matches: 'matches' };

const scalar = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** @example conditionText({ var: 'policy.active', eq: true }) // 'policy.active = true' */
export function conditionText(condition: Condition): string {
  if ('all' in condition) return condition.all.map(nested).join(' and ');
  if ('any' in condition) return condition.any.map(nested).join(' or ');
  const { var: path, ...rest } = condition;
  const [operator, value] = Object.entries(rest).find(([, v]) => v !== undefined) ?? ['exists', true];
  if (operator === 'exists') return value ? `${path} is set` : `${path} is not set`;
  if (operator === 'in') return `${path} ∈ [${(value as unknown[]).map(scalar).join(', ')}]`;
  return `${path} ${OPERATORS[operator] ?? operator} ${scalar(value)}`;
}

function nested(condition: Condition): string {
  const text = conditionText(condition);
  return 'all' in condition || 'any' in condition ? `(${text})` : text;
}
