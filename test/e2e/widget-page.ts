/** Reading and driving one `<parley-chat>` on a Playwright page, as a visitor would. */
import type { Locator, Page } from 'playwright-core';

export interface WidgetHandle {
  host: Locator;
  launcher: Locator;
  panel: Locator;
  input: Locator;
  quickReplies: Locator;
  /** The text of every message bubble, in order (without the screen-reader prefix). */
  bubbles(): Promise<string[]>;
  /** Waits until the last bubble contains `text`. */
  waitForReply(text: string, timeout?: number): Promise<void>;
  send(text: string): Promise<void>;
  /** The class of the focused element inside the widget, or null when focus is elsewhere. */
  focused(): Promise<string | null>;
}

export function widgetOn(page: Page, agent?: string): WidgetHandle {
  const host = page.locator(agent ? `parley-chat[agent="${agent}"]` : 'parley-chat').first();
  const bubbles = () =>
    host.locator('.msg .bubble-text').evaluateAll((nodes) =>
      nodes.map((n) =>
        [...(n.querySelector('.content')?.childNodes ?? [])]
          .filter((c) => c.nodeType !== Node.COMMENT_NODE)
          .map((c) => c.textContent)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
  const input = host.locator('textarea');
  return {
    host,
    launcher: host.locator('.launcher'),
    panel: host.locator('.panel'),
    input,
    quickReplies: host.locator('.choice'),
    bubbles,
    async waitForReply(text, timeout = 15_000) {
      await host.locator('.msg').last().filter({ hasText: text }).waitFor({ timeout });
    },
    async send(text) {
      await input.fill(text);
      await input.press('Enter');
    },
    focused: () => host.evaluate((el) => (el.shadowRoot?.activeElement ? el.shadowRoot.activeElement.className || el.shadowRoot.activeElement.localName : null)),
  };
}
