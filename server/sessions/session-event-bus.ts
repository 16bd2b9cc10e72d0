/**
 * Tells open `…/events` streams that a session has a new stored event. Only a wake-up:
 * the event itself is read from the database, so a stream on another process (woken by
 * Postgres NOTIFY, see the scale-out work) sees exactly the same events. A topic is a
 * session id, or a named topic such as a workspace's inbox (`inbox:3`, see `inboxTopic`).
 */
import { EventEmitter } from 'node:events';

export type BusTopic = number | `inbox:${number}`;

export interface SessionEventBus {
  notify(topic: BusTopic): void;
  subscribe(topic: BusTopic, listener: () => void): () => void;
}

/** The topic of a workspace's operator inbox. */
export const inboxTopic = (workspaceId: number): BusTopic => `inbox:${workspaceId}`;

/** A topic read back from a NOTIFY payload, or `undefined` for anything else. */
export function parseBusTopic(payload: string | undefined): BusTopic | undefined {
  if (payload === undefined) return undefined;
  if (/^\d{1,15}$/.test(payload)) return Number(payload);
  const inbox = /^inbox:(\d{1,15})$/.exec(payload);
  return inbox ? inboxTopic(Number(inbox[1])) : undefined;
}

export function createLocalEventBus(): SessionEventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: (topic) => void emitter.emit(String(topic)),
    subscribe(topic, listener) {
      emitter.on(String(topic), listener);
      return () => void emitter.off(String(topic), listener);
    },
  };
}
