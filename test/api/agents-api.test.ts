import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { agentListSchema, agentSchema, agentVersionListSchema, agentVersionSchema } from '../../shared/api/agents-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';

type AgentList = z.output<typeof agentListSchema>;

describe.each(testDatabases())('agents API on $dialect', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(() => t.close());

  async function countAgents() {
    return (await t.database.db.selectFrom('agents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
  }

  it('creates an agent whose workflow becomes version 1, published', async () => {
    const agent = await readJson(await t.call('POST', '/v1/agents', claimAgentBody()), agentSchema, 201);
    expect(agent.id).toMatch(/^agent_[0-9a-f]{8}$/);
    expect(agent).toMatchObject({ name: 'Claims', published_version: 1, latest_version: 1, language: 'en' });
    expect(agent.workflow?.start).toBe('greet');
  });

  it('gets an agent by its public id and by its integer id', async () => {
    const created = await createAgent(t, { name: 'Lookup' });
    const byPublic = await readJson(await t.call('GET', `/v1/agents/${created.id}`), agentSchema, 200);
    const byNumber = await readJson(await t.call('GET', `/v1/agents/${created.numeric_id}`), agentSchema, 200);
    expect(byPublic.id).toBe(created.id);
    expect(byNumber.id).toBe(created.id);
  });

  it('pages through agents with a cursor, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await t.call('POST', '/v1/agents', { name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AgentList = await readJson(await t.call('GET', `/v1/agents?limit=2${cursor ? `&after=${cursor}` : ''}`), agentListSchema, 200);
      seen.push(...page.agents.map((a) => a.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Number(await countAgents()));
  });

  it('updates configuration and deletes an agent', async () => {
    const created = await createAgent(t, { name: 'Old' });
    const updated = await readJson(await t.call('PATCH', `/v1/agents/${created.id}`, { name: 'New', llm: { temperature: 0.2 } }), agentSchema, 200);
    expect(updated).toMatchObject({ name: 'New', llm: { temperature: 0.2 } });
    expect((await t.call('DELETE', `/v1/agents/${created.id}`)).status).toBe(204);
    expect((await t.call('GET', `/v1/agents/${created.id}`)).status).toBe(404);
  });

  it('a PATCH changes only the fields it names; the others keep their values', async () => {
    const created = await createAgent(t, {
      name: 'Kept',
      system_prompt: 'Be brief.',
      language: 'fr',
      llm: { temperature: 0.3 },
      tools: [{ name: 'lookup', server_url: 'https://tools.example/lookup' }],
      widget: { enabled: true, allowed_origins: ['https://shop.example'], title: 'Aide' },
    });
    const before = await readJson(await t.call('GET', `/v1/agents/${created.id}`), agentSchema, 200);
    const renamed = await readJson(await t.call('PATCH', `/v1/agents/${created.id}`, { name: 'Renamed' }), agentSchema, 200);
    expect(renamed).toEqual({ ...before, name: 'Renamed', updated_at: renamed.updated_at });
    expect(renamed).toMatchObject({ system_prompt: 'Be brief.', language: 'fr', llm: { temperature: 0.3 }, widget: { enabled: true, title: 'Aide' } });
  });

  it('saves drafts, publishes the latest, and lists versions', async () => {
    const created = await createAgent(t, claimAgentBody());
    const draft = await t.call('PUT', `/v1/agents/${created.id}/workflow`, { start: 'bye', nodes: { bye: { type: 'end', text: 'Bye' } } });
    expect(await readJson(draft, agentVersionSchema, 201)).toMatchObject({ version: 2, status: 'draft' });
    const stillOne = await readJson(await t.call('GET', `/v1/agents/${created.id}`), agentSchema, 200);
    expect(stillOne.published_version).toBe(1);

    const published = await t.call('POST', `/v1/agents/${created.id}/publish`);
    expect((await readJson(published, agentSchema, 200)).published_version).toBe(2);
    expect((await t.call('POST', `/v1/agents/${created.id}/publish`)).status).toBe(409);

    const { versions } = await readJson(await t.call('GET', `/v1/agents/${created.id}/versions`), agentVersionListSchema, 200);
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
  });

  it('imports an agent file', async () => {
    const res = await t.call('POST', '/v1/agents/import', claimAgentBody());
    expect((await readJson(res, agentSchema, 201)).published_version).toBe(1);
  });

  it('rejects a workflow with a dangling target, naming the node, and writes nothing', async () => {
    const before = await countAgents();
    const body = claimAgentBody();
    body.workflow.nodes.greet.next = 'nowhere';
    const res = await t.call('POST', '/v1/agents', body);
    expect((await readError(res, 400)).message).toContain('greet');
    expect(await countAgents()).toBe(before);
  });

  it('rejects an unknown node type with a 400 naming the node', async () => {
    const res = await t.call('POST', '/v1/agents', { name: 'x', workflow: { start: 'a', nodes: { a: { type: 'dance' } } } });
    expect(res.status).toBe(400);
    expect((await readError(res)).message).toContain('nodes.a');
  });

  it('answers malformed JSON, schema violations, big bodies, unknown routes and wrong methods with clear 4xx', async () => {
    const malformed = await t.call('POST', '/v1/agents', '{"name":');
    expect(malformed.status).toBe(400);
    expect((await readError(malformed)).code).toBeTruthy();

    const missing = await t.call('POST', '/v1/agents', { system_prompt: 'no name' });
    expect(missing.status).toBe(400);
    expect((await readError(missing)).message).toMatch(/^body\.name/);

    const big = await t.call('POST', '/v1/agents', { name: 'x', system_prompt: 'a'.repeat(1_100_000) });
    expect(big.status).toBe(413);

    const unknown = await t.call('GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect((await readError(unknown)).code).toBe('not_found');

    const wrongMethod = await t.call('DELETE', '/v1/agents');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });

  it('asks for a key with a message naming the headers', async () => {
    const none = await t.app.request('/v1/agents');
    expect(none.status).toBe(401);
    expect((await readError(none)).message).toContain('Authorization: Bearer');
    const wrong = await t.app.request('/v1/agents', { headers: { 'x-api-key': 'pk_live_wrongwrongwrongwrongwrongwrong12' } });
    expect(wrong.status).toBe(401);
  });

  it('accepts the key in x-api-key too', async () => {
    const res = await t.app.request('/v1/agents', { headers: { 'x-api-key': t.key } });
    expect(res.status).toBe(200);
  });

  it("hides another workspace's agents behind 404", async () => {
    const mine = await createAgent(t, { name: 'Mine' });
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const headers = { authorization: `Bearer ${otherKey}` };
    expect((await t.call('GET', `/v1/agents/${mine.id}`, undefined, headers)).status).toBe(404);
    expect((await t.call('PATCH', `/v1/agents/${mine.id}`, { name: 'Stolen' }, headers)).status).toBe(404);
    expect((await t.call('DELETE', `/v1/agents/${mine.numeric_id}`, undefined, headers)).status).toBe(404);
    const list = await readJson(await t.call('GET', '/v1/agents', undefined, headers), agentListSchema, 200);
    expect(list.agents).toEqual([]);
    expect((await readJson(await t.call('GET', `/v1/agents/${mine.id}`), agentSchema, 200)).name).toBe('Mine');
  });
});
