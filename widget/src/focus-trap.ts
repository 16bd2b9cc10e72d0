/**
 * Keeps Tab inside a container (the full-screen panel on phones, where the page behind
 * is hidden): Tab on the last control wraps to the first, Shift+Tab the other way.
 */
const FOCUSABLE = 'button:not([disabled]), textarea:not([disabled]), a[href], [tabindex="0"]';

export function trapFocus(event: KeyboardEvent, container: Element, active: Element | null): void {
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && (active === first || !active || !container.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !active || !container.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
