/**
 * Everything under the transcript: quick replies, the notice banner, and then the
 * composer, the keypad of a gather prompt, or the footer of an ended conversation.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n.ts';
import type { GatherView, Notice } from '../types.ts';
import { composerView } from './composer-view.ts';
import { keypadView } from './keypad-view.ts';

export interface ControlsProps {
  ended: boolean;
  /** The page may not use the agent: only the notice saying so. */
  refused: boolean;
  busy: boolean;
  editing: boolean;
  choices: string[];
  notice: Notice;
  prompt: GatherView | null;
  draft: string;
  onSend(text: string): void;
  /** A quick reply: sent as is, leaving any half-typed text in the box. */
  onChoice(text: string): void;
  onInput(value: string): void;
  onCancelEdit(): void;
  onRestart(): void;
  onKey(key: string): void;
  onKeypadSubmit(): void;
}

const NOTICE_KEYS = { error: 'error', 'rate-limited': 'rateLimited', unavailable: 'unavailable', offline: 'offline', 'edit-refused': 'editRefused' } as const;

export function noticeText(notice: Notice, s: Strings): string {
  return notice ? s[NOTICE_KEYS[notice]] : '';
}

export function controlsView(p: ControlsProps, s: Strings): TemplateResult {
  const notice = p.notice ? html`<div class="notice" part="notice">${noticeText(p.notice, s)}</div>` : nothing;
  if (p.refused) return html`${notice}`;
  if (p.ended) {
    return html`${notice}<div class="footer" part="footer">
        ${s.ended}<button type="button" class="primary" part="button restart-button" @click=${p.onRestart}>${s.newChat}</button>
      </div>`;
  }
  const choices = p.busy ? [] : p.choices;
  return html`${choices.length
      ? html`<div class="choices" part="quick-replies" role="group" aria-label=${s.suggestions}>
          ${choices.map((choice) => html`<button type="button" class="choice" part="button quick-reply" dir="auto" @click=${() => p.onChoice(choice)}>${choice}</button>`)}
        </div>`
      : nothing}
    ${notice}
    ${p.prompt
      ? keypadView(p.prompt, s, p.onKey, p.onKeypadSubmit)
      : composerView({ draft: p.draft, canSend: !p.busy, editing: p.editing, onInput: p.onInput, onSend: p.onSend, onCancelEdit: p.onCancelEdit }, s)}`;
}
