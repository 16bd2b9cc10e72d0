/**
 * Cursor pagination as an async iterator: each page's `next_cursor` is the next request's
 * `after`, until it is null. Pages are fetched lazily, one at a time, so leaving the loop
 * early fetches nothing more.
 */
import type { Operation, Transport } from './transport.ts';

/** The items of every page, in order; `pages()` walks page by page instead. */
export interface Paginated<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<T[]>;
}

/**
 * @param fetchPage fetches the page after `after` (undefined: the first page)
 * @param items the page's list (`agents`, `calls`, `tests`)
 * @example
 * paginate(http, 'GET /v1/calls', (after) => page({ ...filter, after }), (p) => p.calls)
 */
export function paginate<P extends { next_cursor: string | null }, T>(
  http: Transport,
  operation: Operation,
  fetchPage: (after: string | undefined) => Promise<P>,
  items: (page: P) => T[],
  start?: string,
): Paginated<T> {
  async function* pages(): AsyncGenerator<T[]> {
    // A cursor seen before would loop forever: a server bug, refused rather than followed.
    const seen = new Set<string>();
    for (let after = start; ; ) {
      const page = await fetchPage(after);
      yield items(page);
      if (page.next_cursor === null) return;
      if (seen.has(page.next_cursor)) throw http.invalid(operation, `next_cursor ${page.next_cursor} repeats`);
      seen.add(page.next_cursor);
      after = page.next_cursor;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const list of pages()) yield* list;
    },
  };
}
