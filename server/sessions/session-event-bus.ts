/**
 * Tells open `…/events` streams that a session has a new stored event. Only a wake-up:
 * the event itself is read from the database, so a stream on another process (woken by
 * Postgres NOTIFY, see the scale-out work) sees exactly the same events.
 */
import { EventEmitter } from 'node:events';

export interface SessionEventBus {
  notify(sessionId: number): void;
  subscribe(sessionId: number, listener: () => void): () => void;
}

export function createLocalEventBus(): SessionEventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (sessionId) => void emitter.emit(String(sessionId)),
    subscribe(sessionId, listener) {
      emitter.on(String(sessionId), listener);
      return () => void emitter.off(String(sessionId), listener);
    },
  };
}
