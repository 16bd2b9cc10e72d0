/** Stroke icons (24×24), decorative: every button that shows one has a name of its own. */
import { html, type TemplateResult } from 'lit';

export const ICONS = {
  chat: 'M21 12a8.5 8.5 0 0 1-12.6 7.4L3 21l1.6-5.4A8.5 8.5 0 1 1 21 12z',
  close: 'M6 6l12 12M18 6L6 18',
  send: 'M5 12h13M12 5l7 7-7 7',
  restart: 'M4 12a8 8 0 1 0 2.6-5.9M4 4v4.5h4.5',
  thumb: 'M7 10v10H4V10zm0 0l4-7a2.3 2.3 0 0 1 3.4 2.4L13.7 9H19a2 2 0 0 1 2 2.4l-1.5 7A2 2 0 0 1 17.6 20H7',
  retry: 'M20 12a8 8 0 1 1-2.6-5.9M20 4v4.5h-4.5',
  back: 'M9 5h11v14H9l-6-7zm3 4l5 6m0-6l-5 6',
  edit: 'M4 20h4L19 9l-4-4L4 16zm10-14l4 4',
} as const;

export function icon(name: keyof typeof ICONS, className = ''): TemplateResult {
  return html`<svg class="icon ${className}" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${ICONS[name]} /></svg>`;
}
