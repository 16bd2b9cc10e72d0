import type { z } from 'zod';
import { describeZodError } from '../../shared/describe-zod-error.ts';
import { DomainError } from '../errors.ts';

/**
 * The `defaultHook` of every OpenAPIHono router: a failed request schema becomes a 400
 * naming the field, thrown so that `app.onError` formats it like every other error.
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }): void {
  if (result.success) return;
  const target = result.target === 'json' ? 'body' : result.target;
  throw new DomainError('invalid_request', describeZodError(result.error, target));
}
