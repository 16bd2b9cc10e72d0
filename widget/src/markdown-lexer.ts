/**
 * A small markdown lexer for chat replies: paragraphs, headings, lists (nested,
 * ordered, tasks), block quotes, fenced code, tables, rules; emphasis, strong,
 * strikethrough, code, links, autolinks and hard line breaks. It produces tokens only
 * — text stays text, raw HTML included — and `markdown.ts` renders them.
 *
 * Written for the widget instead of using `marked`, whose lexer alone would take a
 * third of the 30 KB budget; agent replies use a small part of CommonMark.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em' | 'del'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'image'; href: string; alt: string }
  | { type: 'br' };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'list'; ordered: boolean; start: number; loose: boolean; items: ListItem[] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { type: 'hr' };

export interface ListItem {
  task: boolean | null;
  blocks: Block[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_RULE = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;
const BLANK = /^\s*$/;

export function lexBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    let m: RegExpExecArray | null;
    if (BLANK.test(line)) {
      i++;
    } else if ((m = FENCE.exec(line))) {
      const fence = m[1] ?? '```';
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence); i++) body.push(lines[i] ?? '');
      i++;
      blocks.push({ type: 'code', text: body.join('\n') });
    } else if ((m = HEADING.exec(line))) {
      blocks.push({ type: 'heading', children: lexInline(m[2] ?? '') });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ type: 'hr' });
      i++;
    } else if (QUOTE.test(line)) {
      const body: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i++) body.push((lines[i] ?? '').replace(QUOTE, ''));
      blocks.push({ type: 'quote', blocks: lexBlocks(body.join('\n')) });
    } else if (ITEM.test(line)) {
      i = list(lines, i, blocks);
    } else if (line.includes('|') && TABLE_RULE.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const rows: Inline[][][] = [];
      const header = cells(line);
      for (i += 2; i < lines.length && (lines[i] ?? '').includes('|'); i++) rows.push(cells(lines[i] ?? ''));
      blocks.push({ type: 'table', header, rows });
    } else {
      const body: string[] = [];
      for (; i < lines.length && !BLANK.test(lines[i] ?? '') && (body.length === 0 || !startsBlock(lines[i] ?? '')); i++) body.push((lines[i] ?? '').trim());
      blocks.push({ type: 'paragraph', children: lexInline(body.join('\n')) });
    }
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line);
}

/** A run of items of one kind; an item's lines are those indented past its marker. */
function list(lines: string[], start: number, blocks: Block[]): number {
  const first = ITEM.exec(lines[start] ?? '');
  const ordered = /\d/.test(first?.[2] ?? '');
  const items: ListItem[] = [];
  let loose = false;
  let i = start;
  let m: RegExpExecArray | null;
  while (i < lines.length && (m = ITEM.exec(lines[i] ?? '')) && /\d/.test(m[2] ?? '') === ordered) {
    const indent = (m[1] ?? '').length + (m[2] ?? '').length + Math.min((m[3] ?? ' ').length || 1, 4);
    const body = [(lines[i] ?? '').slice(m[0].length)];
    for (i++; i < lines.length; i++) {
      const next = lines[i] ?? '';
      const indented = next.length - next.trimStart().length >= indent;
      if (BLANK.test(next)) {
        if (!indentedAfterBlank(lines, i, indent)) break;
        body.push('');
      } else if (indented) body.push(next.slice(indent));
      else if (body[body.length - 1] !== '' && !startsBlock(next)) body.push(next.trim());
      else break;
    }
    // A blank line between items makes the list loose (items become paragraphs).
    const next = BLANK.test(lines[i] ?? 'x') ? ITEM.exec(lines[i + 1] ?? '') : null;
    if (next && /\d/.test(next[2] ?? '') === ordered) {
      loose = true;
      i++;
    }
    const task = /^\[([ xX])\][ \t]+/.exec(body[0] ?? '');
    if (task) body[0] = (body[0] ?? '').slice(task[0].length);
    items.push({ task: task ? task[1] !== ' ' : null, blocks: lexBlocks(body.join('\n')) });
  }
  blocks.push({ type: 'list', ordered, start: ordered ? parseInt(first?.[2] ?? '1', 10) : 1, loose, items });
  return i;
}

