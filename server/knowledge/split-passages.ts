/**
 * Cuts a document's text into passages along its structure: Markdown headings open
 * sections (the heading path is kept as each passage's context), blank lines separate
 * paragraphs, and paragraphs of one section are joined up to a target length. A paragraph
 * longer than the most a passage holds is cut between sentences, or hard as a last resort.
 * The same passage (normalised text) is kept once per document.
 */
import { createHash } from 'node:crypto';

export interface SplitPassage {
  headingPath: string[];
  text: string;
  /** SHA-256 of the normalised text. */
  hash: string;
}

/** Long enough to answer a question, short enough that several fit in a prompt. */
export const TARGET_PASSAGE_CHARS = 700;
export const MAX_PASSAGE_CHARS = 1200;
/** A budget for data-driven loops: a document yields at most this many passages. */
export const MAX_PASSAGES_PER_DOCUMENT = 5000;
const MAX_HEADING_DEPTH = 6;

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;

/** Words, not whitespace or case, decide whether two passages are the same. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Cut an over-long paragraph between sentences, each piece at most `MAX_PASSAGE_CHARS`. */
function cutLong(paragraph: string): string[] {
  if (paragraph.length <= MAX_PASSAGE_CHARS) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of paragraph.split(/(?<=[.!?])\s+/)) {
    for (let start = 0; start < sentence.length; start += MAX_PASSAGE_CHARS) {
      const part = sentence.slice(start, start + MAX_PASSAGE_CHARS);
      if (current !== '' && current.length + part.length + 1 > TARGET_PASSAGE_CHARS) {
        pieces.push(current);
        current = '';
      }
      current = current === '' ? part : `${current} ${part}`;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Split extracted text (Markdown headings mark structure) into passages.
 * @example splitPassages('# Returns\n\nWithin 30 days.')[0] // { headingPath: ['Returns'], text: 'Within 30 days.', hash: '…' }
 */
export function splitPassages(text: string): SplitPassage[] {
  const passages: SplitPassage[] = [];
  const seen = new Set<string>();
  const headings: string[] = [];
  let section: string[] = [];
  let paragraph: string[] = [];

  const emit = (body: string) => {
    const trimmed = body.trim();
    if (trimmed === '' || passages.length >= MAX_PASSAGES_PER_DOCUMENT) return;
    const hash = createHash('sha256').update(normalise(trimmed)).digest('hex');
    if (seen.has(hash)) return;
    seen.add(hash);
    passages.push({ headingPath: [...headings], text: trimmed, hash });
  };
  const flushSection = () => {
    let current = '';
    for (const piece of section.flatMap(cutLong)) {
      if (current !== '' && current.length + piece.length + 2 > TARGET_PASSAGE_CHARS) {
        emit(current);
        current = '';
      }
      current = current === '' ? piece : `${current}\n\n${piece}`;
    }
    emit(current);
    section = [];
  };
  const flushParagraph = () => {
    const joined = paragraph.join('\n').trim();
    if (joined !== '') section.push(joined);
    paragraph = [];
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading?.[1] && heading[2] !== undefined) {
      flushParagraph();
      flushSection();
      const depth = Math.min(heading[1].length, MAX_HEADING_DEPTH);
      headings.length = Math.min(headings.length, depth - 1);
      headings.push(heading[2].trim());
    } else if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  flushSection();
  return passages;
}
