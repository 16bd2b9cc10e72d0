/**
 * What an API key reaches, as the text-chat turn asks it (`agents.findWithKey`), follows
 * every write at once on both databases — on SQLite where it is remembered
 * (key-reach-memo.ts, migration 031), including a write from another connection.
 */
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { freshSqliteForSuite, openFreshDatabase, testDatabases } from '../../test/helpers/test-databases.ts';
import { createRepositories, type Repositories } from './repositories.ts';

const agentConfig = { name: 'A', system_prompt: 'first', language: 'en', llm: {}, tools: [], widget: { enabled: false, allowed_origins: [], theme: {} }, knowledge_base_ids: [], knowledge: [] };

describe.each(testDatabases())('what an API key reaches on $dialect', (target) => {
  let opened: Awaited<ReturnType<typeof openFreshDatabase>>;
  let repos: Repositories;
  let workspaceId: number;
  const clock = manualClock('2026-07-01T00:00:00.000Z');

  beforeAll(async () => {
    opened = await openFreshDatabase(target);
    repos = createRepositories(opened.database.db, clock);
    workspaceId = (await repos.workspaces.create('W')).id;
  });
  afterAll(() => opened.close());

  it('shows an edit, a deletion and a revoked key at once', async () => {
    const { key, record } = await repos.apiKeys.issue(workspaceId, 'k');
    const agent = await repos.agents.create(workspaceId, agentConfig);
    expect((await repos.agents.findWithKey(key, agent.publicId))?.agent?.config.system_prompt).toBe('first');
    expect((await repos.agents.findWithKey(key, agent.publicId))?.agent?.config.system_prompt).toBe('first');

    const edited = await repos.agents.updateConfig(agent, { ...agent.config, system_prompt: 'second' });
    expect((await repos.agents.findWithKey(key, agent.publicId))?.agent?.config.system_prompt).toBe('second');

    await repos.agents.softDelete(edited);
    const afterDelete = await repos.agents.findWithKey(key, agent.publicId);
    expect(afterDelete?.workspaceId).toBe(workspaceId);
    expect(afterDelete?.agent).toBeUndefined();

    expect(await repos.apiKeys.revoke(workspaceId, record.publicId)).toBe(true);
    expect(await repos.agents.findWithKey(key, agent.publicId)).toBeUndefined();
  });

  it('never answers with another workspace\'s agent', async () => {
    const other = (await repos.workspaces.create('Other')).id;
    const theirs = await repos.agents.create(other, agentConfig);
    const { key } = await repos.apiKeys.issue(workspaceId, 'mine');
    const reach = await repos.agents.findWithKey(key, theirs.publicId);
    expect(reach?.workspaceId).toBe(workspaceId);
    expect(reach?.agent).toBeUndefined();
  });
});

describe('what an API key reaches on SQLite, remembered', () => {
  const opened = freshSqliteForSuite();
  let repos: Repositories;
  let workspaceId: number;
  const clock = manualClock('2026-07-01T00:00:00.000Z');

  beforeAll(async () => {
    repos = createRepositories(opened().database.db, clock);
    workspaceId = (await repos.workspaces.create('W')).id;
  });

  it('sees a write another connection made to the same file', async () => {
    const { key } = await repos.apiKeys.issue(workspaceId, 'cli');
    const agent = await repos.agents.create(workspaceId, agentConfig);
    expect((await repos.agents.findWithKey(key, agent.publicId))?.agent?.config.system_prompt).toBe('first');
    const other = new SqliteDatabase(opened().location.url.slice('sqlite:'.length));
    try {
      other.prepare('UPDATE agents SET config = ?, updated_at = ? WHERE id = ?').run(JSON.stringify({ ...agentConfig, system_prompt: 'from the CLI' }), '2026-07-01T00:01:00.000Z', agent.id);
      expect((await repos.agents.findWithKey(key, agent.publicId))?.agent?.config.system_prompt).toBe('from the CLI');
      other.prepare('DELETE FROM api_keys WHERE key_hash = (SELECT key_hash FROM api_keys ORDER BY id DESC LIMIT 1)').run();
      expect(await repos.agents.findWithKey(key, agent.publicId)).toBeUndefined();
    } finally {
      other.close();
    }
  });

  it('does not start over for a recorded key use', async () => {
    const generation = async () => (await sql<{ generation: number }>`SELECT generation FROM access_generation`.execute(opened().database.db)).rows[0]?.generation;
    const { key } = await repos.apiKeys.issue(workspaceId, 'busy');
    const agent = await repos.agents.create(workspaceId, agentConfig);
    const reach = await repos.agents.findWithKey(key, agent.publicId);
    if (!reach) throw new Error('the key reaches nothing');
    const before = await generation();
    await repos.apiKeys.recordUse(reach.key);
    expect(await generation()).toBe(before);
  });
});
