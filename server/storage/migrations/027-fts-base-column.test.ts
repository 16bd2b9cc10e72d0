import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.ts';
import { migrateToLatest, migrateUpTo } from '../migrations.ts';
import { createRepositories } from '../repositories.ts';
import type { Database } from '../schema.ts';

let db: Kysely<Database> | undefined;
afterEach(async () => db?.destroy());

describe('migration 027: the knowledge base inside the full-text index', () => {
  it('indexes the passages already stored again, each searchable in its own base only', async () => {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(mkdtempSync(join(tmpdir(), 'parley-mig-')), 'parley.db')) }) });
    await migrateUpTo(db, 'sqlite', '025-passage-embeddings');
    const repos = createRepositories(db, systemClock);
    const now = new Date().toISOString();
    const workspace = await db.insertInto('workspaces').values({ name: 'W', settings: '{}', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const name of ['Windows', 'Pipes']) {
      const base = await repos.knowledgeBases.createBase(workspace.id, { name, description: '', language: 'en' });
      const document = await repos.knowledgeBases.addDocument(base.id, { title: name, url: null, format: 'text', content: '-' });
      const row = await db.selectFrom('knowledge_documents').select('id').where('public_id', '=', document.publicId).executeTakeFirstOrThrow();
      const text = `${name === 'Windows' ? 'Broken windows' : 'Leaking pipes'} are covered; send a photo of the damage.`;
      await db.insertInto('knowledge_passages').values({ document_id: row.id, knowledge_base_id: base.id, position: 0, heading_path: '[]', text, hash: name }).execute();
      ids.push(base.id);
    }

    await migrateToLatest(db, 'sqlite');

    const search = (baseIds: number[], q: string) => repos.knowledgeSearch.fullText({ baseIds, language: 'en' }, q, 5);
    expect((await search([ids[0] ?? 0], 'damage photo')).map((hit) => hit.text)).toEqual(['Broken windows are covered; send a photo of the damage.']);
    expect((await search([ids[1] ?? 0], 'damaged window')).map((hit) => hit.title)).toEqual(['Pipes']);
    expect(await search(ids, 'damage')).toHaveLength(2);
  });
});
