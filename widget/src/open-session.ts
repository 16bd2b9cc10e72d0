/**
 * Restores the visitor's stored session, or creates a new one when there is none, the
 * server no longer has it (expired, ended, unknown), or it belongs to another visitor
 * than the one the page now names (someone else signed in on this browser). A verified
 * visitor's create may resume their open session from another device.
 */
import { ApiError, type ApiClient } from './api-client.ts';
import type { RunView } from './guards.ts';
import type { SessionStore } from './session-store.ts';

export interface OpenedSession {
  run: RunView;
  token: string;
  restored: boolean;
  /** The visitor id the page claimed, stored with the session. */
  visitor?: string | undefined;
}

/**
 * Statuses meaning "this session is gone" (unknown, expired, token refused): start over
 * rather than fail. A 403 is the page being refused, which a new session would not fix.
 */
const GONE = [401, 404, 410];

/**
 * The id a visitor claim names: its `id`, or a JWT's `sub`. Read only to tell visitors
 * apart on this browser; the server decides whether the claim is true.
 */
export function claimedVisitorId(claim: Record<string, unknown> | null): string | undefined {
  if (typeof claim?.id === 'string') return claim.id;
  try {
    const payload: unknown = JSON.parse(atob((String(claim?.token).split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    const sub = (payload as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

export async function openSession(
  api: ApiClient,
  store: SessionStore,
  target: { context: Record<string, unknown> | null; visitor: Record<string, unknown> | null },
  signal: AbortSignal,
): Promise<OpenedSession> {
  const visitor = claimedVisitorId(target.visitor);
  const saved = store.load();
  if (saved && saved.visitor === visitor) {
    const run = await api.getSession(saved.runId, saved.token, signal).catch((error: unknown) => {
      if (error instanceof ApiError && GONE.includes(error.status)) return null;
      throw error;
    });
    if (run && run.status !== 'ended') return { run, token: saved.token, restored: true, visitor };
  }
  if (saved) store.clear();
  const { run, resumed } = await api.createSession(target.context, target.visitor, signal);
  return { run, token: run.session_token ?? '', restored: resumed, visitor };
}
