/** How a failure shows: the banner the visitor sees and the code a page's listener gets. */
import { ApiError } from './api-client.ts';
import type { Notice } from './types.ts';

export function noticeFor(error: unknown): Notice {
  const status = error instanceof ApiError ? error.status : -1;
  if (status === 0) return 'offline';
  if (status === 429) return 'rate-limited';
  return status === 401 || status === 403 ? 'unavailable' : 'error';
}

export function describeError(error: unknown): { code: string; message: string } {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'client_error';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
