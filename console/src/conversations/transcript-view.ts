/** A transcript as an ordered list: messages with their feedback, each tool call in place before the message it led to. */
import { html, nothing } from 'lit';
import type { TranscriptEntry } from '../../../shared/api/calls-api.ts';
import { formatMs, pretty } from '../ui/format.ts';

const WHO = { user: 'Visitor', agent: 'Agent', operator: 'Operator' } as const;

export function transcriptView(entries: readonly TranscriptEntry[], label: string) {
  if (entries.length === 0) return html`<p class="muted">No messages.</p>`;
  return html`<ol class="transcript" aria-label=${label}>
    ${entries.map((entry) =>
      entry.type === 'tool_call'
        ? html`<li class="tool">
            <strong>${entry.kind === 'exit' ? 'Exit' : 'Tool'} ${entry.name}</strong> <span class="muted">${formatMs(entry.duration_ms)}</span>
            <pre>arguments: ${pretty(entry.arguments)}</pre>
            ${entry.error !== undefined ? html`<pre class="error">error: ${entry.error}</pre>` : html`<pre>result: ${pretty(entry.result)}</pre>`}
          </li>`
        : html`<li class="message ${entry.role}">
            <span class="who">${entry.author_name ?? WHO[entry.author]} · #${entry.index}${entry.kind ? ` · ${entry.kind}` : ''}</span> <span class="text">${entry.content}</span>
            ${entry.feedback
              ? html`<span class="who">Visitor feedback: ${entry.feedback.rating === 'up' ? 'thumbs up' : 'thumbs down'}${entry.feedback.comment ? ` — “${entry.feedback.comment}”` : nothing}</span>`
              : nothing}
          </li>`,
    )}
  </ol>`;
}
