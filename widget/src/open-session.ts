/**
 * Restores the visitor's stored session, or creates a new one when there is none or
 * the server no longer has it (expired, ended, unknown).
 */
import { ApiError, type ApiClient } from './api-client.ts';
import type { RunView } from './guards.ts';
import type { SessionStore } from './session-store.ts';

export interface OpenedSession {
  run: RunView;
  token: string;
  restored: boolean;
}

/**
 * Statuses meaning "this session is gone" (unknown, expired, token refused): start over
 * rather than fail. A 403 is the page being refused, which a new session would not fix.
 */
const GONE = [401, 404, 410];

export async function openSession(api: ApiClient, store: SessionStore, context: Record<string, unknown> | null, signal: AbortSignal): Promise<OpenedSession> {
  const saved = store.load();
  if (saved) {
    const run = await api.getSession(saved.runId, saved.token, signal).catch((error: unknown) => {
      if (error instanceof ApiError && GONE.includes(error.status)) return null;
      throw error;
    });
    if (run && run.status !== 'ended') return { run, token: saved.token, restored: true };
    store.clear();
  }
  const run = await api.createSession(context, signal);
  return { run, token: run.session_token ?? '', restored: false };
}
