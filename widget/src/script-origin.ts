/**
 * The `<script>` tag that loaded the widget, found while the bundle first runs: its
 * origin is the default `server`, and its `data-*` attributes configure the embed.
 */

/** Every tag that loads the widget bundle (the page may embed it more than once). */
export function widgetScripts(doc: Document = document): HTMLScriptElement[] {
  return [...doc.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"], script[src*="widget.mjs"]')];
}

function findLoader(): HTMLScriptElement | null {
  if (typeof document === 'undefined') return null;
  // Set for classic scripts, async ones included; null for modules and later calls.
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return widgetScripts().pop() ?? null;
}

export const loaderScript: HTMLScriptElement | null = findLoader();

/** Where the API lives when an element has no `server` attribute. */
export function defaultServer(): string {
  const base = typeof location === 'undefined' ? 'http://localhost' : location.href;
  try {
    return new URL(loaderScript?.src || base, base).origin;
  } catch {
    return new URL(base).origin;
  }
}
