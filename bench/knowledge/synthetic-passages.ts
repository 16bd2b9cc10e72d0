/**
 * Passages for the latency benchmark at sizes the evaluation corpus does not reach (10k,
 * 100k): the Jargon File's own sentences, shuffled across neighbouring entries, seeded.
 *
 * Why sentences and not words: a passage of words drawn one by one from the corpus's word
 * stream spreads every word evenly over the passages, so a question's words each match
 * thousands of them — nothing like real text, where a word comes in clusters (an entry about
 * daemons says "daemon" five times and the next entry not at all). Whole sentences keep that
 * burstiness, real word order and real document frequencies; taking them from an entry and its
 * neighbours (the glossary is alphabetical, so neighbours share little) varies the passages so
 * 100k of them are not 30 copies of the corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';

const CORPUS = new URL('./corpus/', import.meta.url).pathname;
/** How far from its entry a passage may borrow sentences. */
const NEIGHBOURHOOD = 3;

export interface CorpusEntry {
  heading: string;
  sentences: string[];
}

/** The glossary's entries in corpus order, each its heading and its prose cut into sentences. */
export function corpusEntries(): CorpusEntry[] {
  const files = readdirSync(CORPUS).filter((file) => file.endsWith('.md')).sort();
  return files.flatMap((file) =>
    readFileSync(CORPUS + file, 'utf8')
      .split(/^## /m)
      .slice(1)
      .map((block) => {
        const [heading = '', ...lines] = block.split('\n');
        // Pronunciation and part-of-speech lines (`*/day'mn/, n.*`) are not prose.
        const prose = lines.filter((line) => line.trim() !== '' && !line.startsWith('*')).join(' ');
        const sentences = prose.split(/(?<=[.!?])\s+(?=[A-Z[(‘"])/).filter((s) => /[A-Za-z]{3}/.test(s));
        return { heading: heading.trim(), sentences };
      })
      .filter((entry) => entry.sentences.length > 0),
  );
}

export interface SyntheticPassage {
  heading: string;
  text: string;
}

/**
 * A passage of 40–80 words (whole sentences, so a little more): the sentences of a random
 * entry and of its neighbours, shuffled, under that entry's heading.
 */
export function syntheticPassage(entries: readonly CorpusEntry[], random: () => number): SyntheticPassage {
  const at = Math.floor(random() * entries.length);
  const entry = entries[at];
  if (!entry) throw new Error('the corpus has no entries');
  const target = 40 + Math.floor(random() * 40);
  const own = shuffled(entry.sentences, random);
  const sentences: string[] = [];
  let words = 0;
  // Bounded: at most the entry's own sentences and 64 borrowed ones.
  for (let borrowed = 0; words < target && borrowed < 64; ) {
    const next = own.shift() ?? borrow(entries, at, random, () => (borrowed += 1));
    sentences.push(next);
    words += next.split(/\s+/).length;
  }
  return { heading: entry.heading, text: sentences.join(' ') };
}

function borrow(entries: readonly CorpusEntry[], at: number, random: () => number, count: () => void): string {
  count();
  const offset = Math.floor(random() * (2 * NEIGHBOURHOOD + 1)) - NEIGHBOURHOOD;
  const neighbour = entries[Math.min(entries.length - 1, Math.max(0, at + offset))];
  const sentences = neighbour?.sentences ?? [];
  return sentences[Math.floor(random() * sentences.length)] ?? '';
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
