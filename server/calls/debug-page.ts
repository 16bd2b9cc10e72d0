/**
 * The debug log as a page a person can read in a browser: plain HTML, every value
 * escaped, no scripts, styles inline under a CSP that allows nothing else.
 */
import type { DebugLog, DebugTurn } from '../../shared/api/calls-api.ts';
import type { AnswerRecord } from '../../shared/api/turn-answer.ts';
import { escapeHtml } from '../../shared/escape-html.ts';

export const DEBUG_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** The turn's LLM status in words: "unavailable" is why a reply was an `llm` node's fallback text. */
const LLM_STATUS: Record<NonNullable<DebugTurn['llm']>, string> = {
  not_used: 'LLM not used',
  ok: 'LLM ok',
  unavailable: 'LLM unavailable (none configured: fallback text)',
  error: 'LLM error',
};
/** How the answer before this message was read: "Answer to claim_type: picked “Home damage” (matched “flood”), saved claim_type = "home"". */
function renderAnswer(answer: AnswerRecord | undefined): string {
  if (answer === undefined) return '';
  const parts = [`Answer to ${escapeHtml(answer.node)}: ${answer.outcome}`];
  if (answer.choice) parts.push(`picked “${escapeHtml(answer.choice.label)}” (matched “${escapeHtml(answer.choice.matched)}” by ${answer.choice.by})`);
  if (answer.candidates) parts.push(`named ${answer.candidates.map((label) => `“${escapeHtml(label)}”`).join(', ')}`);
  for (const [path, value] of Object.entries(answer.saved ?? {})) parts.push(`saved ${escapeHtml(path)} = ${escapeHtml(JSON.stringify(value))}`);
  return `<p class="answer">${parts.join(' · ')}</p>`;
}

/** The numbered passages a grounded answer cites, each linked to its document when it has a URL. */
function renderSources(sources: DebugTurn['sources']): string {
  if (!sources?.length) return '';
  const items = sources.map((source) => {
    const title = source.url === null ? escapeHtml(source.title) : `<a href="${escapeHtml(source.url)}" rel="noreferrer noopener">${escapeHtml(source.title)}</a>`;
    return `<li>[${source.index}] ${title}<blockquote>${escapeHtml(source.quote)}</blockquote></li>`;
  });
  return `<ol class="sources" aria-label="Sources">${items.join('')}</ol>`;
}

function renderTurn(turn: DebugTurn): string {
  const figures =
    turn.role === 'assistant' && turn.author !== 'operator'
      ? `<p class="figures">${turn.llm === null ? '' : `<span class="llm-${turn.llm}">${LLM_STATUS[turn.llm]}</span> · `}LLM first token ${ms(turn.llm_ttfb_ms)} · LLM total ${ms(turn.llm_total_ms)} · tools ${ms(turn.tool_ms)} · server ${ms(turn.server_ms)}</p>`
      : '';
  const tools = turn.tool_calls
    .map(
      (call) =>
        `<details class="tool"><summary>${escapeHtml(call.name)} · ${ms(call.ms)}${call.error ? ` · error: ${escapeHtml(call.error)}` : ''}</summary>` +
        `<pre>${escapeHtml(JSON.stringify({ arguments: call.arguments, result: call.result }, null, 2))}</pre></details>`,
    )
    .join('');
  return (
    `<li class="${turn.role}"><p class="who">#${turn.index} ${escapeHtml(turn.author)} <time>${escapeHtml(turn.timestamp)}</time></p>` +
    `${renderAnswer(turn.answer)}${tools}<p class="text">${escapeHtml(turn.content)}</p>${renderSources(turn.sources)}${figures}</li>`
  );
}

export function renderDebugPage(log: DebugLog): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Call ${escapeHtml(log.call_id)} · Parley debug log</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#57606a}
ol{list-style:none;padding:0}li{border:1px solid #d0d7de;border-radius:8px;padding:.5rem .75rem;margin:.5rem 0}
li.user{background:#f6f8fa}.who{margin:0;color:#57606a;font-size:13px}.text{white-space:pre-wrap;margin:.25rem 0}
.sources{font-size:13px;margin:.25rem 0}.sources li{border:0;padding:0;margin:.25rem 0}blockquote{margin:0 0 0 1rem;color:#57606a}
.figures,.answer{margin:0;color:#57606a;font-size:13px}.llm-unavailable,.llm-error{color:#9a3412;font-weight:600}pre{overflow:auto;font-size:12px;background:#f6f8fa;padding:.5rem}
</style></head><body>
<h1>Call ${escapeHtml(log.call_id)}</h1>
<dl><dt>Status</dt><dd>${escapeHtml(log.status)}</dd><dt>Started</dt><dd>${escapeHtml(log.started_at)}</dd>
<dt>Ended</dt><dd>${escapeHtml(log.ended_at ?? '–')}</dd><dt>Duration</dt><dd>${log.duration_seconds} s</dd></dl>
<p>E-mail addresses and phone numbers are masked.</p>
<ol>${log.turns.map(renderTurn).join('\n')}</ol>
</body></html>`;
}
