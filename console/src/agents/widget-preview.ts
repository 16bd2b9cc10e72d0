/**
 * `<pc-widget-preview>`: the real widget — the server's `/widget.js`, the bundle sites
 * embed, not a lookalike — inline, under the settings being edited. Each change mounts a
 * fresh `<parley-chat>` whose `fetcher` is the preview's stand-in server
 * (`preview-backend.ts`), so the widget reads the edited theme as its `widget-config`.
 * Loading a same-origin script and the widget's constructed stylesheets are what the
 * console's strict CSP allows.
 */
import { LitElement, css, html } from 'lit';
import type { WidgetConfig } from '../../../shared/api/text-chat-api.ts';
import { previewFetch, type PreviewFetch } from './preview-backend.ts';

/** What the preview shows: the widget's public settings and the agent's opening text. */
export interface PreviewSettings {
  config: WidgetConfig;
  opening: string;
}

type ParleyChatElement = HTMLElement & { fetcher: PreviewFetch; storage: null };

let widgetScript: Promise<void> | undefined;

/** Adds `/widget.js` to the page once; resolves when `<parley-chat>` is defined. */
export function loadWidget(doc: Document = document): Promise<void> {
  if (customElements.get('parley-chat')) return Promise.resolve();
  widgetScript ??= new Promise<void>((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => {
      widgetScript = undefined;
      reject(new Error('The widget script (/widget.js) did not load'));
    }, { once: true });
    doc.head.append(script);
  }).then(() => customElements.whenDefined('parley-chat').then(() => undefined));
  return widgetScript;
}

export class WidgetPreview extends LitElement {
  static override styles = css`
    :host { display: block; }
    .frame { height: 520px; border: 1px dashed var(--pc-border); border-radius: var(--pc-radius); overflow: hidden; background: #f6f7f9; }
    .problem { color: var(--pc-danger, #b42318); }
  `;
  static override properties = { settings: { attribute: false }, problem: { state: true } };

  declare settings: PreviewSettings | undefined;
  declare problem: string | null;
  /** How the widget bundle gets onto the page; component tests replace it. */
  load: () => Promise<void> = () => loadWidget();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.problem = null;
  }

  override render() {
    return html`<div class="frame" role="region" aria-label="Widget preview"></div>${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : ''}`;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('settings')) return;
    // Typing changes the settings on every key: mount once the typing pauses.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.mount(), 150);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async mount(): Promise<void> {
    const settings = this.settings;
    const frame = this.renderRoot.querySelector('.frame');
    if (!settings || !frame) return;
    try {
      await this.load();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return;
    }
    this.problem = null;
    const widget = document.createElement('parley-chat') as ParleyChatElement;
    widget.fetcher = previewFetch(settings.config, settings.opening);
    widget.storage = null;
    widget.setAttribute('mode', 'inline');
    widget.setAttribute('server', location.origin);
    widget.setAttribute('agent', settings.config.agent_id);
    widget.setAttribute('lang', settings.config.language);
    frame.replaceChildren(widget);
  }
}

customElements.define('pc-widget-preview', WidgetPreview);
