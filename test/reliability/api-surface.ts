/**
 * Every operation of the OpenAPI document, with its path parameters filled from real
 * objects: the fuzzer and the isolation suite walk all of them, so a route added later is
 * covered without touching these tests.
 */
import { sql } from 'kysely';
import type { TestApp } from '../helpers/test-app.ts';

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/v1/agents/{id}`. */
  template: string;
  params: string[];
}

export async function listOperations(t: TestApp): Promise<Operation[]> {
  const document = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), template, params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '') })),
  );
}

export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x'));
}

/** A cheap fingerprint of every table: row counts, session revisions and update times. */
export async function databaseFingerprint(t: TestApp): Promise<string> {
  const tables = (await t.database.db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith('kysely_')).sort();
  const parts: string[] = [];
  for (const table of tables) {
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
    parts.push(`${table}:${row.rows[0]?.n}`);
  }
  const sessions = await t.database.db.selectFrom('sessions').select((eb) => [eb.fn.sum('revision').as('r'), eb.fn.max('updated_at').as('u')]).executeTakeFirstOrThrow();
  const agents = await t.database.db.selectFrom('agents').select((eb) => eb.fn.max('updated_at').as('u')).executeTakeFirstOrThrow();
  parts.push(`rev:${sessions.r}`, `su:${sessions.u}`, `au:${agents.u}`);
  return parts.join(' ');
}
