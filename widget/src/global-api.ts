/**
 * `window.Parley`: drive the widgets of the page from its own scripts. Every method
 * takes an optional agent id; without it, it acts on every widget of the page.
 *
 * @example
 * Parley.on('message', (detail) => console.log(detail.message.content));
 * document.querySelector('#help').addEventListener('click', () => Parley.open('agent_1a2b3c4d'));
 */
import { instances, type ChatInstance } from './registry.ts';
import type { ParleyEventDetails, ParleyEventName } from './types.ts';

type ShortName<K> = K extends `parley-${infer S}` ? S : never;
type EventName = ParleyEventName | ShortName<ParleyEventName>;
type DetailOf<N extends EventName> = ParleyEventDetails[N extends ParleyEventName ? N : `parley-${N}` & ParleyEventName];

export interface ParleyApi {
  readonly version: string;
  open(agent?: string): void;
  close(agent?: string): void;
  toggle(agent?: string): void;
  send(text: string, agent?: string): Promise<void>;
  reset(agent?: string): Promise<void>;
  /** Listens to a widget event (`message` or `parley-message`); returns the unsubscribe. */
  on<N extends EventName>(event: N, listener: (detail: DetailOf<N>) => void, agent?: string): () => void;
  /** The widgets on the page, optionally of one agent. */
  widgets(agent?: string): ChatInstance[];
}

export function createParleyApi(version: string, target: EventTarget = document): ParleyApi {
  const widgets = (agent?: string) => [...instances].filter((w) => !agent || w.agent === agent);
  const each = (agent: string | undefined, act: (w: ChatInstance) => unknown) => void widgets(agent).forEach(act);
  return {
    version,
    widgets,
    open: (agent) => each(agent, (w) => w.open()),
    close: (agent) => each(agent, (w) => w.close()),
    toggle: (agent) => each(agent, (w) => w.toggle()),
    send: async (text, agent) => void (await Promise.all(widgets(agent).map((w) => w.send(text)))),
    reset: async (agent) => void (await Promise.all(widgets(agent).map((w) => w.reset()))),
    on(event, listener, agent) {
      const name = event.startsWith('parley-') ? event : `parley-${event}`;
      const handler = (e: Event) => {
        if (!(e instanceof CustomEvent)) return;
        const detail: unknown = e.detail;
        if (agent && !(typeof detail === 'object' && detail !== null && 'agent' in detail && detail.agent === agent)) return;
        listener(e.detail);
      };
      target.addEventListener(name, handler);
      return () => target.removeEventListener(name, handler);
    },
  };
}

declare global {
  interface Window {
    Parley?: ParleyApi;
  }
}

/** Installs the API once: a second copy of the bundle keeps the first one's. */
export function installParleyApi(version: string): ParleyApi {
  const existing = window.Parley;
  if (existing && typeof existing.open === 'function') return existing;
  const api = createParleyApi(version);
  window.Parley = api;
  return api;
}
