/**
 * `parley backup` under load and `parley restore` into a fresh data directory (issue #19
 * item 7): a real server process takes concurrent text-chat turns while the backup runs as
 * a process of its own; a server started on the restored copy has every message the first
 * one acknowledged before the backup began.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { serverClient } from '../helpers/server-client.ts';
import { startServerProcess, tempSqliteUrl } from '../helpers/server-process.ts';

const BIN = new URL('../../bin/parley.js', import.meta.url).pathname;
const CONVERSATIONS = 8;

/** Runs `parley ARGS…` as its own process; resolves with its exit code and output. */
function parley(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('parley backup and restore', () => {
  it('backs up while turns run; a server on the restored copy has every message acknowledged before the backup', async () => {
    const live = { DATABASE_URL: tempSqliteUrl() };
    const first = await startServerProcess(live);
    const client = await serverClient(first);
    const agent = await client.agents.create(loopAgentBody);
    const runs: number[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) runs.push((await client.textChat.start(agent.id)).workflow_run_id);

    // Each conversation sends turn after turn until told to stop; an entry is added once its
    // turn was answered (acknowledged).
    const acknowledged = new Map<number, string[]>(runs.map((run) => [run, []]));
    let loading = true;
    const load = runs.map(async (run) => {
      for (let n = 0; loading; n++) {
        const text = `${run}-${n}`;
        await client.textChat.send(agent.id, run, { content: text });
        acknowledged.get(run)?.push(text);
      }
    });
    const total = () => [...acknowledged.values()].reduce((sum, texts) => sum + texts.length, 0);
    while (total() < CONVERSATIONS * 3) await new Promise((resolve) => setTimeout(resolve, 50));

    const before = new Map([...acknowledged].map(([run, texts]) => [run, [...texts]]));
    const file = join(mkdtempSync(join(tmpdir(), 'parley-backup-')), 'parley-backup.db');
    const backup = await parley(live, 'backup', file);
    const duringBackup = total() - [...before.values()].reduce((sum, texts) => sum + texts.length, 0);
    // The same file again is refused without --force, and restoring under a running server is refused.
    const [again, underServer] = await Promise.all([parley(live, 'backup', file), parley(live, 'restore', file)]);
    loading = false;
    await Promise.all(load);
    await first.stop();

    expect(backup).toMatchObject({ code: 0 });
    expect(backup.output).toContain(`to ${file}`);
    expect(again.code).toBe(1);
    expect(again.output).toContain('pass --force');
    expect(underServer.code).toBe(1);
    expect(underServer.output).toMatch(/a Parley server \(process \d+\) is running/);
    // The load really ran while the backup was taken.
    expect(duringBackup).toBeGreaterThan(0);

    const fresh = { DATABASE_URL: tempSqliteUrl() };
    const restore = await parley(fresh, 'restore', file);
    expect(restore).toMatchObject({ code: 0 });
    const restoredPath = fresh.DATABASE_URL.slice('sqlite:'.length);
    const check = new SqliteDatabase(restoredPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const second = await startServerProcess({ ...fresh, PARLEY_API_KEY: first.key });
    try {
      const after = await serverClient(second);
      for (const [run, texts] of before) {
        const view = await after.textChat.get(agent.id, run);
        const userTexts = view.messages.filter((m) => m.role === 'user').map((m) => m.content);
        // Everything acknowledged before, in order; turns answered during the backup may follow.
        expect(userTexts.slice(0, texts.length)).toEqual(texts);
      }
    } finally {
      await second.stop();
    }
    // Two server starts and four CLI processes: on the shared two-core machine that took 110 s.
  }, 240_000);

  it('answers bad usage with exit code 2 and a message', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    const [missing, badFlag] = await Promise.all([parley(env, 'backup'), parley(env, 'restore', 'a.db', '--force')]);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('Usage: parley backup FILE [--force]');
    expect(badFlag.code).toBe(2);
    expect(badFlag.output).toMatch(/Unknown option '--force'/);
  }, 60_000);
});
