/**
 * Rebuilds the evaluation corpus (`corpus/*.md`) from the Jargon File 4.4.7, a public-domain
 * document ("This document (the Jargon File) is in the public domain, to be freely used,
 * shared, and modified" — its copyright notice), as Debian ships it in `jargon-text`:
 *
 *   apt-get download jargon-text && dpkg-deb -x jargon-text_*.deb x
 *   npx tsx bench/knowledge/build-jargon-corpus.ts x/usr/share/doc/jargon-text/jargon.txt.gz
 *
 * The glossary becomes one Markdown document per letter — an `##` heading per entry, its
 * pronunciation and part of speech in italics, paragraphs unwrapped — so ingestion sees
 * real headings and paragraphs. Cross references `{term}` keep their words, without braces.
 * The corpus is committed; this script records how it was made.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const ENTRY = /^ {3}:([^:]+):\s*(.*)$/;
/** `  B` (two spaces): a letter's section starts, with an index of its terms before the entries. */
const LETTER = /^ {2}([A-Z])$/;
/** Text indented more than an entry's body ends the glossary (`Part III. Appendices`). */
const PART = /^ {4,}\S/;

interface Entry {
  term: string;
  usage: string;
  paragraphs: string[];
}

function parseGlossary(text: string): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let paragraph: string[] = [];
  const closeParagraph = () => {
    if (current && paragraph.length > 0) current.paragraphs.push(paragraph.join(' ').replace(/\{([^}]+)\}/g, '$1'));
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    const entry = ENTRY.exec(line);
    if (entry) {
      closeParagraph();
      current = { term: entry[1]!.trim(), usage: entry[2]!.trim().replace(/,$/, ''), paragraphs: [] };
      entries.push(current);
    } else if (LETTER.test(line) || PART.test(line)) {
      closeParagraph();
      current = undefined;
    } else if (line.trim() === '') {
      closeParagraph();
    } else if (current) {
      paragraph.push(line.trim());
    }
  }
  closeParagraph();
  return entries.filter((e) => e.paragraphs.length > 0);
}

function letterOf(term: string): string {
  const first = term[0]!.toUpperCase();
  return /[A-Z]/.test(first) ? first : '0';
}

function toMarkdown(letter: string, entries: Entry[]): string {
  const title = letter === '0' ? 'numbers and symbols' : letter;
  const lines = [`# The Jargon File 4.4.7: glossary, ${title}`, ''];
  for (const e of entries) {
    lines.push(`## ${e.term}`, '');
    if (e.usage && e.usage !== '//') lines.push(`*${e.usage}*`, '');
    for (const p of e.paragraphs) lines.push(p, '');
  }
  return lines.join('\n');
}

const source = process.argv[2];
if (!source) throw new Error('usage: build-jargon-corpus.ts <jargon.txt or jargon.txt.gz>');
const raw = readFileSync(source);
const text = (source.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
const byLetter = new Map<string, Entry[]>();
for (const entry of parseGlossary(text)) byLetter.set(letterOf(entry.term), [...(byLetter.get(letterOf(entry.term)) ?? []), entry]);
const out = new URL('./corpus/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
let count = 0;
for (const [letter, entries] of [...byLetter].sort()) {
  writeFileSync(`${out}jargon-${letter.toLowerCase()}.md`, toMarkdown(letter, entries));
  count += entries.length;
}
console.log(`${count} entries in ${byLetter.size} documents at ${out}`);
