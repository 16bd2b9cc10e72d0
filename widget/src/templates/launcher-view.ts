/** The round launcher button (with the unread badge) and the welcome teaser above it. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n.ts';
import { icon } from '../icons.ts';

export interface LauncherProps {
  opened: boolean;
  unread: number;
  /** The agent's welcome text, while the visitor has not opened or dismissed it. */
  teaser: string | null;
  onToggle(): void;
  onDismissTeaser(): void;
}

export function launcherView(p: LauncherProps, s: Strings): TemplateResult {
  const unread = p.unread > 0 ? s.unread.replace('{n}', String(p.unread)) : '';
  const label = p.opened ? s.close : unread ? `${s.open}, ${unread}` : s.open;
  return html`${p.teaser
      ? html`<div class="teaser" part="teaser">
          <button type="button" class="teaser-text" dir="auto" @click=${p.onToggle}>${p.teaser}</button>
          <button type="button" class="icon-button" part="button teaser-close" aria-label=${s.dismiss} title=${s.dismiss} @click=${p.onDismissTeaser}>${icon('close')}</button>
        </div>`
      : nothing}
    <button type="button" class="launcher" part="launcher" aria-label=${label} aria-expanded=${p.opened ? 'true' : 'false'} aria-controls="panel" @click=${p.onToggle}>
      ${icon(p.opened ? 'close' : 'chat')}
      ${unread ? html`<span class="badge" part="badge" aria-hidden="true">${p.unread > 99 ? '99+' : p.unread}</span>` : nothing}
    </button>`;
}
