/**
 * The visitor's text box and send button, in a visible box. Enter sends, Shift+Enter
 * starts a new line. While an earlier message is being edited, a bar above says so and
 * offers Cancel (Escape does the same).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n.ts';
import { icon } from '../icons.ts';

export interface ComposerProps {
  draft: string;
  /** Sending is held while a turn runs; typing never is. */
  canSend: boolean;
  /** An earlier message is being edited: sending replaces it. */
  editing: boolean;
  onInput(value: string): void;
  onSend(text: string): void;
  onCancelEdit(): void;
}

export function composerView(p: ComposerProps, s: Strings): TemplateResult {
  const submit = (event: Event) => {
    event.preventDefault();
    // The text box itself is the truth: a render may not have caught up with typing yet.
    const input = event.currentTarget instanceof Element ? event.currentTarget.closest('form')?.querySelector('textarea') : null;
    const text = input?.value ?? p.draft;
    if (!p.canSend || !text.trim()) return;
    p.onSend(text);
    if (input) input.value = '';
  };
  const keydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
    else if (event.key === 'Escape' && p.editing) {
      event.stopPropagation();
      p.onCancelEdit();
    }
  };
  return html`<form class="composer" part="composer" @submit=${submit}>
    ${p.editing
      ? html`<div class="editing">${s.editing}<button type="button" class="link-button" part="button cancel-edit-button" @click=${p.onCancelEdit}>${s.cancel}</button></div>`
      : nothing}
    <div class="field">
      <textarea
        part="input"
        rows="1"
        dir=${p.draft ? 'auto' : nothing}
        aria-label=${p.editing ? s.editing : s.input}
        placeholder=${s.placeholder}
        maxlength="8000"
        enterkeyhint="send"
        .value=${p.draft}
        @input=${(event: InputEvent) => event.target instanceof HTMLTextAreaElement && p.onInput(event.target.value)}
        @keydown=${keydown}
      ></textarea>
      <button class="icon-button send" part="button send-button" aria-label=${s.send} title=${s.send} ?disabled=${!p.canSend || !p.draft.trim()}>${icon('send', 'flip')}</button>
    </div>
  </form>`;
}
