import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTemplateListSchema } from '../../shared/api/agent-templates-api.ts';
import { agentSchema } from '../../shared/api/agents-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('agent templates API on $dialect', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: () => 'https://parley.example' });
  });
  afterAll(() => t.close());

  it('lists the demo agents by file name, their demo tools as paths every server answers itself', async () => {
    const { templates } = await readJson(await t.call('GET', '/v1/agent-templates'), agentTemplateListSchema, 200);
    expect(templates.map((template) => template.id)).toEqual(['claims', 'restaurant', 'support']);
    const claims = templates[0];
    expect(claims?.name).toBe('Harbor Mutual claims');
    expect(claims?.description).toBe('Had an accident? I can file your claim in two minutes.');
    expect(claims?.agent.tools.map((tool) => tool.server_url)).toEqual(['/demo/api/policies', '/demo/api/claims']);
  });

  it('gives a body that creates the agent as it is', async () => {
    const { templates } = await readJson(await t.call('GET', '/v1/agent-templates'), agentTemplateListSchema, 200);
    const support = templates.find((template) => template.id === 'support');
    const created = await readJson(await t.call('POST', '/v1/agents', { ...support?.agent, name: 'My support' }), agentSchema, 201);
    expect(created).toMatchObject({ name: 'My support', published_version: 1 });
    expect(created.workflow).toEqual(support?.agent.workflow);
  });

  it('needs an API key like every /v1 route', async () => {
    expect((await t.app.request('/v1/agent-templates')).status).toBe(401);
  });
});
