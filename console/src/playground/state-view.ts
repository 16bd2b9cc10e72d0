/**
 * The "State" panel: after each assistant message of the branch on screen, the
 * workflow's variables and what changed since the message before.
 */
import { html, nothing } from 'lit';
import type { RunResponse } from '../../../shared/api/text-chat-api.ts';
import { pretty } from '../ui/format.ts';
import { diffVariables, type TurnDetailsStore } from './turn-details.ts';

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

export function stateView(shown: RunResponse, current: RunResponse, store: TurnDetailsStore) {
  let previous: Record<string, unknown> | null = null;
  const rows = shown.messages
    .filter((m) => m.role === 'assistant')
    .map((message) => {
      const variables = store.get(current.branches, shown.branch_id, message.index)?.variables ?? null;
      const changes = variables && previous ? diffVariables(previous, variables) : variables ? diffVariables({}, variables) : [];
      if (variables) previous = variables;
      return html`<li class="state-row">
        <h4>After message ${message.index}</h4>
        ${variables === null
          ? html`<p class="muted">Not recorded: this page did not see the session right after this message.</p>`
          : html`${changes.length === 0
                ? html`<p class="muted">No change.</p>`
                : html`<ul class="changes">${changes.map(
                    (c) => html`<li class="c-${c.kind}"><code>${c.path}</code> ${c.kind === 'added' ? html`set to <code>${short(c.after)}</code>` : c.kind === 'removed' ? html`removed (was <code>${short(c.before)}</code>)` : html`<code>${short(c.before)}</code> → <code>${short(c.after)}</code>`}</li>`,
                  )}</ul>`}
              <details><summary>All variables</summary><pre>${pretty(variables)}</pre></details>`}
      </li>`;
    });
  return rows.length ? html`<ol class="state">${rows}</ol>` : nothing;
}
