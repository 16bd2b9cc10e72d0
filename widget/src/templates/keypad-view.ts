/** The keypad shown for a gather prompt; digits can also be typed on a keyboard. */
import { html, type TemplateResult } from 'lit';
import type { Strings } from '../i18n.ts';
import { icon } from '../icons.ts';
import { KEYPAD_KEYS } from '../keypad-controller.ts';
import type { GatherView } from '../types.ts';

export function keypadView(g: GatherView, s: Strings, press: (key: string) => void, submit: () => void): TemplateResult {
  const keydown = (event: KeyboardEvent) => {
    if (KEYPAD_KEYS.some((k) => k === event.key)) press(event.key);
    else if (event.key === 'Backspace') press('back');
    else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) submit();
    else return;
    event.preventDefault();
  };
  return html`<div class="keypad" part="keypad" role="group" aria-label=${s.keypad} @keydown=${keydown}>
    <p class="keypad-prompt">${g.prompt}</p>
    <div class="keypad-digits" aria-live="polite">${g.digits || '\u00a0'}</div>
    <div class="keys">
      ${KEYPAD_KEYS.map((key) => html`<button type="button" class="key" part="button keypad-key" ?disabled=${g.submitting} @click=${() => press(key)}>${key}</button>`)}
    </div>
    <div class="keypad-actions">
      <button type="button" class="link-button" part="button" aria-label=${s.keypadDelete} ?disabled=${g.submitting || !g.digits} @click=${() => press('back')}>${icon('back', 'flip')}</button>
      <button type="button" class="primary" part="button keypad-submit" ?disabled=${g.submitting || !g.digits} @click=${submit}>${s.keypadSend}</button>
    </div>
  </div>`;
}
