/** Pushing an event: store it, then wake the streams listening for that session. */
import type { PushedEvent } from '../../shared/api/text-chat-api.ts';
import type { SessionEventsRepo, StoredEvent } from '../storage/session-events-repo.ts';
import type { SessionEventBus } from './session-event-bus.ts';

export interface SessionEvents {
  push(sessionId: number, event: PushedEvent): Promise<StoredEvent>;
  after(sessionId: number, afterId: number): Promise<StoredEvent[]>;
  subscribe(sessionId: number, listener: () => void): () => void;
}

export function createSessionEvents(deps: { repo: SessionEventsRepo; bus: SessionEventBus }): SessionEvents {
  return {
    async push(sessionId, event) {
      const stored = await deps.repo.append(sessionId, event);
      deps.bus.notify(sessionId);
      return stored;
    },
    after: (sessionId, afterId) => deps.repo.after(sessionId, afterId),
    subscribe: (sessionId, listener) => deps.bus.subscribe(sessionId, listener),
  };
}
