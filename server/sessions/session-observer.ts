import type { SessionRecord } from '../storage/session-records.ts';

/**
 * Lifecycle notifications for whoever cares (webhooks, metrics). Called after the
 * change is committed; an observer must not throw into the turn.
 */
export interface SessionObserver {
  started?(session: SessionRecord): void;
  ended?(session: SessionRecord): void;
  transferred?(session: SessionRecord, destination: string): void;
  userMessage?(session: SessionRecord, content: string): void;
}

export function combineObservers(observers: SessionObserver[]): SessionObserver {
  return {
    started: (s) => observers.forEach((o) => o.started?.(s)),
    ended: (s) => observers.forEach((o) => o.ended?.(s)),
    transferred: (s, d) => observers.forEach((o) => o.transferred?.(s, d)),
    userMessage: (s, c) => observers.forEach((o) => o.userMessage?.(s, c)),
  };
}
