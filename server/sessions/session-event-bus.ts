/**
 * Tells open `…/events` streams that a session has a new stored event. Only a wake-up:
 * the event itself is read from the database, so a stream on another process (woken by
 * Postgres NOTIFY, see the scale-out work) sees exactly the same events. A topic is a
 * session id, or a named topic such as a workspace's inbox (`inbox:3`, see `inboxTopic`).
 *
 * Beside the wake-ups, the bus carries *signals*: ephemeral facts such as "the operator is
 * typing", handed to whoever listens now and stored nowhere (a stream that opens later
 * never hears them, which is right for something that expires in seconds).
 */
import { EventEmitter } from 'node:events';

export type BusTopic = number | `inbox:${number}`;

/** Someone is writing in a conversation: the operator (with the name the visitor sees) or the visitor. */
export interface TypingSignal {
  type: 'typing';
  sessionId: number;
  author: 'operator' | 'user';
  authorName?: string | undefined;
}

export interface SessionEventBus {
  notify(topic: BusTopic): void;
  subscribe(topic: BusTopic, listener: () => void): () => void;
  /** Hands `data` to the topic's signal listeners on every process; stores nothing. */
  signal(topic: BusTopic, data: TypingSignal): void;
  onSignal(topic: BusTopic, listener: (data: TypingSignal) => void): () => void;
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
  const on = <A extends unknown[]>(name: string, listener: (...args: A) => void) => {
    emitter.on(name, listener as (...args: unknown[]) => void);
    return () => void emitter.off(name, listener as (...args: unknown[]) => void);
  };
  return {
    notify: (topic) => void emitter.emit(String(topic)),
    subscribe: (topic, listener) => on(String(topic), listener),
    signal: (topic, data) => void emitter.emit(`signal:${String(topic)}`, data),
    onSignal: (topic, listener) => on(`signal:${String(topic)}`, listener),
  };
}

/** A signal read back from a NOTIFY payload (`{"topic", "data", "from"}`), or `undefined` for anything else. */
export function parseBusSignal(payload: string | undefined): { topic: BusTopic; data: TypingSignal; from: string } | undefined {
  if (!payload?.startsWith('{') || payload.length > 2000) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const { topic, data, from } = (value ?? {}) as { topic?: unknown; data?: Partial<TypingSignal>; from?: unknown };
  const parsedTopic = typeof topic === 'string' || typeof topic === 'number' ? parseBusTopic(String(topic)) : undefined;
  if (parsedTopic === undefined || typeof from !== 'string' || !data || data.type !== 'typing' || !Number.isSafeInteger(data.sessionId)) return undefined;
  if (data.author !== 'operator' && data.author !== 'user') return undefined;
  const name = typeof data.authorName === 'string' ? data.authorName.slice(0, 60) : undefined;
  return { topic: parsedTopic, from, data: { type: 'typing', sessionId: Number(data.sessionId), author: data.author, ...(name ? { authorName: name } : {}) } };
}
