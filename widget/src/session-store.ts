/**
 * Remembers the visitor's session per agent and server, so a reload (or the next page
 * of the site) continues the same conversation. Storage may be missing or throw
 * (private modes, sandboxed frames): the widget then simply forgets on reload.
 */
import type { KeyValueStore, StoredSession } from './types.ts';

export interface SessionStore {
  load(): StoredSession | null;
  save(session: StoredSession): void;
  clear(): void;
  /** Whether the visitor closed the welcome teaser (remembered across pages). */
  teaserDismissed(): boolean;
  dismissTeaser(): void;
}

export function createSessionStore(storage: KeyValueStore | null, server: string, agent: string): SessionStore {
  const key = `parley:${server}|${agent}`;
  const teaserKey = `${key}|teaser`;
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
        if (typeof parsed !== 'object' || parsed === null) return null;
        const { runId, token, open } = parsed as Record<string, unknown>;
        return typeof runId === 'number' && typeof token === 'string' ? { runId, token, open: open === true } : null;
      } catch {
        return null;
      }
    },
    save(session) {
      try {
        storage?.setItem(key, JSON.stringify(session));
      } catch {
        // Quota or privacy mode: persistence is a convenience, the chat goes on.
      }
    },
    clear() {
      try {
        storage?.removeItem(key);
      } catch {
        // As above.
      }
    },
    teaserDismissed() {
      try {
        return storage?.getItem(teaserKey) === '1';
      } catch {
        return false;
      }
    },
    dismissTeaser() {
      try {
        storage?.setItem(teaserKey, '1');
      } catch {
        // As above.
      }
    },
  };
}

/** `localStorage` when the page may use it. */
export function defaultStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
