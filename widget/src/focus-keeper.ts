/**
 * Where focus goes after the widget renders: to the control asked for (the text box once
 * the panel opens, the launcher once it closes, the restart confirmation), or, when the
 * focused control went away with the render (a quick reply, the keypad, the composer at
 * the end), to what replaced it instead of being lost to the page.
 */
export type FocusTarget = 'input' | 'launcher' | 'confirm';

const SELECTORS: Record<FocusTarget, string> = { input: 'textarea, .keypad button, .footer button', launcher: '.launcher', confirm: '.confirm button' };

export interface FocusHost {
  readonly isConnected: boolean;
  readonly shadowRoot: ShadowRoot | null;
  readonly renderRoot: ParentNode;
}

export class FocusKeeper {
  private next: FocusTarget | null = null;
  private hadFocus = false;

  constructor(private readonly host: FocusHost) {}

  /** Focuses `target` after the next render. */
  request(target: FocusTarget): void {
    this.next = target;
  }

  /** Before a render: whether a control inside has focus. */
  beforeRender(): void {
    this.hadFocus = !!this.focused();
  }

  /** After a render: focuses what was asked for, or `fallback` when the focused control went away with the render. */
  afterRender(fallback: FocusTarget): void {
    if (!this.next && this.hadFocus && !this.focused()) this.next = fallback;
    if (!this.next) return;
    this.host.renderRoot.querySelector<HTMLElement>(SELECTORS[this.next])?.focus();
    this.next = null;
  }

  /** The focused element inside the widget, if any (none while it is off the page). */
  focused(): Element | null {
    try {
      return this.host.isConnected ? (this.host.shadowRoot?.activeElement ?? null) : null;
    } catch {
      // DOM emulations (happy-dom) may throw here once a focused element was removed;
      // browsers move focus to the body. Either way nothing inside is focused.
      return null;
    }
  }
}
