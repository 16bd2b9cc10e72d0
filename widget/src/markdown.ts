/**
 * Agent text as markdown, rendered to Lit templates from the lexer's tokens. Nothing
 * is ever parsed as HTML: raw HTML in the text shows as text, and only http(s) and
 * mailto links become links (new tab, `rel="noopener"`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { lexBlocks, type Block, type Inline } from './markdown-lexer.ts';

type Part = TemplateResult | string | typeof nothing | readonly Part[];

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/**
 * @example
 * html`<div class="md">${renderMarkdown('**Hi** [docs](https://example.com)')}</div>`
 */
export function renderMarkdown(source: string): Part {
  return lexBlocks(source).map((b) => block(b, false));
}

/** The absolute URL when it is safe to link to, otherwise null. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href, globalThis.location?.href);
    return SAFE_PROTOCOLS.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** `tight`: inside a tight list item, where a paragraph is just its text. */
function block(b: Block, tight: boolean): Part {
  switch (b.type) {
    case 'paragraph':
      return tight ? inline(b.children) : html`<p>${inline(b.children)}</p>`;
    case 'heading':
      // Headings inside a chat bubble would break the page's outline: bold text instead.
      return html`<p><strong>${inline(b.children)}</strong></p>`;
    case 'code':
      return html`<pre><code>${b.text}</code></pre>`;
    case 'quote':
      return html`<blockquote>${b.blocks.map((c) => block(c, false))}</blockquote>`;
    case 'list': {
      const items = b.items.map(
        (item) => html`<li>${item.task === null ? nothing : item.task ? '☑ ' : '☐ '}${item.blocks.map((c) => block(c, !b.loose))}</li>`,
      );
      return b.ordered ? html`<ol start=${b.start}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    case 'table':
      return html`<div class="table"><table>
        <thead><tr>${b.header.map((cell) => html`<th>${inline(cell)}</th>`)}</tr></thead>
        <tbody>${b.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${inline(cell)}</td>`)}</tr>`)}</tbody>
      </table></div>`;
    case 'hr':
      return html`<hr />`;
  }
}

function inline(tokens: readonly Inline[]): Part {
  return tokens.map(inlineToken);
}

function inlineToken(t: Inline): Part {
  switch (t.type) {
    case 'text':
      return t.text;
    case 'strong':
      return html`<strong>${inline(t.children)}</strong>`;
    case 'em':
      return html`<em>${inline(t.children)}</em>`;
    case 'del':
      return html`<del>${inline(t.children)}</del>`;
    case 'code':
      return html`<code>${t.text}</code>`;
    case 'br':
      return html`<br />`;
    case 'link': {
      const href = safeHref(t.href);
      return href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${inline(t.children)}</a>` : inline(t.children);
    }
    case 'image': {
      // No remote images (privacy, CSP): a link to it, or its description.
      const href = safeHref(t.href);
      const label = t.alt || t.href;
      return href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${label}</a>` : label;
    }
  }
}
