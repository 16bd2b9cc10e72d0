import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { WorkflowRuntimeError } from '../runtime/workflow-errors.ts';
import { toHttpError } from './error-handler.ts';
import { findJsonProblem } from './json-limits.ts';

describe('how errors read over HTTP', () => {
  it('answers 422 to a workflow that loops, and 400 to a RangeError however deeply it is wrapped', () => {
    expect(toHttpError(new WorkflowRuntimeError('workflow_loop', 'loops'))).toMatchObject({ status: 422, code: 'workflow_loop' });
    const overflow = new WorkflowRuntimeError('workflow_failed', 'The workflow failed', { cause: new RangeError('Maximum call stack size exceeded') });
    expect(toHttpError(overflow)).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(toHttpError(new RangeError('Invalid time value'))).toMatchObject({ status: 400, code: 'invalid_value' });
  });

  it('keeps domain errors as they are and anything else a logged 500', () => {
    expect(toHttpError(new AppError(429, 'rate_limited', 'slow', { 'Retry-After': '3' }))).toEqual({ status: 429, code: 'rate_limited', message: 'slow', headers: { 'Retry-After': '3' } });
    expect(toHttpError(new WorkflowRuntimeError('invalid_snapshot', 'bad'))).toMatchObject({ status: 500, logAs: 'error' });
    expect(toHttpError(new TypeError('x is undefined'))).toMatchObject({ status: 500, code: 'internal_error' });
  });
});

describe('the JSON limits', () => {
  it('finds a NUL in a value or a key with its path, and depth beyond the bound without recursing', () => {
    expect(findJsonProblem({ a: [1, { b: 'x\u0000' }] })).toEqual({ kind: 'nul', path: ['a', 1, 'b'] });
    expect(findJsonProblem({ ['k\u0000']: 1 })).toEqual({ kind: 'nul', path: ['k\u0000'] });
    expect(findJsonProblem(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toEqual({ kind: 'too_deep' });
    expect(findJsonProblem(JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`))).toBeUndefined();
    expect(findJsonProblem('plain')).toBeUndefined();
  });
});
