import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect, it, vi } from 'vitest';
import { startSqliteCheckpointer } from './sqlite-checkpointer.ts';

/** A fresh WAL-mode file with one table of rows, as the server opens its database. */
function walDatabase(): { path: string; sqlite: SqliteDatabase.Database } {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-checkpoint-')), 'c.db');
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table t (id integer primary key, body text)');
  return { path, sqlite };
}

it('checkpoints the WAL from its own thread while the main connection only writes, and hands checkpoints back when stopped', async () => {
  const { path, sqlite } = walDatabase();
  const checkpointer = startSqliteCheckpointer(sqlite, path, { intervalMs: 10, restartFrames: 64 });
  try {
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = sqlite.prepare('insert into t (body) values (?)');
    // 2 MB in rows of 4 KB: far past the restart bound, written only to the WAL by this connection.
    for (let i = 0; i < 512; i++) insert.run('x'.repeat(4096));
    // The pages reach the database file only through the worker's checkpoints.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(2_000_000), { timeout: 15_000, interval: 20 });
    // And writing goes on: nothing holds the writer back for good.
    insert.run('after');
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 513 });
  } finally {
    await checkpointer.stop();
  }
  expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  sqlite.close();
});

it('starts the WAL over again and again under steady writes, without ever holding the writer back', async () => {
  const { path, sqlite } = walDatabase();
  // Any wait for a checkpoint would surface as SQLITE_BUSY here instead of a sleep.
  sqlite.pragma('busy_timeout = 0');
  // No RESTART fallback: the passive passes alone must bring the WAL back to its start.
  const checkpointer = startSqliteCheckpointer(sqlite, path, { intervalMs: 10, restartFrames: 64, stuckFrames: Number.MAX_SAFE_INTEGER });
  try {
    const insert = sqlite.prepare('insert into t (body) values (?)');
    const rows = 1500;
    // Rows of 4 KB (two pages and more each), a commit about every millisecond, as a server's turns come.
    for (let i = 0; i < rows; i++) {
      insert.run('x'.repeat(4096));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: rows });
    // The WAL file only grows to the furthest frame written: had it never started over,
    // it would hold every frame, ~17 MB.
    expect(statSync(`${path}-wal`).size).toBeLessThan(2_000_000);
  } finally {
    await checkpointer.stop();
    sqlite.close();
  }
});