function indentedAfterBlank(lines: string[], i: number, indent: number): boolean {
  let j = i;
  while (j < lines.length && BLANK.test(lines[j] ?? '')) j++;
  const next = lines[j] ?? '';
  return j < lines.length && next.length - next.trimStart().length >= indent;
}

function cells(line: string): Inline[][] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => lexInline(cell.trim().replace(/\\\|/g, '|')));
}

const ESCAPE = /\\([!-/:-@[-`{-~])/y;
const CODE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/y;
const LINK = /(!?)\[((?:\\.|[^\]\\])*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/y;
const AUTOLINK = /<(https?:\/\/[^\s<>]+|mailto:[^\s<>]+)>/y;
const BARE_URL = /https?:\/\/[^\s<]*[^\s<.,:;"')\]!?*_~]/y;
/** A run of characters that cannot start any inline construct. */
const PLAIN = /[^\\\n`!\[<h*_~]+/y;

const at = (re: RegExp, src: string, i: number): RegExpExecArray | null => ((re.lastIndex = i), re.exec(src));

/** Inline tokens of a block's text. Newlines become hard breaks (chat convention). */
export function lexInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const push = (token: Inline) => {
    if (text) out.push({ type: 'text', text });
    text = '';
    out.push(token);
  };
  let i = 0;
  while (i < src.length) {
    let m: RegExpExecArray | null;
    let e: Emphasis | null;
    if ((m = at(PLAIN, src, i))) {
      text += m[0];
    } else if ((m = at(ESCAPE, src, i))) {
      text += m[1];
    } else if (src[i] === '\n') {
      push({ type: 'br' });
      i++;
      continue;
    } else if ((m = at(CODE, src, i))) {
      push({ type: 'code', text: (m[2] ?? '').replace(/\n/g, ' ') });
    } else if ((m = at(LINK, src, i))) {
      const href = m[3] ?? '';
      push(m[1] ? { type: 'image', href, alt: m[2] ?? '' } : { type: 'link', href, children: lexInline(m[2] ?? '') });
    } else if ((m = at(AUTOLINK, src, i))) {
      push({ type: 'link', href: m[1] ?? '', children: [{ type: 'text', text: (m[1] ?? '').replace(/^mailto:/, '') }] });
    } else if (!/\w$/.test(text) && (m = at(BARE_URL, src, i))) {
      push({ type: 'link', href: m[0], children: [{ type: 'text', text: m[0] }] });
    } else if ((e = emphasis(src, i))) {
      push({ type: e.type, children: lexInline(e.inner) });
      i += e.length;
      continue;
    } else {
      text += src[i];
      i++;
      continue;
    }
    i += m[0].length;
  }
  if (text) out.push({ type: 'text', text });
  return out;
}

interface Emphasis {
  type: 'strong' | 'em' | 'del';
  inner: string;
  length: number;
}

/**
 * `**strong**`, `*em*`, `~~del~~` and the `_` forms. Delimiters must touch the text
 * they wrap, and `_` must not sit inside a word (`snake_case_name` stays text).
 */
function emphasis(src: string, i: number): Emphasis | null {
  const d = at(/(\*\*|__|~~|\*|_)(?=\S)/y, src, i)?.[1];
  if (!d || (d[0] === '_' && /\w/.test(src[i - 1] ?? ''))) return null;
  const n = d.length;
  for (let j = i + n + 1; j <= src.length - n; j++) {
    if (!src.startsWith(d, j) || /\s/.test(src[j - 1] ?? '') || src[j + n] === d[0] || (n === 1 && src[j - 1] === d)) continue;
    if (d[0] === '_' && /\w/.test(src[j + n] ?? '')) continue;
    return { type: d === '~~' ? 'del' : n === 2 ? 'strong' : 'em', inner: src.slice(i + n, j), length: j + n - i };
  }
  return null;
}
