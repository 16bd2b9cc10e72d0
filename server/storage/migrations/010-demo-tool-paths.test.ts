import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../database.ts';
import type { Database } from '../schema.ts';
import { demoToolPathsMigration } from './010-demo-tool-paths.ts';

let handle: DatabaseHandle | undefined;
afterEach(async () => handle?.close());

async function agentWithTools(db: Kysely<Database>, urls: string[]): Promise<number> {
  const now = new Date().toISOString();
  const workspace = await db.insertInto('workspaces').values({ name: 'W', settings: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
  const tools = urls.map((server_url, i) => ({ name: `t${i}`, server_url, method: 'POST' }));
  const agent = await db
    .insertInto('agents')
    .values({ public_id: 'agent_0000abcd', workspace_id: workspace.id, name: 'A', config: JSON.stringify({ name: 'A', tools }), published_version: null, latest_version: 1, created_at: now, updated_at: now, deleted_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return agent.id;
}

describe('migration 010: demo tool paths', () => {
  it('rewrites demo tool URLs an older version pinned to a loopback port, and leaves every other tool alone', async () => {
    handle = await openDatabase({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-mig-')), 'parley.db')}` });
    const urls = ['http://127.0.0.1:8787/demo/api/policies', 'http://localhost:3000/demo/api/claims?x=1', 'https://tools.example/demo/api/policies', 'http://127.0.0.1:9000/lookup', '/demo/api/reservations'];
    const id = await agentWithTools(handle.db, urls);
    await demoToolPathsMigration().up(handle.db as unknown as Kysely<unknown>);
    const row = await handle.db.selectFrom('agents').select('config').where('id', '=', id).executeTakeFirstOrThrow();
    const config = JSON.parse(row.config) as { tools: { server_url: string }[] };
    expect(config.tools.map((t) => t.server_url)).toEqual(['/demo/api/policies', '/demo/api/claims?x=1', 'https://tools.example/demo/api/policies', 'http://127.0.0.1:9000/lookup', '/demo/api/reservations']);
  });
});
