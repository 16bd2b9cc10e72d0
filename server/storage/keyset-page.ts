/**
 * Keyset pagination, newest first: ask the repository for one row more than the page,
 * and that extra row says whether there is a next page. The cursor is the last row's id
 * (in the form the API shows it).
 *
 * @example
 * const { items, nextCursor } = keysetPage(await repo.list({ limit: limit + 1 }), limit, (r) => String(r.id));
 */
export function keysetPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
