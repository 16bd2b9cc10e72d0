/**
 * One message of the playground's transcript. An assistant message shows what the turn
 * did: the tool calls with their arguments and results, and the latency figures; and it
 * offers "Rewind here" when the session can return to it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage } from '../../../shared/api/text-chat-api.ts';
import { formatMs, pretty } from '../ui/format.ts';
import type { TurnDetails } from './turn-details.ts';

export interface MessageActions {
  /** Set when the session can rewind to this message. */
  rewind?: (() => void) | undefined;
  /** Set when the message offers choices the visitor can pick. */
  choose?: ((choice: string) => void) | undefined;
}

function latencyLine(details: TurnDetails | undefined): TemplateResult | typeof nothing {
  const latency = details?.latency;
  if (!latency) return nothing;
  const parts = [
    latency.llm_total_ms !== null ? `LLM ${formatMs(latency.llm_total_ms)}${latency.llm_ttfb_ms !== null ? ` (first token ${formatMs(latency.llm_ttfb_ms)})` : ''}` : 'no LLM call',
    latency.tool_ms !== null ? `tools ${formatMs(latency.tool_ms)}` : '',
    latency.server_ms !== null ? `server ${formatMs(latency.server_ms)}` : '',
  ].filter(Boolean);
  return html`<p class="meta">${parts.join(' · ')}</p>`;
}

function toolCalls(details: TurnDetails | undefined) {
  const calls = details?.toolCalls ?? [];
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

export function messageView(message: ChatMessage, details: TurnDetails | undefined, actions: MessageActions = {}) {
  if (message.role === 'user') {
    return html`<li class="msg user" aria-label=${`Visitor, message ${message.index}`}><div class="bubble">${message.content}</div></li>`;
  }
  const who = message.author === 'operator' ? 'Operator' : 'Agent';
  return html`<li class="msg assistant" aria-label=${`${who}, message ${message.index}`}>
    <div class="bubble">${message.content || html`<span class="muted">(no text)</span>`}</div>
    ${message.choices?.length
      ? html`<div class="choices">${message.choices.map((choice) => (actions.choose ? html`<button type="button" class="small" @click=${() => actions.choose?.(choice)}>${choice}</button>` : html`<span class="badge">${choice}</span>`))}</div>`
      : nothing}
    ${latencyLine(details)} ${toolCalls(details)}
    ${actions.rewind ? html`<button type="button" class="small rewind" @click=${actions.rewind} aria-describedby=${`m${message.index}`}>Rewind here</button><span id=${`m${message.index}`} class="visually-hidden">to message ${message.index}</span>` : nothing}
  </li>`;
}
