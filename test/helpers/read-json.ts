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
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`HTTP ${res.status} answered a body the schema refuses:\n${z.prettifyError(parsed.error)}\n${text}`);
  // Parsing drops fields the schema does not name; an answer must not have any, so a
  // whole-body assertion on the result still sees everything the server said.
  expect(parsed.data, `HTTP ${res.status} answered fields the schema does not describe`).toStrictEqual(body);
  return parsed.data;
}
