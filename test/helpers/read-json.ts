/**
 * Reads an HTTP answer the way a client of the documented API would: checks the status,
 * then parses the body with the shared zod schema. A field the schema lacks is a gap in
 * the contract, not something to cast around (nor something to drop silently: a field
 * the schema does not describe fails the read); a failure shows the whole body.
 */
import { expect } from 'vitest';
import { z } from 'zod';

/**
 * @example
 * const run = await readJson(await t.call('POST', sessions, {}), runSchema, 201);
 */
export async function readJson<S extends z.ZodType>(res: Response, schema: S, status?: number): Promise<z.output<S>> {
  const text = await res.text();
  if (status === undefined) expect(res.ok, `HTTP ${res.status}: ${text}`).toBe(true);
  else expect(res.status, text).toBe(status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new Error(`HTTP ${res.status} answered a body that is not JSON: ${text.slice(0, 500)}`, { cause: error });
  }
  return parseExact(schema, body, `the HTTP ${res.status} answer`, text);
}

/**
 * Parses with the schema and fails on anything it would drop: parsing strips fields a
 * schema does not name, which would let a whole-value assertion on the result miss a
 * field sent outside the contract.
 */
export function parseExact<S extends z.ZodType>(schema: S, value: unknown, what = 'the value', shown = JSON.stringify(value)): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what} is refused by the schema:\n${z.prettifyError(parsed.error)}\n${shown}`);
  expect(parsed.data, `${what} has fields the schema does not describe`).toStrictEqual(value);
  return parsed.data;
}
