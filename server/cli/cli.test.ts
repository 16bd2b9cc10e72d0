import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimAgentBody } from '../../test/fixtures/claim-agent.ts';
import { runCli } from './main.ts';

function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };
  const run = (...argv: string[]) => runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { dir, out, err, run };
}

describe('the parley CLI', () => {
  it('creates a workspace with a key, then another key for it', async () => {
    const h = harness();
    expect(await h.run('workspaces', 'create', '--name', 'Acme')).toBe(0);
    expect(h.out.join('\n')).toMatch(/Workspace 1 created[\s\S]*pk_live_[0-9A-Za-z]{32}/);
    expect(await h.run('keys', 'create', '--workspace', '1')).toBe(0);
    expect(h.out.at(-1)).toMatch(/pk_live_[0-9A-Za-z]{32}$/);
  });

  it('refuses a key for a workspace that does not exist', async () => {
    const h = harness();
    expect(await h.run('keys', 'create', '--workspace', '7')).toBe(1);
    expect(h.err.join('')).toContain('Workspace 7 not found');
  });

  it('imports an agent file, and rejects a broken one with a message', async () => {
    const h = harness();
    await h.run('workspaces', 'create');
    const good = join(h.dir, 'agent.json');
    writeFileSync(good, JSON.stringify(claimAgentBody()));
    expect(await h.run('agents', 'import', good)).toBe(0);
    expect(h.out.at(-1)).toMatch(/Imported "Claims" as agent_[0-9a-f]{8}.*version 1 published/);

    const bad = join(h.dir, 'bad.json');
    writeFileSync(bad, '{"name": ');
    expect(await h.run('agents', 'import', bad)).toBe(1);
    expect(h.err.at(-1)).toContain('not valid JSON');
  });

  it('imports every file a shell-expanded glob names, each on its own line', async () => {
    const h = harness();
    await h.run('workspaces', 'create');
    const files = ['a.json', 'b.json'].map((name, i) => {
      const file = join(h.dir, name);
      writeFileSync(file, JSON.stringify({ ...claimAgentBody(), name: `Claims ${i + 1}` }));
      return file;
    });
    expect(await h.run('agents', 'import', ...files)).toBe(0);
    expect(h.out.slice(-2)).toEqual([expect.stringMatching(/^Imported "Claims 1" as agent_/), expect.stringMatching(/^Imported "Claims 2" as agent_/)]);
  });

  it('imports none of several files when one cannot be, naming that file and what is wrong', async () => {
    const h = harness();
    await h.run('workspaces', 'create');
    const good = join(h.dir, 'good.json');
    writeFileSync(good, JSON.stringify(claimAgentBody()));
    const missing = join(h.dir, 'missing.json');
    const before = h.out.length;
    expect(await h.run('agents', 'import', good, missing)).toBe(1);
    expect(h.err).toContain(`${missing}: no such file`);
    expect(h.err.at(-1)).toBe('Nothing imported: 1 of 2 files cannot be imported.');
    expect(h.out.length).toBe(before);
    expect(await h.run('agents', 'import', good)).toBe(0);
    expect(h.out.at(-1)).toMatch(/Imported "Claims" as agent_[0-9a-f]{8} \(workspace 1, version 1 published\)/);
  });

  it('exits 2 on an unknown command or bad flags', async () => {
    const h = harness();
    expect(await h.run('frobnicate')).toBe(2);
    expect(await h.run('keys', 'create', '--workspace', 'abc')).toBe(2);
    expect(await h.run('agents', 'import')).toBe(2);
  });
});
