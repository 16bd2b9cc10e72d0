import type { z } from 'zod';
import { DomainError } from '../errors.ts';

/** `nodes.lookup.tool: Invalid input` — the first issue, naming the field it is about. */
export function describeZodError(error: z.ZodError, target?: string): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  const path = issue.path.map(String).join('.');
  const where = [target, path].filter(Boolean).join('.');
  const extra = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where ? `${where}: ` : ''}${issue.message}${extra}`;
}

/**
 * The `defaultHook` of every OpenAPIHono router: a failed request schema becomes a 400
 * naming the field, thrown so that `app.onError` formats it like every other error.
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }): void {
  if (result.success) return;
  const target = result.target === 'json' ? 'body' : result.target;
  throw new DomainError('invalid_request', describeZodError(result.error, target));
}
