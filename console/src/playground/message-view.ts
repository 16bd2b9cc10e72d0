/**
 * One message of the playground's transcript. An agent's message shows what its turn did,
 * as the run answers it (`turn`): the node it ended in, the tool calls with their arguments
 * and results, the latency figures and tokens. It offers "Rewind here" when the current
 * branch can return to it, and "Continue from here" on a message of another branch.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageTurn, RunMessage } from '../../../shared/api/text-chat-api.ts';
import { formatMs, pretty } from '../ui/format.ts';

export interface MessageActions {
  /** Set when the current branch can rewind to this message. */
  rewind?: (() => void) | undefined;
  /** Set on a message of a branch that is not current: a new branch continues from it. */
  continueFrom?: (() => void) | undefined;
  /** Set when the message offers choices the visitor can pick. */
  choose?: ((choice: string) => void) | undefined;
}

/** `LLM 1.2 s (first token 300 ms) · tools 40 ms · server 5 ms · 120 + 30 tokens` */
export function turnFigures(turn: MessageTurn): string {
  const { latency, usage } = turn;
  const tokens = usage.prompt_tokens + usage.completion_tokens;
  return [
    latency.llm_total_ms !== null ? `LLM ${formatMs(latency.llm_total_ms)}${latency.llm_ttfb_ms !== null ? ` (first token ${formatMs(latency.llm_ttfb_ms)})` : ''}` : 'no LLM call',
    latency.tool_ms !== null ? `tools ${formatMs(latency.tool_ms)}` : '',
    latency.server_ms !== null ? `server ${formatMs(latency.server_ms)}` : '',
    tokens > 0 ? `${usage.prompt_tokens} + ${usage.completion_tokens} tokens` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function turnLine(turn: MessageTurn | undefined): TemplateResult | typeof nothing {
  if (!turn) return nothing;
  return html`<p class="meta">${turn.node !== null ? html`<span class="badge node" title="The node the turn ended in">${turn.node}</span> ` : nothing}${turnFigures(turn)}</p>`;
}

function toolCalls(turn: MessageTurn | undefined) {
  const calls = turn?.tool_calls ?? [];
  if (calls.length === 0) return nothing;
  return html`<details class="tools">
    <summary>${calls.length} tool call${calls.length === 1 ? '' : 's'}: ${calls.map((c) => c.name).join(', ')}</summary>
    ${calls.map(
      (call) => html`<div class="tool-call">
        <strong>${call.name}</strong> <span class="muted">${call.kind === 'exit' ? 'exit' : 'tool'} · ${formatMs(call.duration_ms)}</span>
        <div class="kv"><span class="k">arguments</span><pre>${pretty(call.arguments)}</pre></div>
        ${call.error !== undefined ? html`<div class="kv"><span class="k">error</span><pre class="error">${call.error}</pre></div>` : html`<div class="kv"><span class="k">result</span><pre>${pretty(call.result)}</pre></div>`}
      </div>`,
    )}
  </details>`;
}

function actionButton(label: string, index: number, act: () => void) {
  const id = `m${index}`;
  return html`<button type="button" class="small rewind" @click=${act} aria-describedby=${id}>${label}</button><span id=${id} class="visually-hidden">at message ${index}</span>`;
}

export function messageView(message: RunMessage, actions: MessageActions = {}) {
  if (message.role === 'user') {
    return html`<li class="msg user" aria-label=${`Visitor, message ${message.index}`}><div class="bubble">${message.content}</div></li>`;
  }
  const who = message.author === 'operator' ? 'Operator' : 'Agent';
  return html`<li class="msg assistant" aria-label=${`${who}, message ${message.index}`}>
    <div class="bubble">${message.content || html`<span class="muted">(no text)</span>`}</div>
    ${message.choices?.length
      ? html`<div class="choices">${message.choices.map((choice) => (actions.choose ? html`<button type="button" class="small" @click=${() => actions.choose?.(choice)}>${choice}</button>` : html`<span class="badge">${choice}</span>`))}</div>`
      : nothing}
    ${turnLine(message.turn)} ${toolCalls(message.turn)}
    ${actions.rewind ? actionButton('Rewind here', message.index, actions.rewind) : nothing}
    ${actions.continueFrom ? actionButton('Continue from here', message.index, actions.continueFrom) : nothing}
  </li>`;
}
