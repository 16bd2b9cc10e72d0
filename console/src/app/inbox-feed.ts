/**
 * The operator inbox as the shell follows it: one `GET /v1/inbox/events` stream per tab
 * while someone is signed in (pushed, never polled), whose latest queue feeds the nav's
 * unread badge, the inbox page and — once the operator has turned them on with a button —
 * desktop notifications of conversations newly waiting. The shell's first load carries no
 * zod, so only the few fields the shell itself reads are checked here by hand; the inbox
 * page parses the whole queue with the shared schema.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the shell reads of a queue; `raw` is the whole answer, for the page to parse. */
export interface InboxSnapshot {
  raw: unknown;
  unreadTotal: number;
  /** Conversations nobody has claimed yet, by call id, with their agent's name. */
  unclaimed: ReadonlyMap<string, string>;
}

export type EventSourceFactory = (url: string) => Pick<EventSource, 'addEventListener' | 'close'>;

const STORAGE_KEY = 'parley.inbox.notify';

/** The fields the shell needs, or `undefined` for an answer of another shape. */
export function readInboxSnapshot(raw: unknown): InboxSnapshot | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { unread_total: unreadTotal, conversations } = raw as Record<string, unknown>;
  if (typeof unreadTotal !== 'number' || !Array.isArray(conversations)) return undefined;
  const unclaimed = new Map<string, string>();
  for (const entry of conversations as unknown[]) {
    const e = entry as { call_id?: unknown; claim?: unknown; agent?: { name?: unknown } } | null;
    if (e && typeof e.call_id === 'string' && e.claim === null) unclaimed.set(e.call_id, typeof e.agent?.name === 'string' ? e.agent.name : 'an agent');
  }
  return { raw, unreadTotal, unclaimed };
}

export class InboxFeed implements ReactiveController {
  latest: InboxSnapshot | undefined;
  private source: ReturnType<EventSourceFactory> | undefined;
  private readonly listeners = new Set<(snapshot: InboxSnapshot) => void>();
  private readonly typingListeners = new Set<(callId: string) => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly open: EventSourceFactory,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Follows the stream (once); `stop` when the person signs out. */
  start(): void {
    if (this.source) return;
    this.source = this.open('/v1/inbox/events');
    // EventSource reconnects by itself after a dropped connection; each opening sends the whole queue.
    this.source.addEventListener('inbox', (event) => {
      let raw: unknown;
      try {
        raw = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      const next = readInboxSnapshot(raw);
      if (!next) return;
      this.notifyNew(this.latest, next);
      this.latest = next;
      for (const listener of this.listeners) listener(next);
      this.host.requestUpdate();
    });
    this.source.addEventListener('typing', (event) => {
      let callId: unknown;
      try {
        callId = (JSON.parse((event as MessageEvent<string>).data) as { call_id?: unknown }).call_id;
      } catch {
        return;
      }
      if (typeof callId === 'string') for (const listener of this.typingListeners) listener(callId);
    });
  }

  /** Calls `listener` with the call id whenever a visitor writes (a `typing` event); returns the unsubscribe. */
  onTyping(listener: (callId: string) => void): () => void {
    this.typingListeners.add(listener);
    return () => void this.typingListeners.delete(listener);
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    this.latest = undefined;
  }

  /** Calls `listener` with each new queue (and at once with the current one); returns the unsubscribe. */
  subscribe(listener: (snapshot: InboxSnapshot) => void): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    return () => void this.listeners.delete(listener);
  }

  /** Whether desktop notifications are on in this browser. */
  get notifying(): boolean {
    return typeof Notification !== 'undefined' && Notification.permission === 'granted' && localStorage.getItem(STORAGE_KEY) === 'on';
  }

  /** Asks the browser's permission (only ever from a button press) and remembers the choice. */
  async setNotifying(on: boolean): Promise<boolean> {
    if (typeof Notification === 'undefined') return false;
    if (on && Notification.permission !== 'granted' && (await Notification.requestPermission()) !== 'granted') return false;
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    this.host.requestUpdate();
    return this.notifying;
  }

  /** A notification per conversation newly waiting; the first queue of a stream is not news. */
  private notifyNew(before: InboxSnapshot | undefined, after: InboxSnapshot): void {
    if (!before || !this.notifying) return;
    for (const [callId, agentName] of after.unclaimed) {
      if (before.unclaimed.has(callId)) continue;
      new Notification('A conversation is waiting for a person', { body: `${agentName} · ${callId}`, tag: callId });
    }
  }
}
