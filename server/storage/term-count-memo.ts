/**
 * How many passages hold each word, as a full-text search counted them
 * (knowledge-search-repo.ts `countTerms`), kept in memory on SQLite while the passage
 * generation stands (migration 033: triggers move it on every passage added or removed,
 * from any connection). The words worth remembering are the common ones: a rare word's
 * count reads a short list, while "system" or "called" read up to 10,000 entries of the
 * index each, in nearly every question (issue #17).
 *
 * The generation is read before the counts it tags: a write landing in between leaves
 * counts tagged older than what they hold, which only costs a recount. Counts must be
 * exact, not merely close: MaxScore's pruning bounds a word's score by them
 * (fts-max-score.ts), so a stale count could drop a passage from the top k.
 */

/** Words across every question asked since the last write; a miss costs one count. */
const MAX_ENTRIES = 20_000;

export interface TermCounts {
  /** The count remembered for `name` (a word within a scope), if it was taken at this generation. */
  get(name: string): number | undefined;
  set(name: string, passages: number): void;
}

/**
 * @example
 * const memo = createTermCountMemo();
 * const counts = memo.at(await generation()); // everything from another generation is gone
 * counts.get('*|10001|system') ?? counts.set('*|10001|system', await count('system'));
 */
export function createTermCountMemo(maxEntries = MAX_ENTRIES) {
  let generation: number | undefined;
  const counts = new Map<string, number>();
  return {
    /**
     * The counts taken at `current`: a different generation empties the memo first. Once a
     * newer generation has been seen the view answers nothing and keeps nothing, so a count
     * taken before a write cannot be filed under the generation after it.
     */
    at(current: number): TermCounts {
      if (current !== generation) {
        counts.clear();
        generation = current;
      }
      const live = () => generation === current;
      return {
        get: (name) => (live() ? counts.get(name) : undefined),
        set(name, passages) {
          if (!live()) return;
          // Oldest first out: a Map iterates in insertion order.
          if (!counts.has(name) && counts.size >= maxEntries) counts.delete(counts.keys().next().value ?? '');
          counts.set(name, passages);
        },
      };
    },
  };
}
