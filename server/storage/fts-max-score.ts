/**
 * The BM25 top k of an OR query without scoring every passage it matches: MaxScore at the
 * level of whole queries, for FTS5, which scores every match (no WAND or MaxScore of its
 * own). FTS5's BM25 (k1 = 1.2, b = 0.75) adds one term a word, IDF · f·(k1+1)/(f + k1·(…)),
 * below IDF · (k1+1) whatever the passage, so a passage holding none of the rare
 * ("essential") words scores below the sum of the common words' bounds. When the k-th best
 * passage holding an essential word scores above that sum, it is the exact top k:
 * 1. the rarest words whose passages sum to a small budget are ranked alone, and again
 *    as `E0 AND C0` (with all the other words), which scores in full the passages holding
 *    a rare word and another: the k-th best of the two is a floor for the final k-th
 *    (every score in them is a passage's full score or less). Full scores give a higher
 *    floor than the rare words' own: fewer words are then essential, and the costly
 *    ranking of step 3 scores fewer passages (bench/README.md, "A higher floor from the
 *    rare words' passages");
 * 2. the next rarest words join the essential ones until the rest's bound is under that floor;
 * 3. the passages holding an essential word are ranked twice: `E AND C` scores those holding
 *    a common word too in full (every word's term, each once), `E` alone the others in full
 *    (their common terms are zero); the best of both is the top k among them.
 * A passage holding only common words is then out by the bound. If the words cannot be
 * split (every word is needed for the floor), the plain query runs, as step 1 or 2's last.
 *
 * Step 3 costs about one BM25 evaluation a passage holding an essential word (~1 µs), and
 * a question of many words each in a few percent of the table can need nearly all of them:
 * 20,000 passages and more at 100k. So step 2 stops adding words once their passages would
 * pass `scoreBudget`; the words it leaves out still count, in `E AND C`, for every passage
 * holding an essential word too. Only then is the top k not exact: a passage holding none
 * of the kept essential words, only commoner ones, could be missing. At 100k passages of
 * the evaluation corpus that changed 1 of 1,240 top-10 places and no answer found in the
 * top five; on random bags of words, its worst case, 47 of 250 places
 * (knowledge-full-text-top-k.test.ts). Measured in bench/README.md ("Full text at 100k,
 * top-k pruning" and "A bound on the passages one search ranks").
 */

/** One ranked passage: FTS5's `rank` is minus its BM25 score (lower is better). */
export interface RankedRow {
  id: number;
  rank: number;
}

/** A word and how many passages hold it: at most as many as the whole table holds (it bounds the IDF from above). */
export interface WordCount {
  term: string;
  passages: number;
}

/** Runs the FTS5 MATCH `match` restricted to the searched bases, `ORDER BY rank LIMIT limit`. */
export type RankQuery = (match: string, limit: number) => Promise<RankedRow[]>;

const K1 = 1.2;
/** The first essential words may match this share of the table between them: ranking them alone is then cheap. */
export const ESSENTIAL_SHARE = 0.02;
/** By default the essential words of step 3 may match this share of the table between them (see above). */
export const SCORED_SHARE = 0.04;

/**
 * The most a word adds to a passage's BM25 score in FTS5: IDF · (k1 + 1), the IDF as FTS5
 * computes it (floored at 1e-6 for words in over half the rows), from the word's rows in the
 * whole table. `passages` may undercount them: the IDF, and so the bound, only grows.
 */
export function bm25Bound(passages: number, tableRows: number): number {
  const idf = Math.log((tableRows - passages + 0.5) / (passages + 0.5));
  return (idf <= 0 ? 1e-6 : idf) * (K1 + 1);
}

/** A query word as an FTS5 phrase: `queryTerms` leaves only letters and digits, so quoting is enough. */
export const ftsPhrase = (term: string) => `"${term}"`;
const anyOf = (terms: readonly string[]) => terms.map(ftsPhrase).join(' OR ');

/**
 * How many of the rarest words step 3 ranks alone: `exact`, or fewer while their passages
 * pass `budget` (never fewer than step 1's own `essential`, which fit a smaller budget).
 */
function affordable(rarest: readonly WordCount[], essential: number, exact: number, budget: number): number {
  let split = exact;
  let passages = rarest.slice(0, split).reduce((sum, w) => sum + w.passages, 0);
  for (; split > essential && passages > budget; split -= 1) passages -= rarest[split - 1]?.passages ?? 0;
  return split;
}

/** The k best of both rankings, each passage at its higher score (a passage in both is scored in full by the AND). */
function bestOf(rankings: readonly RankedRow[][], limit: number): RankedRow[] {
  const best = new Map<number, number>();
  for (const row of rankings.flat()) best.set(row.id, Math.min(best.get(row.id) ?? Infinity, row.rank));
  return [...best].map(([id, rank]) => ({ id, rank })).sort((a, b) => a.rank - b.rank || a.id - b.id).slice(0, limit);
}

/**
 * The `limit` best passages for any of `words` (ties at the k-th aside), as the plain
 * `"a" OR "b" …` query ranks them, in two to four ranked queries that each score only the
 * passages holding a rarer word; exact while the essential words' passages fit
 * `scoreBudget` (default: `SCORED_SHARE` of the table), see above.
 * @example await maxScoreTopK(rank, [{ term: 'kluge', passages: 40 }, { term: 'use', passages: 8000 }], 100_000, 20)
 */
export async function maxScoreTopK(
  rank: RankQuery,
  words: readonly WordCount[],
  tableRows: number,
  limit: number,
  scoreBudget = SCORED_SHARE * tableRows,
): Promise<RankedRow[]> {
  if (words.length === 0) return [];
  const rarest = [...words].sort((a, b) => a.passages - b.passages);
  const firstBudget = ESSENTIAL_SHARE * tableRows;
  let essential = 1;
  for (let sum = rarest[0]?.passages ?? 0; essential < rarest.length && sum + (rarest[essential]?.passages ?? 0) <= firstBudget; essential += 1) {
    sum += rarest[essential]?.passages ?? 0;
  }
  const terms = (from: number, to?: number) => rarest.slice(from, to).map((w) => w.term);
  const commonBound = (from: number) => rarest.slice(from).reduce((sum, w) => sum + bm25Bound(w.passages, tableRows), 0);

  const rare = anyOf(terms(0, essential));
  const rareAlone = await rank(rare, limit);
  const first = essential === rarest.length ? rareAlone : bestOf([rareAlone, await rank(`(${rare}) AND (${anyOf(terms(essential))})`, limit)], limit);
  // Fewer than k: no floor, every word is needed (the next query is then the plain one).
  const floor = first.length === limit ? -(first.at(-1)?.rank ?? 0) : 0;
  const needed = rarest.findIndex((_, from) => from >= essential && commonBound(from) < floor);
  const split = affordable(rarest, essential, needed === -1 ? rarest.length : needed, scoreBudget);
  // Then the top k of both is the answer: a passage holding an essential word has its full
  // score in one of them, and one holding none cannot reach the floor.
  if (split === essential) return first;
  const alone = await rank(anyOf(terms(0, split)), limit);
  if (split === rarest.length) return alone;
  const together = await rank(`(${anyOf(terms(0, split))}) AND (${anyOf(terms(split))})`, limit);
  return bestOf([alone, together], limit);
}
