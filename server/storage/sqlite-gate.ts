/**
 * SQLite has one connection, shared by two kinds of work. Kysely's driver holds it for a
 * whole query or transaction, across `await`s; the statements of the turn path
 * (`runSync`) hold it only while they run, synchronously, a transaction included. So a
 * turn's reads and its commit never queue behind another turn's awaits — the lock convoy
 * of issue #12 — and never run inside a transaction Kysely has open.
 *
 * The gate hands the connection over strictly first come, first served, one wake-up per
 * release (Kysely's own mutex wakes every waiter on each release, and a query could lose
 * the race to later arrivals again and again).
 */
import type SqliteDatabase from 'better-sqlite3';
import {
  SqliteAdapter,
  type CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Kysely prepares every query anew; preparing was a tenth of a turn's CPU. The same SQL text always yields the same statement. */
const STATEMENT_CACHE_SIZE = 200;

export class SqliteGate {
  readonly #sqlite: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();
  readonly #waiters: (() => void)[] = [];
  readonly #inTransaction: (work: () => unknown) => unknown;
  #busy = false;

  constructor(sqlite: SqliteDatabase.Database) {
    this.#sqlite = sqlite;
    // better-sqlite3's transaction(): BEGIN, then COMMIT, or ROLLBACK when `work` throws.
    this.#inTransaction = sqlite.transaction((work: () => unknown) => work());
  }

  /** The prepared statement for `sql`, from the cache. */
  prepare(sql: string): SqliteDatabase.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#sqlite.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value ?? '');
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Wait for the connection (Kysely's driver): resolves once it is this caller's. */
  async acquire(): Promise<void> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#busy = true;
  }

  release(): void {
    const next = this.#waiters.shift();
    // Hand over without clearing `busy`, so nobody can cut in between.
    if (next) next();
    else this.#busy = false;
  }

  /**
   * Run `work` with the connection: at once when it is free, else once it is handed over.
   * `work` is synchronous, so the connection is never held across an await.
   */
  exclusive<T>(work: () => T): Promise<T> {
    if (!this.#busy) {
      this.#busy = true;
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error);
      } finally {
        this.release();
      }
    }
    return this.acquire().then(() => {
      try {
        return work();
      } finally {
        this.release();
      }
    });
  }

  /** Run one compiled statement now; call only inside `exclusive`. */
  runSync<R>(query: CompiledQuery<R>): QueryResult<R> {
    const statement = this.prepare(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  /** Run `work` in one transaction (synchronous: nothing else can run in between); call only inside `exclusive`. */
  transactionSync<T>(work: () => T): T {
    // The gate keeps Kysely's transactions out while we hold it: a nested BEGIN would be a bug.
    if (this.#sqlite.inTransaction) throw new Error('a synchronous SQLite transaction found another one open');
    return this.#inTransaction(work) as T;
  }

  close(): void {
    this.#sqlite.close();
  }
}

/** Kysely's SQLite driver, taking the connection through the gate. */
class GatedDriver implements Driver {
  readonly #inner: Driver;
  readonly #gate: SqliteGate;

  constructor(inner: Driver, gate: SqliteGate) {
    this.#inner = inner;
    this.#gate = gate;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#gate.acquire();
    return this.#inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#inner.releaseConnection(connection);
    this.#gate.release();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
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

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** The adapter carries the gate, so code holding only the Kysely instance can find it (`sqliteGateOf`). */
class GatedSqliteAdapter extends SqliteAdapter {
  readonly gate: SqliteGate;

  constructor(gate: SqliteGate) {
    super();
    this.gate = gate;
  }
}

/** Parley's SQLite dialect: better-sqlite3 behind a `SqliteGate`. */
export class GatedSqliteDialect extends SqliteDialect {
  readonly #gate: SqliteGate;

  constructor(sqlite: SqliteDatabase.Database) {
    const gate = new SqliteGate(sqlite);
    super({ database: { prepare: (sql) => gate.prepare(sql), close: () => gate.close() } });
    this.#gate = gate;
  }

  override createDriver(): Driver {
    return new GatedDriver(super.createDriver(), this.#gate);
  }

  override createAdapter(): SqliteAdapter {
    return new GatedSqliteAdapter(this.#gate);
  }
}

/** The gate of a Kysely instance on Parley's SQLite dialect; undefined on Postgres. */
export function sqliteGateOf(db: { getExecutor(): { readonly adapter: unknown } }): SqliteGate | undefined {
  const { adapter } = db.getExecutor();
  return adapter instanceof GatedSqliteAdapter ? adapter.gate : undefined;
}
