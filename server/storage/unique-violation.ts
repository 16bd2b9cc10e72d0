/**
 * True when a database error is a unique-constraint violation, on either engine:
 * better-sqlite3 reports `SQLITE_CONSTRAINT_UNIQUE`, Postgres SQLSTATE `23505`.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === '23505';
}
