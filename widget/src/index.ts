/**
 * The widget bundle's entry: defines `<parley-chat>` (once, however often the script
 * is loaded), installs `window.Parley`, and mounts the widget a script tag asks for.
 */
import { installParleyApi } from './global-api.ts';
import { ParleyChat } from './parley-chat.ts';
import { loaderScript } from './script-origin.ts';
import { mountFromScripts } from './script-embed.ts';

export const VERSION = '0.1.0';

if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyChat);
installParleyApi(VERSION);
mountFromScripts(loaderScript);

export { ParleyChat };
export { createParleyApi, type ParleyApi } from './global-api.ts';
export type { ParleyEventDetails, ParleyEventName, PublicMessage, WidgetMode } from './types.ts';

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyChat;
  }
}
