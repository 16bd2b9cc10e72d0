/** A `ChatController` on a fake host, a fake server and an in-memory storage. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatController } from '../src/chat-controller.ts';
import { isMessage } from '../src/conversation-log.ts';
import type { KeyValueStore, ParleyEventName } from '../src/types.ts';
import { createFakeChatServer, FAKE_ORIGIN, type FakeAgent, type FakeChatServer } from './fake-chat-server.ts';

export function memoryStorage(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

export interface Harness {
  chat: ChatController;
  server: FakeChatServer;
  storage: ReturnType<typeof memoryStorage>;
  events: { name: ParleyEventName; detail: Record<string, unknown> }[];
  /** The transcript as `role: content` lines (notes as `(note)`), as a visitor reads it. */
  transcript(): string[];
  disconnect(): void;
}

export interface HarnessOptions {
  server?: FakeChatServer;
  storage?: ReturnType<typeof memoryStorage>;
  /** Where `online` events come from (none by default). */
  online?: EventTarget;
  /** Waits between reconnect attempts (none by default). */
  reconnectDelays?: readonly number[];
  /** Whether the page may use the agent (the widget config's answer). */
  allowed?: () => Promise<boolean>;
}

export function createHarness(agent: FakeAgent, options: HarnessOptions = {}): Harness {
  const server = options.server ?? createFakeChatServer([agent]);
  const storage = options.storage ?? memoryStorage();
  const events: Harness['events'] = [];
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost = {
    addController: (c) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  const chat = new ChatController(host, {
    fetch: server.fetch,
    storage,
    emit: (name, detail) => void events.push({ name, detail }),
    reconnectDelays: options.reconnectDelays ?? [0],
    online: options.online ?? null,
    ...(options.allowed ? { allowed: options.allowed } : {}),
  });
  controllers.forEach((c) => c.hostConnected?.());
  chat.configure({ server: FAKE_ORIGIN, agent: agent.id, context: null });
  return {
    chat,
    server,
    storage,
    events,
    transcript: () => chat.log.entries.map((e) => (isMessage(e) ? `${e.author}: ${e.content}` : `(${e.note})`)),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
}
