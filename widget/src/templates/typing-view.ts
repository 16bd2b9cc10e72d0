/**
 * Someone is writing to the visitor: the agent, while its reply is on the way, or the
 * person who has the conversation. Dots in the transcript (under the operator's face and
 * name), words in the status region.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../i18n.ts';
import { face } from './message-view.ts';

export interface Typing {
  /** The agent's reply is on its way. */
  waiting: boolean;
  /** Who is writing to the visitor ('' when the operator has no name), or null. */
  operator: string | null;
}

/** The name of the person writing to the visitor, or '' when nobody is. */
function operatorName(typing: Typing, s: Strings): string {
  return typing.operator === null ? '' : typing.operator || s.operator;
}

export function typingView(typing: Typing, s: Strings): TemplateResult | typeof nothing {
  if (typing.waiting) return html`<div class="typing" part="typing" aria-hidden="true"><i></i><i></i><i></i></div>`;
  const name = operatorName(typing, s);
  return !name ? nothing : html`<div class="msg operator first" aria-hidden="true"><span class="author">${face(name)}${name}</span><div class="typing" part="typing"><i></i><i></i><i></i></div></div>`;
}

/** What the status region says about typing, '' when nobody is. */
export function typingText(typing: Typing, s: Strings): string {
  const name = operatorName(typing, s);
  return typing.waiting ? s.typing : name && s.operatorTyping.replace('{name}', name);
}
