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

/** Per database: SQLite has tables Postgres lacks (the FTS5 index of knowledge passages). */
const tableNamesOf = new WeakMap<object, string[]>();

/**
 * A cheap fingerprint of every table, in one query: row counts, plus session revisions
 * and update times so an UPDATE shows too.
 */
export async function databaseFingerprint(t: TestApp): Promise<string> {
  let tableNames = tableNamesOf.get(t.database.db);
  if (!tableNames) {
    // Postgres lists the tables of every schema (other test files' too): keep this database's own.
    const own = t.database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(t.database.db)).rows[0]?.schema : undefined;
    tableNames = (await t.database.db.introspection.getTables())
      .filter((table) => own === undefined || table.schema === own)
      .map((table) => table.name)
      .filter((name) => !name.startsWith('kysely_'))
      .sort();
    tableNamesOf.set(t.database.db, tableNames);
  }
  const counts = tableNames.map((name) => sql`(select count(*) from ${sql.table(name)})`);
  const result = await sql<Record<string, unknown>>`select ${sql.join(counts)}, (select sum(revision) from sessions), (select max(updated_at) from sessions), (select max(updated_at) from agents)`.execute(t.database.db);
  return JSON.stringify(Object.values(result.rows[0] ?? {}).map(String));
}
