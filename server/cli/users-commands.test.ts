import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { openDatabase } from '../storage/database.ts';
import { createRepositories } from '../storage/repositories.ts';
import { systemClock } from '../clock.ts';

function harness(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-users-'));
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent', ...extra };
  const run = (...argv: string[]) => runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { env, out, err, run };
}

describe('parley users create', () => {
  it('adds an invited user and prints the one-time link on the public URL', async () => {
    const h = harness({ PARLEY_PUBLIC_URL: 'https://chat.example.com' });
    await h.run('workspaces', 'create');
    expect(await h.run('users', 'create', '--email', 'Ana@Example.com', '--role', 'builder')).toBe(0);
    expect(h.out.at(-1)).toMatch(/^User Ana@Example\.com \(builder\) created in workspace 1\. .*\nhttps:\/\/chat\.example\.com\/console\/set-password\?token=[0-9A-Za-z]{43}$/);
    const database = await openDatabase({ url: h.env.DATABASE_URL });
    try {
      const user = await createRepositories(database.db, systemClock).users.findByEmail(1, 'ana@example.com');
      expect(user).toMatchObject({ role: 'builder', passwordHash: null });
    } finally {
      await database.close();
    }
  });

  it('builds the link on http://HOST:PORT without a public URL', async () => {
    const h = harness({ PORT: '9911' });
    await h.run('workspaces', 'create');
    expect(await h.run('users', 'create', '--email', 'op@example.com', '--role', 'operator')).toBe(0);
    expect(h.out.at(-1)).toContain('http://127.0.0.1:9911/console/set-password?token=');
  });

  it('refuses an e-mail the workspace has, a bad role or e-mail, and a missing workspace', async () => {
    const h = harness();
    expect(await h.run('users', 'create', '--email', 'a@example.com', '--role', 'admin')).toBe(1);
    expect(h.err.at(-1)).toContain('No workspace yet');
    await h.run('workspaces', 'create');
    expect(await h.run('users', 'create', '--email', 'a@example.com', '--role', 'admin')).toBe(0);
    expect(await h.run('users', 'create', '--email', 'A@EXAMPLE.COM', '--role', 'builder')).toBe(1);
    expect(h.err.at(-1)).toContain('already has a user with the e-mail A@EXAMPLE.COM');
    expect(await h.run('users', 'create', '--email', 'b@example.com', '--role', 'owner')).toBe(2);
    expect(h.err.at(-1)).toContain('--role must be admin, builder or operator');
    expect(await h.run('users', 'create', '--email', 'nope', '--role', 'builder')).toBe(2);
    expect(await h.run('users', 'create', '--role', 'builder')).toBe(2);
  });
});
