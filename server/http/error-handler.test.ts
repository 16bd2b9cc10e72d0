import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { WorkflowRuntimeError } from '../runtime/workflow-errors.ts';
import { Hono } from 'hono';
import { errorCatalogue, type ErrorCode } from '../../shared/error-codes.ts';
import { WorkflowValidationError } from '../runtime/workflow-errors.ts';
import type { AppEnv } from './app-env.ts';
import { toHttpError } from './error-handler.ts';
import { sessionsApiError } from './sessions-api-routes.ts';
import { findJsonProblem } from './json-limits.ts';

describe('how errors read over HTTP', () => {
  it('answers 422 to a workflow that loops, and 400 to a RangeError however deeply it is wrapped', () => {
    expect(toHttpError(new WorkflowRuntimeError('workflow_loop', 'loops'))).toMatchObject({ status: 422, code: 'workflow_loop' });
    const overflow = new WorkflowRuntimeError('workflow_failed', 'The workflow failed', { cause: new RangeError('Maximum call stack size exceeded') });
    expect(toHttpError(overflow)).toMatchObject({ status: 400, code: 'invalid_value' });
    expect(toHttpError(new RangeError('Invalid time value'))).toMatchObject({ status: 400, code: 'invalid_value' });
  });

  it('keeps domain errors as they are and anything else a logged 500', () => {
    expect(toHttpError(new DomainError('rate_limited', 'slow', { 'Retry-After': '3' }))).toEqual({ status: 429, code: 'rate_limited', message: 'slow', headers: { 'Retry-After': '3' } });
    expect(toHttpError(new WorkflowRuntimeError('invalid_snapshot', 'bad'))).toMatchObject({ status: 500, logAs: 'error' });
    expect(toHttpError(new TypeError('x is undefined'))).toMatchObject({ status: 500, code: 'internal_error' });
  });
});

describe('the error catalogue', () => {
  it('gives every domain error the status its code has in the catalogue', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(toHttpError(new DomainError(code as ErrorCode, 'm')).status, code).toBe(entry.status);
    }
  });

  it('answers the sessions API with the same status as the rest of the API, in its own envelope', async () => {
    const app = new Hono<AppEnv>();
    app.onError(sessionsApiError);
    app.get('/loop', () => {
      throw new WorkflowRuntimeError('workflow_loop', 'The workflow loops');
    });
    app.get('/invalid', () => {
      throw new WorkflowValidationError('unknown tool "x"', 'lookup');
    });
    app.get('/busy', () => {
      throw new DomainError('rate_limited', 'slow', { 'Retry-After': '3' });
    });
    const loop = await app.request('/loop');
    expect(loop.status).toBe(422);
    expect(await loop.json()).toEqual({ success: false, error: 'The workflow loops' });
    expect((await app.request('/invalid')).status).toBe(400);
    const busy = await app.request('/busy');
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('3');
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
