/**
 * The one-line embed: `<script src="…/widget.js" data-agent="agent_…" async>` mounts a
 * `<parley-chat>` at the end of the body, configured by the tag's `data-*` attributes.
 */
import { widgetScripts } from './script-origin.ts';

/** Tags already turned into a widget, so loading the bundle twice mounts nothing twice. */
const MOUNTED = 'data-parley-mounted';

export function mountFromScript(script: HTMLScriptElement): Element | null {
  const agent = script.dataset.agent;
  if (!agent || script.hasAttribute(MOUNTED)) return null;
  script.setAttribute(MOUNTED, '');
  const doc = script.ownerDocument;
  const element = doc.createElement('parley-chat');
  element.setAttribute('agent', agent);
  element.setAttribute('server', script.dataset.server || new URL(script.src, location.href).origin);
  for (const name of ['mode', 'lang', 'title', 'context', 'visitor'] as const) {
    const value = script.dataset[name];
    if (value) element.setAttribute(name, value);
  }
  if (script.dataset.open !== undefined && script.dataset.open !== 'false') element.setAttribute('open', '');
  const mount = () => doc.body.append(element);
  // A tag in <head> runs before <body> exists.
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount, { once: true });
  return element;
}

/**
 * Mounts a widget for the tag running now, and for any other widget tag the page has
 * not mounted yet (async or module tags, where `currentScript` is unknown).
 */
export function mountFromScripts(current: HTMLScriptElement | null, doc: Document = document): void {
  if (current) mountFromScript(current);
  for (const script of widgetScripts(doc)) mountFromScript(script);
}
