import type { z } from 'zod';

/**
 * Parse a JSON text column with a schema. A row that fails is a bug or a hand-edited
 * database, never a client's mistake, so this throws a plain Error (a 500).
 */
export function parseJsonColumn<T extends z.ZodType>(schema: T, text: string, what: string): z.infer<T> {
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`stored ${what} does not match its schema: ${result.error.message}`);
  return result.data;
}
