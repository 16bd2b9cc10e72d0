import type { z } from 'zod';
import { describeProblems, describeZodIssues } from '../../shared/describe-zod-error.ts';
import { DomainError } from '../errors.ts';

/**
 * The `defaultHook` of every OpenAPIHono router: a failed request schema becomes a 400
 * naming every field that is wrong (`details` lists them one by one), thrown so that
 * `app.onError` formats it like every other error.
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }): void {
  if (result.success) return;
  const target = result.target === 'json' ? 'body' : result.target;
  const details = describeZodIssues(result.error, target);
  throw new DomainError('invalid_request', describeProblems(details, result.error.issues.length), {}, { details });
}
