/**
 * Pushing an event: store it, then wake the streams listening for that session. Typing is
 * the exception: a signal, never stored — the operator's reaches the visitor's stream, the
 * visitor's the workspace's inbox streams.
 */
import type { PushedEvent } from '../../shared/api/text-chat-api.ts';
import type { SessionEventsRepo, StoredEvent } from '../storage/session-events-repo.ts';
import { inboxTopic, type SessionEventBus, type TypingSignal } from './session-event-bus.ts';

export interface SessionEvents {
  push(sessionId: number, event: PushedEvent): Promise<StoredEvent>;
  after(sessionId: number, afterId: number): Promise<StoredEvent[]>;
  subscribe(sessionId: number, listener: () => void): () => void;
  /** Someone writes in a conversation of `workspaceId`: tells whoever is on the other side. */
  typing(workspaceId: number, signal: TypingSignal): void;
  /** The operator writing in the session, for the visitor's stream. */
  onOperatorTyping(sessionId: number, listener: (signal: TypingSignal) => void): () => void;
  /** A visitor writing in a conversation of the workspace, for its inbox streams. */
  onVisitorTyping(workspaceId: number, listener: (signal: TypingSignal) => void): () => void;
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
    typing: (workspaceId, signal) => deps.bus.signal(signal.author === 'operator' ? signal.sessionId : inboxTopic(workspaceId), signal),
    onOperatorTyping: (sessionId, listener) => deps.bus.onSignal(sessionId, (signal) => signal.author === 'operator' && listener(signal)),
    onVisitorTyping: (workspaceId, listener) => deps.bus.onSignal(inboxTopic(workspaceId), (signal) => signal.author === 'user' && listener(signal)),
  };
}
