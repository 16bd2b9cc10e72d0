/**
 * Online backup and restore of a SQLite database file (issue #19 item 7).
 *
 * A backup is `VACUUM INTO` a temporary file beside the target, synced, then renamed over
 * the target name, so a reader never sees half a backup. `VACUUM INTO` rather than the
 * online backup API (`db.backup()`): it copies inside one read transaction, a snapshot
 * that WAL mode lets the server keep writing past, and finishes in one pass; the backup
 * API starts over whenever another connection (the server's) writes to the source, which
 * under steady load may be never. It also drops free pages, so erased content (which
 * `secure_delete` zeroes anyway) and bloat do not travel into the copy.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

const BUSY_TIMEOUT_MS = 5_000;

/** Copy the database at `dbPath` to `file` while other connections keep writing. */
export function backupSqlite(dbPath: string, file: string): void {
  const temp = `${file}.partial-${process.pid}`;
  rmSync(temp, { force: true });
  const source = new SqliteDatabase(dbPath, { fileMustExist: true });
  try {
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    source.prepare('VACUUM INTO ?').run(temp);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    source.close();
  }
  syncFile(temp);
  renameSync(temp, file);
}

/** What `checkSqliteBackup` found: the migrations it ran, or why it is not a Parley database. */
export type BackupCheck = { ok: true; migrations: string[] } | { ok: false; reason: string };

/**
 * Is `file` a whole Parley database? `integrity_check` passes, Kysely's migrations table is
 * there, and every migration it ran is one this code knows (an older backup is fine: the
 * server runs the rest at start; a newer one belongs to a newer Parley).
 */
export function checkSqliteBackup(file: string, knownMigrations: string[]): BackupCheck {
  if (!existsSync(file)) return { ok: false, reason: `${file} does not exist` };
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return { ok: false, reason: `integrity_check failed: ${String(integrity)}` };
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!table) return { ok: false, reason: 'it has no migrations table: not a Parley database' };
    const migrations = (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((row) => row.name);
    const unknown = migrations.filter((name) => !knownMigrations.includes(name));
    if (unknown.length > 0) return { ok: false, reason: `it was written by a newer Parley (migrations ${unknown.join(', ')})` };
    return { ok: true, migrations };
  } catch (error) {
    return { ok: false, reason: `not a SQLite database (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    db?.close();
  }
}

/**
 * Put `file` in place of the database at `dbPath`; the caller has made sure no process
 * holds it. The old database is first folded into one file (its WAL checkpointed, so no
 * stale `-wal` is left to be replayed onto the restored one) and kept as `keptAs`. The
 * copy is synced beside the target and renamed over it, so `dbPath` is always either the
 * old database or the whole restored one.
 */
export function restoreSqlite(dbPath: string, file: string, keptAs: string): void {
  const temp = `${dbPath}.restoring-${process.pid}`;
  rmSync(temp, { force: true });
  const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    copy.prepare('VACUUM INTO ?').run(temp);
  } finally {
    copy.close();
  }
  syncFile(temp);
  if (existsSync(dbPath)) {
    const old = new SqliteDatabase(dbPath, { fileMustExist: true });
    try {
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.pragma('journal_mode = DELETE');
    } finally {
      old.close();
    }
    // journal_mode DELETE has removed the -wal and -shm files along with the last connection.
    // A second name for the old file, then the rename replaces the first name in one step.
    linkSync(dbPath, keptAs);
  }
  renameSync(temp, dbPath);
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
