/** Mounts `<parley-chat>` elements wired to a fake server, and reads their shadow DOM. */
import { vi } from 'vitest';
import '../src/index.ts';
import type { ParleyChat } from '../src/parley-chat.ts';
import { memoryStorage } from './controller-harness.ts';
import { FAKE_ORIGIN, type FakeChatServer } from './fake-chat-server.ts';

export async function mountChat(server: FakeChatServer, attributes: Record<string, string>, storage = memoryStorage()): Promise<ParleyChat> {
  const element = document.createElement('parley-chat');
  element.fetcher = server.fetch;
  element.storage = storage;
  element.setAttribute('server', FAKE_ORIGIN);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

export function part<T extends Element = HTMLElement>(element: ParleyChat, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <parley-chat agent="${element.agent}">`);
  return found;
}

export function parts<T extends Element = HTMLElement>(element: ParleyChat, selector: string): T[] {
  return [...(element.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

/** Waits for a condition on the rendered widget (after Lit's update settles). */
export async function until(element: ParleyChat, assertion: () => void): Promise<void> {
  await vi.waitFor(
    async () => {
      await element.updateComplete;
      assertion();
    },
    { timeout: 2000, interval: 5 },
  );
}

/** The transcript as the visitor reads it: one line per bubble. */
export function bubbles(element: ParleyChat): string[] {
  // Blocks (paragraphs, lists) read as separate sentences, as a screen reader says them.
  const pieces = (e: Element | null) => [...(e?.childNodes ?? [])].filter((n) => n.nodeType !== Node.COMMENT_NODE).map((n) => n.textContent);
  const text = (b: Element) => [b.querySelector('.sr-only')?.textContent, ...pieces(b.querySelector('.content'))].join(' ');
  return parts(element, '.msg .bubble-text').map((b) => text(b).replace(/\s+/g, ' ').trim());
}

export function typeAndSend(element: ParleyChat, text: string): void {
  const input = part<HTMLTextAreaElement>(element, 'textarea');
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
}

