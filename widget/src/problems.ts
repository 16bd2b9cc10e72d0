/** How a failure shows: the banner the visitor sees and the code a page's listener gets. */
import { ApiError } from './api-client.ts';
import type { Notice } from './types.ts';

/**
 * No answer from the server — or only its gateway's (a 502/504, a 503 that is not
 * Parley's JSON), or Parley's own while it restarts — worth sending again once it is back.
 */
export function connectionLost(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const { status, code } = error;
  return status === 0 || status === 502 || status === 504 || (status === 503 && (code === 'http_503' || code === 'shutting_down'));
}

/** The page may not use this agent (origin not allowed, widget off): nothing will help but the site owner. */
export function refusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403) && error.code !== 'edit_not_allowed';
}

export function noticeFor(error: unknown): Notice {
  const status = error instanceof ApiError ? error.status : -1;
  if (connectionLost(error)) return 'offline';
  if (status === 429) return 'rate-limited';
  return refusal(error) ? 'unavailable' : 'error';
}

/** Tells the site owner, in the browser console, why the chat is not available on this page. */
export function logRefusal(agent: string, error: unknown): void {
  console.error(`Parley: the chat of ${agent} is not available on ${location.origin}: ${error instanceof Error ? error.message : String(error)}`);
}

export function describeError(error: unknown): { code: string; message: string } {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'client_error';
  return { code, message: error instanceof Error ? error.message : String(error) };
}
