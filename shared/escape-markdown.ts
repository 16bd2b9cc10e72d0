/**
 * Backslash-escaping for text that must stay text inside markdown: a visitor's answer
 * rendered into the agent's reply, which the widget renders as markdown. Without it,
 * an answer `[phish](https://evil.example/login)` echoed by `Thanks {{name}}` would be a
 * link in the agent's own bubble.
 *
 * Escapes what the widget's lexer (widget/src/markdown-lexer.ts) reads as markup, with the
 * backslash escapes it honours (any ASCII punctuation, as in CommonMark):
 * - anywhere: `\` `` ` `` `*` `_` `~` (code, emphasis, fences), `[` `]` (links, images,
 *   tasks), `<` `>` (autolinks, quotes), `|` (tables), and the colon of `http://` and
 *   `https://` (bare URLs become links);
 * - at the start of the value and of each of its lines, when a space, the line's end or
 *   another marker follows: `#` `+` `-` `=` `:` (headings, list items, rules, table rules)
 *   and the `.` or `)` after a number (ordered lists).
 * Other punctuation stays as typed (`+1 (555) 123-4567`, `ada@example.com`, `#1`, `3.5`),
 * so the text reads the same to an API client that shows it raw.
 */
const INLINE = /[\\`*_~[\]<>|]/g;
const URL_SCHEME = /(https?):(?=\/\/)/gi;
const LINE_MARKER = /^([ \t]*)([#+=:-])(?=[ \t#+=:|-]|$)/gm;
const ORDERED_MARKER = /^([ \t]*\d+)([.)])(?=[ \t]|$)/gm;

/**
 * @example escapeMarkdown('[phish](https://evil.example/login)')
 * // '\\[phish\\](https\\://evil.example/login)'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, '\\$&')
    .replace(URL_SCHEME, '$1\\:')
    .replace(LINE_MARKER, '$1\\$2')
    .replace(ORDERED_MARKER, '$1\\$2');
}
