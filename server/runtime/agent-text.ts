/**
 * Texts the visitor reads as the agent's own (say, ask, retry, tool, transfer and end
 * texts, the first message) are markdown, rendered by the widget. The template is the
 * agent author's and keeps its markdown; the variables rendered into it are not (a
 * visitor's answer, a tool result, an API caller's initial context), so they are escaped:
 * an answer `[phish](https://evil.example/login)` echoed back stays text, not a link.
 */
import { escapeMarkdown } from '../../shared/escape-markdown.ts';
import { renderTemplate } from '../../shared/template.ts';

/**
 * @example renderAgentText('Thanks **{{name}}**!', { name: '[x](https://e.example)' })
 * // 'Thanks **\\[x\\](https\\://e.example)**!'
 */
export function renderAgentText(template: string, variables: unknown): string {
  return renderTemplate(template, variables, { escape: escapeMarkdown });
}
