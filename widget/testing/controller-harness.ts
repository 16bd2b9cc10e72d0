/** A `ChatController` on a fake host, a fake server and an in-memory storage. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, expect, vi } from 'vitest';
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
  chat.configure({ server: FAKE_ORIGIN, agent: agent.id, context: null, visitor: null });
  return {
    chat,
    server,
    storage,
    events,
    transcript: () => chat.log.entries.map((e) => (isMessage(e) ? `${e.author}: ${e.content}` : `(${e.note})`)),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
}

/**
 * A test file's harnesses: `start` builds one, `active` one whose session has started
 * (panel visible); all are disconnected after each test.
 *
 * @example
 * const { start, active, until } = useHarnesses();
 * it('…', async () => { const h = await active(echoAgent); … });
 */
export function useHarnesses() {
  let harnesses: Harness[] = [];
  afterEach(() => {
    harnesses.forEach((h) => h.disconnect());
    harnesses = [];
  });
  const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 2000, interval: 5 });
  const start = (agent: FakeAgent, options?: HarnessOptions): Harness => {
    const h = createHarness(agent, options);
    harnesses.push(h);
    return h;
  };
  const active = async (agent: FakeAgent, options?: HarnessOptions): Promise<Harness> => {
    const h = start(agent, options);
    h.chat.setVisible(true);
    await until(() => expect(h.chat.status).toBe('active'));
    return h;
  };
  return { start, active, until };
}
