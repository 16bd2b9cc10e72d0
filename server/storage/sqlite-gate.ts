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
import { setImmediate } from 'node:timers';
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

/** A commit waiting for its group's transaction, and how to answer its caller. */
interface GroupedCommit {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Kysely prepares every query anew; preparing was a tenth of a turn's CPU. The same SQL text always yields the same statement. */
const STATEMENT_CACHE_SIZE = 200;

export class SqliteGate {
  readonly #sqlite: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();
  readonly #waiters: (() => void)[] = [];
  readonly #inTransaction: (work: () => unknown) => unknown;
  #group: GroupedCommit[] = [];
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
  #transactionSync<T>(work: () => T): T {
    // The gate keeps Kysely's transactions out while we hold it: a nested BEGIN would be a bug.
    if (this.#sqlite.inTransaction) throw new Error('a synchronous SQLite transaction found another one open');
    return this.#inTransaction(work) as T;
  }

  /**
   * Run `work`, synchronous writes, in one transaction with every other commit asked for
   * before the event loop's next check phase (group commit): each in a savepoint of its
   * own, so one that throws is rolled back alone and rejects alone; the rest resolve once
   * the shared COMMIT has run. Under load the turns parsed in one pass of the event loop
   * reach their commits together, and share its fixed cost and the pages they all touch
   * (the messages table's last leaf, its index, `sqlite_sequence`, the free list): in a
   * bare loop five commits a transaction wrote 5.5 WAL frames a turn instead of 10.3, in
   * half the time (bench/README.md, "Turns committed in groups"). A commit asked for alone
   * waits one pass of the loop at most. Durability is unchanged: nobody hears of a commit
   * before COMMIT has returned.
   */
  commitInGroup<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#group.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // `node:timers`, not the global: a test's fake timers must not hold commits back.
      if (this.#group.length === 1) setImmediate(() => void this.#commitGroup());
    });
  }

  async #commitGroup(): Promise<void> {
    const group = this.#group;
    this.#group = [];
    // How to answer each caller, decided inside the transaction, carried out after COMMIT.
    const answers: (() => void)[] = [];
    try {
      await this.exclusive(() =>
        this.#transactionSync(() => {
          for (const { work, resolve, reject } of group) {
            try {
              // Inside a transaction, better-sqlite3's transaction function is a SAVEPOINT.
              const value = this.#inTransaction(work);
              answers.push(() => resolve(value));
            } catch (error) {
              answers.push(() => reject(error));
            }
          }
        }),
      );
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of the group was written.
      for (const { reject } of group) reject(error);
      return;
    }
    for (const answer of answers) answer();
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
