/**
 * The "State" panel: after each assistant message of the branch on screen, the workflow's
 * node and variables (the message's `state`, from the run) and what changed since the
 * message before.
 */
import { html, nothing } from 'lit';
import type { RunResponse } from '../../../shared/api/text-chat-api.ts';
import { pretty } from '../ui/format.ts';
import { diffVariables, type VariableChange } from './variable-diff.ts';

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

function change(c: VariableChange) {
  const what =
    c.kind === 'added'
      ? html`set to <code>${short(c.after)}</code>`
      : c.kind === 'removed'
        ? html`removed (was <code>${short(c.before)}</code>)`
        : html`<code>${short(c.before)}</code> → <code>${short(c.after)}</code>`;
  return html`<li class="c-${c.kind}"><code>${c.path}</code> ${what}</li>`;
}

export function stateView(shown: RunResponse) {
  let previous: { node: string; variables: Record<string, unknown> } | null = null;
  const rows = shown.messages
    .filter((m) => m.role === 'assistant')
    .map((message) => {
      const state = message.state ?? null;
      const changes = state ? diffVariables(previous?.variables ?? {}, state.variables) : [];
      const moved = state !== null && previous !== null && previous.node !== state.node;
      const before = previous;
      if (state) previous = state;
      return html`<li class="state-row" aria-label=${`State after message ${message.index}`}>
        <h4>After message ${message.index}${state ? html` · node <code>${state.node}</code>` : nothing}</h4>
        ${state === null
          ? html`<p class="muted">No workflow state is stored with this message (an operator's reply).</p>`
          : html`${moved && before ? html`<p class="node-change">node <code>${before.node}</code> → <code>${state.node}</code></p>` : nothing}
              ${changes.length === 0 ? html`<p class="muted">No variable changed.</p>` : html`<ul class="changes">${changes.map(change)}</ul>`}
              <details><summary>All variables</summary><pre>${pretty(state.variables)}</pre></details>`}
      </li>`;
    });
  return rows.length ? html`<ol class="state">${rows}</ol>` : nothing;
}
