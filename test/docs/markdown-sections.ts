/**
 * Reads a Markdown document the way the docs tests need it: its sections (a `##` or `###`
 * heading and the text up to the next one), the fenced code blocks in each, and the inline
 * code spans that name fields.
 */

export interface CodeBlock {
  /** The info string after the fence: `json`, `sh`. */
  lang: string;
  code: string;
  /** The heading of the section the block is in. */
  section: string;
}

export interface Section {
  /** The heading's text, without the `#`s. */
  heading: string;
  text: string;
}

const HEADING = /^#{2,3} (.+)$/;
const FENCE = /^```(\S*)$/;

/** Split a document at its `##` and `###` headings; text before the first one is the section "". */
export function sectionsOf(markdown: string): Section[] {
  const sections: Section[] = [{ heading: '', text: '' }];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line.trim())) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading?.[1] !== undefined) sections.push({ heading: heading[1].trim(), text: '' });
    else {
      const current = sections[sections.length - 1];
      if (current) current.text += `${line}\n`;
    }
  }
  return sections;
}

/** Every fenced code block, with the section it sits in. */
export function codeBlocksOf(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const section of sectionsOf(markdown)) {
    let open: { lang: string; lines: string[] } | undefined;
    for (const line of section.text.split('\n')) {
      const fence = FENCE.exec(line.trim());
      if (fence && open === undefined) open = { lang: fence[1] ?? '', lines: [] };
      else if (fence && open !== undefined) {
        blocks.push({ lang: open.lang, code: open.lines.join('\n'), section: section.heading });
        open = undefined;
      } else open?.lines.push(line);
    }
  }
  return blocks;
}

/** The inline code spans of a text (outside fenced blocks): `max_retries`, `{ "label", "value"? }`. */
export function codeSpansOf(text: string): string[] {
  const outsideFences = text.replace(/```[\s\S]*?```/g, '');
  return [...outsideFences.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
}

/**
 * Whether a text names a field in code: a span that is the name, or that holds it as a
 * JSON key (`"name"`), or as a path segment (`expect.pattern`).
 */
export function namesInCode(text: string, name: string): boolean {
  return codeSpansOf(text).some((span) => span === name || span.includes(`"${name}"`) || span.split('.').includes(name));
}
