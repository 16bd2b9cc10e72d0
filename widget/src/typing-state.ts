/**
 * Typing, both ways, while a person has the conversation: the operator's typing events
 * show "<name> is typing…" until their message comes or the signal goes stale, and the
 * visitor's keystrokes are passed on at most once per interval, so the operator's inbox
 * shows them without a request per key.
 */

export interface TypingPorts {
  /** Tells the server the visitor is typing; a failure is dropped (the next keystroke tries again later). */
  send(): Promise<void>;
  /** The operator started or stopped typing: re-render. */
  changed(): void;
  now?: () => number;
}

/** The operator's last signal counts this long; the console sends one every few seconds while they write. */
export const OPERATOR_TYPING_MS = 6000;
/** At most one visitor signal per interval: the server allows 30 a minute per conversation. */
export const VISITOR_TYPING_MS = 3000;

export class TypingState {
  /** Who is writing to the visitor ('' when the operator has no name), or null. */
  operator: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sentAt = -Infinity;

  constructor(private readonly ports: TypingPorts) {}

  /** An operator's typing event: shown, and hidden again unless another comes in time. */
  operatorTyping(name: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(), OPERATOR_TYPING_MS);
    if (this.operator === name) return;
    this.operator = name;
    this.ports.changed();
  }

  /** The operator's message arrived (or the conversation moved on): nobody is typing. */
  stop(): void {
    clearTimeout(this.timer);
    if (this.operator === null) return;
    this.operator = null;
    this.ports.changed();
  }

  /** The visitor typed while a person has the conversation. */
  visitorTyped(): void {
    const now = (this.ports.now ?? Date.now)();
    if (now - this.sentAt < VISITOR_TYPING_MS) return;
    this.sentAt = now;
    // A lost "typing" hint costs nothing, and a refusal (429, or no longer with a person) is not the visitor's to see.
    this.ports.send().catch(() => undefined);
  }
}
