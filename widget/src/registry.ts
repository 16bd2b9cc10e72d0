/** The widgets on the page, for the global `Parley` API (they may sit in other shadow roots). */
export interface ChatInstance extends HTMLElement {
  agent: string;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): Promise<void>;
  reset(): Promise<void>;
}

export const instances = new Set<ChatInstance>();
