import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSchema, agentVersionSchema } from '../../shared/api/agents-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const AGENT_SCHEMA = 'http://localhost:8787/schemas/agent.json';
const WORKFLOW_SCHEMA = 'http://localhost:8787/schemas/workflow.json';
const workflow = { start: 'hi', nodes: { hi: { type: 'say', text: 'Hi!', next: 'bye' }, bye: { type: 'end' } } };

describe.each(testDatabases())('"$schema" in API bodies on $dialect', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(() => t.close());

  const stored = async (id: string) => (await t.database.db.selectFrom('agents').select('config').where('public_id', '=', id).executeTakeFirstOrThrow()).config;

  it.each(['/v1/agents', '/v1/agents/import'])('%s accepts an agent file naming its schema, and neither stores nor echoes it', async (path) => {
    const agent = await readJson(await t.call('POST', path, { $schema: AGENT_SCHEMA, name: 'Schematic', workflow }), agentSchema, 201);
    expect(agent).not.toHaveProperty('$schema');
    expect(agent.workflow).toEqual({ ...workflow, interrupts: [] });
    expect(await stored(agent.id)).not.toContain('$schema');
  });

  it('PATCH accepts it beside the fields it changes', async () => {
    const created = await createAgent(t, { name: 'Before' });
    const updated = await readJson(await t.call('PATCH', `/v1/agents/${created.id}`, { $schema: AGENT_SCHEMA, name: 'After' }), agentSchema, 200);
    expect(updated).toMatchObject({ name: 'After' });
    expect(await stored(created.id)).not.toContain('$schema');
  });

  it('PUT …/workflow takes the bare workflow, with or without its "$schema", and stores the workflow alone', async () => {
    const created = await createAgent(t, { name: 'Drafts' });
    const draft = await readJson(await t.call('PUT', `/v1/agents/${created.id}/workflow`, { $schema: WORKFLOW_SCHEMA, ...workflow }), agentVersionSchema, 201);
    expect(draft.workflow).toEqual({ ...workflow, interrupts: [] });
    const row = await t.database.db.selectFrom('agent_versions').select('workflow').where('agent_id', '=', created.numeric_id).where('version', '=', draft.version).executeTakeFirstOrThrow();
    expect(row.workflow).not.toContain('$schema');
  });

  it('PUT …/workflow refuses a whole agent file, naming what is missing and what does not belong', async () => {
    const created = await createAgent(t, { name: 'Wrapped' });
    const error = await readError(await t.call('PUT', `/v1/agents/${created.id}/workflow`, { name: 'Wrapped', workflow }), 400);
    expect(error.message).toContain('body.start');
    expect(error.message).toContain('body.workflow: unknown field');
  });

  it('refuses a "$schema" that is not a string, like any other wrong field', async () => {
    const error = await readError(await t.call('POST', '/v1/agents', { $schema: 42, name: 'Odd' }), 400);
    expect(error.message).toMatch(/^body\.\$schema: /);
  });
});
