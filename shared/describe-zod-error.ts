import type { z } from 'zod';

/**
 * `nodes.lookup.tool: Invalid input` — the first issue, naming the field it is about.
 * Shared by the HTTP layer and by domain code that reports a stored document's problems.
 */
export function describeZodError(error: z.ZodError, target?: string): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  const path = issue.path.map(String).join('.');
  const where = [target, path].filter(Boolean).join('.');
  const extra = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where ? `${where}: ` : ''}${issue.message}${extra}`;
}
