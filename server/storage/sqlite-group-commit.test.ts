import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteGate } from './sqlite-gate.ts';

/** A WAL file with a table `t(v)`, the gate over one connection, and a second connection looking on. */
function openPair() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-group-commit-'));
  const path = join(dir, 'g.db');
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
  const onlooker = new SqliteDatabase(path, { readonly: true });
  const insert = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
  return {
    gate: new SqliteGate(sqlite),
    insert: (v: string) => insert.run(v),
    /** What another connection sees: only committed rows. */
    committed: () => (onlooker.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((row) => row.v),
    close() {
      onlooker.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let pair: ReturnType<typeof openPair> | undefined;
afterEach(() => {
  vi.useRealTimers();
  pair?.close();
  pair = undefined;
});

describe('commits of one pass of the event loop in one SQLite transaction', () => {
  it('writes the commits asked for together in one transaction, none visible before it commits', async () => {
    pair = openPair();
    const { gate, insert, committed } = pair;
    const seenByOthers: string[][] = [];
    const first = gate.commitInGroup(() => (insert('a'), 'first'));
    const second = gate.commitInGroup(() => {
      // The first commit's row is written but not committed: they share a transaction.
      seenByOthers.push(committed());
      insert('b');
      return 'second';
    });
    expect(committed()).toEqual([]);
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
    expect(seenByOthers).toEqual([[]]);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('rolls back and rejects a commit that throws alone; the others of its group are written', async () => {
    pair = openPair();
    const { gate, insert, committed } = pair;
    const before = gate.commitInGroup(() => insert('a'));
    const failing = gate.commitInGroup(() => {
      insert('half-written');
      insert('a'); // UNIQUE: throws after a write of its own
    });
    const after = gate.commitInGroup(() => insert('c'));
    await expect(failing).rejects.toThrow(/UNIQUE/);
    await Promise.all([before, after]);
    expect(committed()).toEqual(['a', 'c']);
  });

  it('commits one asked for alone, and a group asked for after the last one commits on its own', async () => {
    pair = openPair();
    const { gate, insert, committed } = pair;
    await gate.commitInGroup(() => insert('a'));
    expect(committed()).toEqual(['a']);
    await gate.commitInGroup(() => insert('b'));
    expect(committed()).toEqual(['a', 'b']);
  });

  it('is not held back by a test\'s fake timers', async () => {
    pair = openPair();
    const { gate, insert, committed } = pair;
    vi.useFakeTimers();
    await gate.commitInGroup(() => insert('a'));
    expect(committed()).toEqual(['a']);
  });

  it('waits for the connection when another holder has it, and runs after', async () => {
    pair = openPair();
    const { gate, insert, committed } = pair;
    await gate.acquire();
    const commit = gate.commitInGroup(() => insert('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed()).toEqual([]);
    gate.release();
    await commit;
    expect(committed()).toEqual(['a']);
  });
});
