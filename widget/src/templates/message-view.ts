/**
 * One entry of the transcript: a message (with its speaker and time, the sources an
 * answer cites, retry, edit or feedback controls) or a note. Consecutive messages of one speaker form a group: the
 * name shows above the first, the time under the last (and under any other on hover or
 * focus).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { isMessage } from '../conversation-log.ts';
import type { Strings } from '../i18n.ts';
import { icon } from '../icons.ts';
import { renderMarkdown } from '../markdown.ts';
import type { LogEntry, Source, UiMessage } from '../types.ts';

export interface MessageActions {
  retry(key: string): void;
  rate(key: string, rating: 'up' | 'down'): void;
  /** Starts editing one of the visitor's messages; absent where editing is not allowed. */
  edit?: ((key: string) => void) | undefined;
}

export interface EntryContext {
  s: Strings;
  lang: string;
  /** The agent's name, above its groups. */
  agentName: string;
  /** The server the widget talks to: operator avatars are shown only from there (CSP, privacy). */
  server: string;
  actions: MessageActions;
  /** The agent's newest answer, which offers thumbs up/down. */
  latest: UiMessage | null;
}

/** Where the message sits in its group. */
export interface GroupPlace {
  first: boolean;
  last: boolean;
}

/**
 * The latest answer offers thumbs up/down; older ones only show a rating already given,
 * so the transcript does not fill with buttons.
 */
// The bubble keeps the page's direction (its tail points at the speaker); the text in
// it takes its own (`dir="auto"`), so English in an Arabic widget reads correctly.
export function entryView(entry: LogEntry, c: EntryContext, place: GroupPlace): TemplateResult {
  const { s, actions } = c;
  if (!isMessage(entry)) return html`<p class="note" part="note">${s[entry.note]}</p>`;
  const kind = entry.author === 'operator' ? 'operator' : entry.role === 'user' ? 'user' : 'agent';
  // Screen readers hear the role before each message; the eye sees a name above each group.
  const who = kind === 'user' ? s.you : kind === 'operator' ? (entry.authorName ?? s.operator) : s.agent;
  const name = kind === 'agent' ? c.agentName : who;
  // Every keystroke and streamed delta re-renders the transcript: only a message whose
  // text changed is lexed again.
  const content = entry.role === 'user' ? entry.content : guard([entry.content], () => renderMarkdown(entry.content));
  const edit = kind === 'user' && entry.state === 'sent' && entry.index !== null ? actions.edit : undefined;
  return html`<div
    class="msg ${kind} ${entry.state} ${place.first ? 'first' : ''} ${place.last ? 'last' : ''}"
    part="message message-${kind}"
    aria-busy=${entry.state === 'streaming' ? 'true' : 'false'}
  >
    ${place.first && kind !== 'user' ? html`<span class="author" aria-hidden="true">${avatar(entry, name, c.server)}${name}</span>` : nothing}
    <div class="bubble-text" part="bubble"><bdi class="sr-only">${who}: </bdi><div class="content ${entry.role === 'user' ? 'plain' : 'md'}" dir="auto">${content}</div></div>
    ${entry.sources ? sourcesView(entry.sources, s.sources) : nothing}
    ${entry.state === 'failed' ? failed(entry, s, actions) : nothing}
    <div class="meta">
      ${entry.state === 'sent' ? timeOf(entry.time, c.lang) : nothing}
      ${edit ? html`<button type="button" class="edit" part="button edit-button" aria-label=${s.edit} title=${s.edit} @click=${() => edit(entry.key)}>${icon('edit')}</button>` : nothing}
      ${entry === c.latest || entry.rating ? feedback(entry, s, actions) : nothing}
    </div>
  </div>`;
}

/**
 * An operator's picture, only from the Parley server itself (the page's CSP allows it,
 * nothing leaks elsewhere); else their initials. The agent has the panel's header.
 */
function avatar(message: UiMessage, name: string, server: string): TemplateResult | typeof nothing {
  if (message.author !== 'operator') return nothing;
  try {
    const url = new URL(message.authorAvatar ?? '', server);
    if (message.authorAvatar && url.origin === new URL(server).origin) return html`<img class="face" src=${url.href} alt="" />`;
  } catch {
    // Not a URL: the initials stand in.
  }
  return face(name);
}

/**
 * Up to two initials of a name ("Rosa Diaz" → "RD"), in a circle. Drawn by CSS from an
 * attribute: a picture, not text, so the name beside it reads (and copies) alone.
 */
export const face = (name: string): TemplateResult =>
  html`<span class="face" data-initials=${name.trim().split(/\s+/).slice(0, 2).map((word) => [...word][0]?.toUpperCase()).join('')}></span>`;

/**
 * The numbered references under an answer, as its text cites them (`[1]`): each opens to
 * the quoted passage and, when the source has an address, a link to it. A disclosure, not
 * a tooltip, so touch, keyboard and screen-reader users reach the quote too.
 */
function sourcesView(sources: Source[], label: string): TemplateResult {
  return html`<ol class="sources" part="sources" aria-label=${label}>
    ${sources.map(
      ({ index, title, url, quote }) =>
        html`<li><details><summary>[${index}] ${title}</summary><q dir="auto">${quote}</q>${url ? html` <a href=${url} target="_blank" rel="noopener noreferrer">${new URL(url).host}</a>` : nothing}</details></li>`,
    )}
  </ol>`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The time of day (and the date, for another day), in the widget's language. */
function timeOf(iso: string, lang: string): TemplateResult | typeof nothing {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return nothing;
  const today = date.toDateString() === new Date().toDateString();
  const key = `${lang}${today}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, today ? { hour: 'numeric', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    formats.set(key, format);
  }
  return html`<time class="time" datetime=${iso}>${format.format(date)}</time>`;
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
