import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { markServer } from '../storage/sqlite-server-marks.ts';
import { runCli } from './main.ts';

function harness(databaseUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-backup-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const dbPath = join(dir, 'parley.db');
  const env = { DATABASE_URL: databaseUrl ?? `sqlite:${dbPath}`, LOG_LEVEL: 'silent' };
  const run = (...argv: string[]) => runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { dir, dbPath, out, err, run };
}

describe('parley backup and restore', () => {
  it('copies the database, refuses to overwrite without --force, and restores it keeping the old file', async () => {
    const h = harness();
    await h.run('workspaces', 'create', '--name', 'Acme');
    const file = join(h.dir, 'copy.db');
    expect(await h.run('backup', file)).toBe(0);
    expect(await h.run('backup', file)).toBe(1);
    expect(h.err.at(-1)).toContain('exists: pass --force');
    expect(await h.run('backup', file, '--force')).toBe(0);

    await h.run('workspaces', 'create', '--name', 'After the backup');
    expect(await h.run('restore', file)).toBe(0);
    expect(h.out.at(-1)).toMatch(/kept as .*parley\.db\.before-restore-/);
    const restored = new SqliteDatabase(h.dbPath, { readonly: true });
    const names = (restored.prepare('SELECT name FROM workspaces').all() as { name: string }[]).map((row) => row.name);
    restored.close();
    expect(names).toContain('Acme');
    expect(names).not.toContain('After the backup');
    const kept = readdirSync(h.dir).find((name) => name.startsWith('parley.db.before-restore-'));
    const old = new SqliteDatabase(join(h.dir, kept ?? 'missing'), { readonly: true });
    expect((old.prepare('SELECT name FROM workspaces').all() as { name: string }[]).map((row) => row.name)).toContain('After the backup');
    old.close();
  });

  it('refuses to restore a file that is not a Parley database, and changes nothing', async () => {
    const h = harness();
    await h.run('workspaces', 'create');
    const junk = join(h.dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text that is long enough to have a header');
    expect(await h.run('restore', junk)).toBe(1);
    expect(h.err.at(-1)).toContain('not a SQLite database');
    const other = join(h.dir, 'other.db');
    const plain = new SqliteDatabase(other);
    plain.exec('CREATE TABLE notes (text TEXT)');
    plain.close();
    expect(await h.run('restore', other)).toBe(1);
    expect(h.err.at(-1)).toContain('no migrations table: not a Parley database');
    expect(await h.run('restore', join(h.dir, 'absent.db'))).toBe(1);
    expect(h.err.at(-1)).toContain('does not exist');
    expect(readdirSync(h.dir).filter((name) => name.includes('before-restore'))).toEqual([]);
  });

  it('refuses to restore while a server process holds the database, and forgets the mark of a dead one', async () => {
    const h = harness();
    await h.run('workspaces', 'create');
    const file = join(h.dir, 'copy.db');
    await h.run('backup', file);
    const unmark = markServer(h.dbPath);
    expect(await h.run('restore', file)).toBe(1);
    expect(h.err.at(-1)).toContain(`a Parley server (process ${process.pid}) is running`);
    unmark();
    // A process that no longer exists (a server killed with -9) left its mark behind.
    const stale = `${h.dbPath}.server-999999999.pid`;
    writeFileSync(stale, `${hostname()}\n`);
    expect(await h.run('restore', file)).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });

  it('points a Postgres database to pg_dump and pg_restore', async () => {
    const h = harness('postgres://parley:parley@127.0.0.1:5432/parley_test');
    expect(await h.run('backup', join(h.dir, 'x.dump'))).toBe(1);
    expect(h.err.at(-1)).toContain('pg_dump --format=custom');
    expect(await h.run('restore', join(h.dir, 'x.dump'))).toBe(1);
    expect(h.err.at(-1)).toContain('pg_restore');
  });

  it('answers bad usage with exit code 2', async () => {
    const h = harness();
    expect(await h.run('backup')).toBe(2);
    expect(h.err.at(-1)).toContain('Usage: parley backup FILE [--force]');
    expect(await h.run('restore', 'a.db', 'b.db')).toBe(2);
    expect(await h.run('backup', h.dbPath)).toBe(2);
  });
});
