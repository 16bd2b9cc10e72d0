import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../database.ts';
import { inlineKnowledgeMigration } from './024-inline-knowledge.ts';

let handle: DatabaseHandle | undefined;
afterEach(async () => handle?.close());

describe('migration 024: inline knowledge', () => {
  it("moves an agent's inline documents into a queued base of its workspace and names it in knowledge_base_ids", async () => {
    handle = await openDatabase({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-mig-')), 'parley.db')}` });
    const { db } = handle;
    const now = new Date().toISOString();
    const workspace = await db.insertInto('workspaces').values({ name: 'W', settings: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const config = { name: 'Claims', language: 'fr', knowledge: [{ title: 'Hours', content: 'Open 9 to 5.' }, { title: 'Empty', content: ' ' }] };
    const row = { workspace_id: workspace.id, published_version: null, latest_version: 1, created_at: now, updated_at: now, deleted_at: null };
    const agent = await db.insertInto('agents').values({ ...row, public_id: 'agent_0000abcd', name: 'Claims', config: JSON.stringify(config) }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('agents').values({ ...row, public_id: 'agent_0000abce', name: 'Plain', config: JSON.stringify({ name: 'Plain' }) }).execute();

    await inlineKnowledgeMigration().up(db as unknown as Kysely<unknown>);

    const bases = await db.selectFrom('knowledge_bases').selectAll().execute();
    expect(bases.map((base) => [base.workspace_id, base.name, base.language])).toEqual([[workspace.id, 'Claims: inline knowledge', 'fr']]);
    const documents = await db.selectFrom('knowledge_documents').select(['title', 'content', 'status']).execute();
    expect(documents).toEqual([{ title: 'Hours', content: 'Open 9 to 5.', status: 'processing' }]);
    const migrated = JSON.parse((await db.selectFrom('agents').select('config').where('id', '=', agent.id).executeTakeFirstOrThrow()).config) as Record<string, unknown>;
    expect(migrated).toMatchObject({ knowledge: [], knowledge_base_ids: [bases[0]?.public_id] });
  });
});
