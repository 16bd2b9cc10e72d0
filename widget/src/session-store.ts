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
  /** The visitor's half-typed message, kept across reloads. */
  draft(): string;
  saveDraft(text: string): void;
}

export function createSessionStore(storage: KeyValueStore | null, server: string, agent: string): SessionStore {
  const key = `parley:${server}|${agent}`;
  const teaserKey = `${key}|teaser`;
  const draftKey = `${key}|draft`;
  return {
    load: () =>
      quietly(() => {
        const parsed: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
        if (typeof parsed !== 'object' || parsed === null) return null;
        const { runId, token, open, visitor } = parsed as Record<string, unknown>;
        if (typeof runId !== 'number' || typeof token !== 'string') return null;
        return { runId, token, open: open === true, ...(typeof visitor === 'string' ? { visitor } : {}) };
      }, null),
    save: (session) => quietly(() => storage?.setItem(key, JSON.stringify(session)), undefined),
    clear: () => quietly(() => storage?.removeItem(key), undefined),
    teaserDismissed: () => quietly(() => storage?.getItem(teaserKey) === '1', false),
    dismissTeaser: () => quietly(() => storage?.setItem(teaserKey, '1'), undefined),
    draft: () => quietly(() => storage?.getItem(draftKey) ?? '', ''),
    saveDraft: (text) => quietly(() => (text ? storage?.setItem(draftKey, text) : storage?.removeItem(draftKey)), undefined),
  };
}

/**
 * Quota, privacy modes, a sandboxed frame or a corrupt entry: persistence is a
 * convenience, so the chat goes on as if nothing had been stored.
 */
function quietly<T>(act: () => T, fallback: T): T {
  try {
    return act();
  } catch {
    return fallback;
  }
}

/** `localStorage` when the page may use it. */
export function defaultStorage(): KeyValueStore | null {
  // Reading the property itself throws where storage is blocked.
  return quietly(() => globalThis.localStorage ?? null, null);
}
