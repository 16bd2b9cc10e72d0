/**
 * Statements compiled once per shape and run with new values. Kysely builds and compiles
 * a query anew on every call — together a tenth of a chat turn's CPU for the handful of
 * statements a turn runs. A statement here is built the first time its shape is asked
 * for, with placeholders where values go; later calls only fill the placeholders in.
 *
 * A shape must fix the SQL text: `build` may not branch on values (it never sees them),
 * and whatever changes the text (which columns a change sets, how many rows an insert
 * has) belongs in the shape's name.
 */
import { createQueryId, type Compilable, type CompiledQuery } from 'kysely';

/** Stands for a value while a statement is compiled. */
class Placeholder {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

/** Where each parameter of a compiled statement comes from: a named value, or a constant of its text. */
type Source = { name: string } | { constant: unknown };

interface Compiled {
  query: CompiledQuery['query'];
  sql: string;
  sources: Source[];
}

/** Hands `build` a placeholder for a named value, typed as the column it goes into. */
export type Param = <T>(name: string) => T;

const MAX_SHAPES = 500;

export interface StatementCache {
  /**
   * The statement of `shape` with `values` in its placeholders.
   * @example
   * statements.compiled('session by id', (param) => db.selectFrom('sessions').selectAll().where('id', '=', param<number>('id')), { id: 7 })
   */
  compiled<R>(shape: string, build: (param: Param) => Compilable<R>, values: Readonly<Record<string, unknown>>): CompiledQuery<R>;
}

export function createStatementCache(): StatementCache {
  const shapes = new Map<string, Compiled>();
  // The placeholder object is the value Kysely sees; it never reaches a database.
  const param: Param = <T>(name: string) => new Placeholder(name) as unknown as T;

  function compile(shape: string, build: (param: Param) => Compilable<unknown>): Compiled {
    const { query, sql, parameters } = build(param).compile();
    const sources = parameters.map((value): Source => (value instanceof Placeholder ? { name: value.name } : { constant: value }));
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value ?? '');
    const compiled = { query, sql, sources };
    shapes.set(shape, compiled);
    return compiled;
  }

  return {
    compiled<R>(shape: string, build: (param: Param) => Compilable<R>, values: Readonly<Record<string, unknown>>): CompiledQuery<R> {
      const { query, sql, sources } = shapes.get(shape) ?? compile(shape, build);
      const parameters = sources.map((source) => {
        if ('constant' in source) return source.constant;
        if (!(source.name in values)) throw new Error(`statement "${shape}" has no value for ${source.name}`);
        return values[source.name];
      });
      return { query, queryId: createQueryId(), sql, parameters };
    },
  };
}

/**
 * A row of placeholders, one per field of `row`, named `prefix` + field; `rowValues` gives
 * the values that fill them. The row's fields belong in the shape's name.
 * @example statements.compiled(`insert messages ${Object.keys(row)}`, (param) => db.insertInto('messages').values(placeholderRow(param, 'm.', row)), rowValues('m.', row))
 */
export function placeholderRow<T extends object>(param: Param, prefix: string, row: T): T {
  return Object.fromEntries(Object.keys(row).map((field) => [field, param(`${prefix}${field}`)])) as T;
}

export function rowValues(prefix: string, row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([field, value]) => [`${prefix}${field}`, value]));
}
