/**
 * The two ways a planned commit (session-commit-plan.ts) is written, each all-or-nothing
 * and guarded by the revision the change was made at:
 *
 * - SQLite: synchronous better-sqlite3 writes under the connection's gate — no await
 *   inside, so the connection is never held while anything else runs — in a savepoint of
 *   one transaction with the other commits of the same pass of the event loop;
 * - Postgres: ONE statement, whose data-modifying CTEs update the session and insert the
 *   branch, the messages, the outbox rows and the append key only if the update found the revision: one
 *   round trip, no BEGIN/COMMIT, instead of four or five.
 *
 * A session's creation is written here too, once per engine, beside its commits.
 */
import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { conflict } from '../errors.ts';
import type { CommitPlan } from './session-commit-plan.ts';
import type { SessionRecord } from './session-records.ts';
import type { Database, MessagesTable, SessionBranchesTable, SessionsTable } from './schema.ts';
import type { WebhookOutboxTable } from './calls-webhooks-schema.ts';
import type { SqliteGate } from './sqlite-gate.ts';
import { placeholderRow, rowValues, type Param, type StatementCache } from './statement-cache.ts';

export const staleRevision = () => conflict('The session changed since it was read (stale revision); reload it and try again', 'revision_conflict');

function updateSession(db: Kysely<Database>, param: Param, plan: CommitPlan) {
  return db.updateTable('sessions').set(placeholderRow(param, 'set.', plan.set)).where('id', '=', param<number>('id')).where('revision', '=', param<number>('revision'));
}

const updateValues = (plan: CommitPlan) => ({ ...rowValues('set.', plan.set), id: plan.saved.id, revision: plan.revision });

/** Inside a synchronous transaction: the messages, then the outbox rows of the same change. */
function insertMessagesAndOutbox(
  db: Kysely<Database>,
  statements: StatementCache,
  sqlite: SqliteGate,
  messages: Insertable<MessagesTable>[],
  outbox: Insertable<WebhookOutboxTable>[],
): void {
  // Row by row: one statement, compiled once, whatever the number of rows.
  for (const message of messages) {
    sqlite.runSync(statements.compiled(`sqlite insert message ${Object.keys(message)}`, (param) => db.insertInto('messages').values(placeholderRow(param, 'm.', message)), rowValues('m.', message)));
  }
  // One statement, so the ids follow the order of the events: the relay keeps that order.
  if (outbox.length > 0) sqlite.runSync(db.insertInto('webhook_outbox').values(outbox).compile());
}

/** The commit's writes, synchronous, for a savepoint of a grouped commit (`SqliteGate.commitInGroup`): all or nothing there. */
function writeCommitSqlite(db: Kysely<Database>, statements: StatementCache, sqlite: SqliteGate, plan: CommitPlan): SessionRecord {
  const updated = sqlite.runSync(statements.compiled(`sqlite update session ${Object.keys(plan.set)}`, (param) => updateSession(db, param, plan), updateValues(plan)));
  if (updated.numAffectedRows !== 1n) throw staleRevision();
  if (plan.branch) sqlite.runSync(db.insertInto('session_branches').values(plan.branch).compile());
  insertMessagesAndOutbox(db, statements, sqlite, plan.messages, plan.outbox);
  const { appendKey } = plan;
  if (appendKey) sqlite.runSync(statements.compiled('sqlite insert append key', (param) => db.insertInto('append_keys').values(placeholderRow(param, 'k.', appendKey)), rowValues('k.', appendKey)));
  return plan.saved;
}

/** The commit on SQLite: its writes in a savepoint of the transaction its group of commits shares; resolves once that is committed. */
export function commitSqlite(db: Kysely<Database>, statements: StatementCache, sqlite: SqliteGate, plan: CommitPlan): Promise<SessionRecord> {
  return sqlite.commitInGroup(() => writeCommitSqlite(db, statements, sqlite, plan));
}

/** A new session and the rows that go in with it, which need its id. */
export interface SessionOpening {
  session: SessionRecord;
  branch: Insertable<SessionBranchesTable>;
  messages: Insertable<MessagesTable>[];
  outbox: Insertable<WebhookOutboxTable>[];
}

/**
 * A session's creation, on either engine: the session row, then what `opening` makes of it
 * (its branch, opening messages and outbox rows need its id), all or nothing.
 *
 * On SQLite, as a commit is: synchronous writes in a savepoint of a grouped commit, so the
 * connection is not held across the awaits of a Kysely transaction while turns wait for it.
 */
