/** One entry of the transcript: a message (with retry or feedback controls) or a note. */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { isMessage } from '../conversation-log.ts';
import type { Strings } from '../i18n.ts';
import { icon } from '../icons.ts';
import { renderMarkdown } from '../markdown.ts';
import type { LogEntry, UiMessage } from '../types.ts';

export interface MessageActions {
  retry(key: string): void;
  rate(key: string, rating: 'up' | 'down'): void;
}

/**
 * `latest`: the agent's newest message, which offers thumbs up/down; older ones only
 * show a rating already given, so the transcript does not fill with buttons.
 */
// The bubble keeps the page's direction (its tail points at the speaker); the text in
// it takes its own (`dir="auto"`), so English in an Arabic widget reads correctly.
export function entryView(entry: LogEntry, s: Strings, actions: MessageActions, latest: boolean): TemplateResult {
  if (!isMessage(entry)) return html`<p class="note" part="note">${s[entry.note]}</p>`;
  const kind = entry.author === 'operator' ? 'operator' : entry.role === 'user' ? 'user' : 'agent';
  const who = kind === 'user' ? s.you : s[kind];
  // Every keystroke and streamed delta re-renders the transcript: only a message whose
  // text changed is lexed again.
  const content = entry.role === 'user' ? entry.content : guard([entry.content], () => renderMarkdown(entry.content));
  return html`<div class="msg ${kind} ${entry.state}" part="message message-${kind}" aria-busy=${entry.state === 'streaming' ? 'true' : 'false'}>
    ${kind === 'operator' ? html`<span class="author" aria-hidden="true">${s.operator}</span>` : nothing}
    <div class="bubble-text" part="bubble"><bdi class="sr-only">${who}: </bdi><div class="content ${entry.role === 'user' ? 'plain' : 'md'}" dir="auto">${content}</div></div>
    ${entry.state === 'failed' ? failed(entry, s, actions) : nothing}
    ${(latest && (entry.index ?? 0) > 0) || entry.rating ? feedback(entry, s, actions) : nothing}
  </div>`;
}

function failed(message: UiMessage, s: Strings, actions: MessageActions): TemplateResult {
  return html`<div class="status-line">
    ${s.failed}
    <button type="button" class="link-button" part="button retry-button" @click=${() => actions.retry(message.key)}>${icon('retry')}${s.retry}</button>
  </div>`;
}

function feedback(message: UiMessage, s: Strings, actions: MessageActions): TemplateResult {
  const button = (rating: 'up' | 'down') =>
    html`<button type="button" class=${rating} part="button feedback-button" aria-label=${s[rating]} title=${s[rating]} aria-pressed=${message.rating === rating ? 'true' : 'false'} @click=${() => actions.rate(message.key, rating)}>
      ${icon('thumb')}
    </button>`;
  return html`<div class="feedback">${button('up')}${button('down')}</div>`;
}
