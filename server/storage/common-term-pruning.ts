/**
 * Which of a query's words a full-text search looks for, given how many passages hold each.
 *
 * BM25 scores every passage that holds any word of an OR query, so a search costs about the
 * sum of its words' document counts: one word in half the passages makes it score half the
 * passages. Such a word weighs little in the score anyway (its IDF is near zero), so it is
 * dropped when rarer words are left, and only the rarest `MAX_TERMS` are kept. Measured on
 * the evaluation set in `bench/knowledge.bench.ts` (bench/README.md, "Knowledge search").
 *
 * Dropping words costs quality where a question shares only everyday words with its answer
 * (the paraphrase set: recall@5 0.386 → 0.257 on 3,112 passages), and buys nothing where
 * scoring every match is cheap. So bases smaller than `PRUNE_FROM_PASSAGES` keep every word.
 */

/** Searched bases holding fewer passages than this are searched for every word: scoring is cheap there. */
export const PRUNE_FROM_PASSAGES = 20_000;

/** Whether a search of bases holding `totalPassages` drops words at all (else it need not count them). */
export function prunesWords(totalPassages: number): boolean {
  return totalPassages >= PRUNE_FROM_PASSAGES;
}

/**
 * A word in more than this share of the table's passages is dropped while a rarer one is
 * left: the table's, not the searched bases', because FTS5 reads the word's whole doclist
 * whatever bases are searched, and takes its IDF from the whole table too.
 */
export const COMMON_SHARE = 0.1;
/**
 * Nor below this many: scoring a few hundred passages costs nothing, and in a small base
 * every word present would otherwise be "common" and all but one dropped.
 */
export const MIN_COMMON_PASSAGES = 500;
/** At most this many words are searched, the rarest. */
export const MAX_TERMS = 8;

export interface CountedTerm {
  term: string;
  /** Passages holding it, counted up to `commonCutoff(total)`. */
  passages: number;
}

/** The count from which a word is common: the counting may stop there. */
export function commonCutoff(totalPassages: number): number {
  return Math.max(MIN_COMMON_PASSAGES, Math.floor(totalPassages * COMMON_SHARE)) + 1;
}

/**
 * The words to search, rarest first: the uncommon ones, at most `MAX_TERMS`; when all are
 * common, the rarest one alone.
 * @example keptTerms([{ term: 'use', passages: 5001 }, { term: 'kluge', passages: 12 }], 100_000) // ['kluge']
 */
export function keptTerms(counted: readonly CountedTerm[], totalPassages: number): string[] {
  if (!prunesWords(totalPassages)) return counted.map((c) => c.term);
  const cutoff = commonCutoff(totalPassages);
  const rarestFirst = [...counted].sort((a, b) => a.passages - b.passages);
  const uncommon = rarestFirst.filter((c) => c.passages < cutoff).slice(0, MAX_TERMS);
  return (uncommon.length > 0 ? uncommon : rarestFirst.slice(0, 1)).map((c) => c.term);
}