export function createSessionSqlite(
  db: Kysely<Database>,
  statements: StatementCache,
  sqlite: SqliteGate,
  row: Insertable<SessionsTable>,
  opening: (inserted: Selectable<SessionsTable>) => SessionOpening,
): Promise<SessionRecord> {
  return sqlite.commitInGroup(() => {
    const [inserted] = sqlite.runSync(
      statements.compiled(`sqlite insert session ${Object.keys(row)}`, (param) => db.insertInto('sessions').values(placeholderRow(param, 's.', row)).returningAll(), rowValues('s.', row)),
    ).rows;
    if (!inserted) throw new Error('inserting a session returned no row');
    const { session, branch, messages, outbox } = opening(inserted);
    sqlite.runSync(statements.compiled(`sqlite insert branch ${Object.keys(branch)}`, (param) => db.insertInto('session_branches').values(placeholderRow(param, 'b.', branch)), rowValues('b.', branch)));
    insertMessagesAndOutbox(db, statements, sqlite, messages, outbox);
    return session;
  });
}

/** On Postgres: a transaction on a pooled connection, whose awaits hold up nobody else. */
export function createSessionPostgres(
  db: Kysely<Database>,
  row: Insertable<SessionsTable>,
  opening: (inserted: Selectable<SessionsTable>) => SessionOpening,
): Promise<SessionRecord> {
  return db.transaction().execute(async (trx) => {
    const { session, branch, messages, outbox } = opening(await trx.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow());
    await trx.insertInto('session_branches').values(branch).execute();
    if (messages.length > 0) await trx.insertInto('messages').values(messages).execute();
    // One statement, so the ids follow the order of the events: the relay keeps that order.
    if (outbox.length > 0) await trx.insertInto('webhook_outbox').values(outbox).execute();
    return session;
  });
}

/**
 * The Postgres types of the columns a commit inserts. Rows go in through a VALUES list,
 * whose parameters Postgres would otherwise type as text; session-commit.test.ts checks
 * these against the migrated tables.
 */
export const INSERTED_COLUMN_TYPES = {
  session_branches: { session_id: 'integer', id: 'text', parent_id: 'text', fork_index: 'integer', created_at: 'text' },
  messages: {
    session_id: 'integer', branch_id: 'text', idx: 'integer', role: 'text', author: 'text', content: 'text', choices: 'text', snapshot: 'text',
    turn: 'text', feedback: 'text', created_at: 'text', agent_id: 'integer', agent_version: 'integer',
  },
  webhook_outbox: {
    event_id: 'text', workspace_id: 'integer', session_id: 'integer', event: 'text', data: 'text', present: 'text', subject_id: 'integer', created_at: 'text', lease_until: 'text',
  },
  append_keys: { session_id: 'integer', key: 'text', reply: 'text', created_at: 'text' },
} as const;

type InsertedTable = keyof typeof INSERTED_COLUMN_TYPES;

/** `select * from (values (…), (…)) as v(…) where exists (select 1 from "updated")`: the rows, only if the update matched. */
function rowsIfUpdated(param: Param, table: InsertedTable, prefix: string, rows: readonly object[]): RawBuilder<unknown> {
  const types: Record<string, string> = INSERTED_COLUMN_TYPES[table];
  const columns = Object.keys(rows[0] ?? {});
  const unknown = columns.find((column) => !(column in types));
  if (unknown) throw new Error(`no Postgres type known for ${table}.${unknown}`);
  const tuples = rows.map((_, i) => sql`(${sql.join(columns.map((column) => sql`cast(${param(`${prefix}${i}.${column}`)} as ${sql.raw(types[column] ?? 'text')})`))})`);
  return sql`select * from (values ${sql.join(tuples)}) as v(${sql.join(columns.map((column) => sql.ref(column)))}) where exists (select 1 from "updated")`;
}

/** The commit as one statement; its rows are the updated session's id, none when the revision was stale. */
export function commitPostgresStatement(db: Kysely<Database>, statements: StatementCache, plan: CommitPlan) {
  const inserts: [InsertedTable, string, readonly object[]][] = [
    ['session_branches', 'b', plan.branch ? [plan.branch] : []],
    ['messages', 'm', plan.messages],
    ['webhook_outbox', 'o', plan.outbox],
    ['append_keys', 'k', plan.appendKey ? [plan.appendKey] : []],
  ];
  const present = inserts.filter(([, , rows]) => rows.length > 0);
  const shape = `postgres commit ${Object.keys(plan.set)} ${present.map(([table, , rows]) => `${table}:${rows.length}:${Object.keys(rows[0] ?? {})}`)}`;
  const build = (param: Param) => {
    const ctes = present.map(
      ([table, prefix, rows]) =>
        sql`, ${sql.ref(`insert_${table}`)} as (insert into ${sql.table(table)} (${sql.join(Object.keys(rows[0] ?? {}).map((column) => sql.ref(column)))}) ${rowsIfUpdated(param, table, prefix, rows)})`,
    );
    const statement = sql<{ id: number }>`with "updated" as (${updateSession(db, param, plan).returning('id')})${sql.join(ctes, sql``)} select "id" from "updated"`;
    return { compile: () => statement.compile(db) };
  };
  const values = Object.assign({}, updateValues(plan), ...present.flatMap(([, prefix, rows]) => rows.map((row, i) => rowValues(`${prefix}${i}.`, row)))) as Record<string, unknown>;
  return statements.compiled(shape, build, values);
}
