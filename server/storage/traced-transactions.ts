/**
 * A span per database transaction. Kysely's transactions (`db.transaction().execute`) are
 * seen where they begin and end, in the driver, so no repository has to remember to trace
 * one; a turn's commit is one synchronous SQLite transaction or one Postgres statement that
 * bypasses Kysely's driver (session-commit.ts), so the sessions repository's `commit` gets a
 * span of its own. Statements and their values stay out of spans.
 */
import { context, SpanKind, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME, DB_SYSTEM_NAME_VALUE_POSTGRESQL } from '@opentelemetry/semantic-conventions';
import type { DatabaseConnection, Dialect, Driver, QueryCompiler, TransactionSettings } from 'kysely';
import type { DialectName } from './dialect-name.ts';
import { inSpan, markFailed } from '../tracing/in-span.ts';
import type { SessionsRepo } from './sessions-repo.ts';

const systemName = (dialect: DialectName) => (dialect === 'postgres' ? DB_SYSTEM_NAME_VALUE_POSTGRESQL : 'sqlite');

class TracedDriver implements Driver {
  readonly #inner: Driver;
  readonly #tracer: Tracer;
  readonly #system: string;
  /** The open transaction's span on each connection: begun in one driver call, ended in another. */
  readonly #open = new WeakMap<DatabaseConnection, Span>();

  constructor(inner: Driver, tracer: Tracer, system: string) {
    this.#inner = inner;
    this.#tracer = tracer;
    this.#system = system;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#inner.acquireConnection();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // Begun in the caller's context, so the span is the child of the turn or request that opened it.
    const attributes = { [ATTR_DB_SYSTEM_NAME]: this.#system, [ATTR_DB_OPERATION_NAME]: 'transaction' };
    this.#open.set(connection, this.#tracer.startSpan('transaction', { kind: SpanKind.CLIENT, attributes }, context.active()));
    return this.#inner.beginTransaction(connection, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.commitTransaction(connection);
    } catch (error) {
      this.#end(connection, 'commit_failed');
      throw error;
    }
    this.#end(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.rollbackTransaction(connection);
    } finally {
      this.#end(connection, 'rolled_back');
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.savepoint?.(connection, name, compile) ?? Promise.resolve();
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.rollbackToSavepoint?.(connection, name, compile) ?? Promise.resolve();
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.releaseSavepoint?.(connection, name, compile) ?? Promise.resolve();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  #end(connection: DatabaseConnection, failure?: string): void {
    const span = this.#open.get(connection);
    if (!span) return;
    this.#open.delete(connection);
    if (failure) markFailed(span, failure);
    span.end();
  }
}

/**
 * The dialect with its driver traced; adapter, compiler and introspector are the dialect's
 * own (`sqliteGateOf` and `postgresPoolOf` find theirs through the adapter).
 */
export function traceTransactions(dialect: Dialect, tracer: Tracer, name: DialectName): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TracedDriver(dialect.createDriver(), tracer, systemName(name)),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** A turn's commit (and every other session change) as a `transaction` span named for what it writes. */
export function traceSessionCommits(sessions: SessionsRepo, tracer: Tracer, name: DialectName): SessionsRepo {
  const attributes = { [ATTR_DB_SYSTEM_NAME]: systemName(name), [ATTR_DB_OPERATION_NAME]: 'commit session' };
  return { ...sessions, commit: (session, change) => inSpan(tracer, 'transaction', { kind: SpanKind.CLIENT, attributes }, () => sessions.commit(session, change)) };
}
