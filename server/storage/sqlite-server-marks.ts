/**
 * Which server processes hold a SQLite database, for `parley restore` (which must not swap
 * the file under a running server). Each server writes `<db>.server-<pid>.pid` (its host
 * name inside) when it starts and removes it when it closes. A mark whose process is gone
 * (kill -9, a crash) is stale: `liveServerMarks` removes it and does not count it. Marks
 * are files rather than rows so that a restore can check them without opening (and so
 * perhaps migrating or locking) the database it is about to replace; SQLite is one host's
 * database, so a process id on that host is enough to name a holder.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

const MARK = /^(.+)\.server-(\d+)\.pid$/;

/** Mark `dbPath` as held by this process; the returned function removes the mark. */
export function markServer(dbPath: string): () => void {
  const mark = `${dbPath}.server-${process.pid}.pid`;
  writeFileSync(mark, `${hostname()}\n`);
  return () => rmSync(mark, { force: true });
}

/** Server processes that hold `dbPath` now, by process id (stale marks are removed). */
export function liveServerMarks(dbPath: string): number[] {
  const dir = dirname(dbPath);
  const name = basename(dbPath);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const entry of entries) {
    const match = MARK.exec(entry);
    if (match?.[1] !== name) continue;
    const pid = Number(match[2]);
    const path = join(dir, entry);
    const host = readFileSync(path, 'utf8').trim();
    // Another host's process cannot be checked from here: count it as live.
    if (host !== hostname() || isAlive(pid)) live.push(pid);
    else rmSync(path, { force: true });
  }
  return live;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
