/**
 * The demo support agent with no LLM configured: its fallback is no dead end, it offers a
 * quick reply that reaches a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { importDemoAgents } from '../../server/demo/import-demo-agents.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe('the demo support agent without an LLM', () => {
  let t: TestApp;
  let support = '';

  beforeAll(async () => {
    const [sqlite] = testDatabases();
    if (!sqlite) throw new Error('no test database');
    t = await createTestApp(sqlite);
    const agents = await importDemoAgents({ agentService: t.app.agentService, workspaceId: t.workspaceId });
    support = agents.find((a) => /support/i.test(a.config.name))?.publicId ?? '';
  });
  afterAll(() => t.close());

  it('answers its fallback with a "Talk to a person" quick reply, which hands the visitor to a human', async () => {
    const sessions = `/workflow/${support}/text-chat/sessions`;
    const run = await readJson(await t.call('POST', sessions, {}), runSchema, 201);
    const fallback = await readJson(await t.call('POST', `${sessions}/${run.workflow_run_id}/messages`, { content: 'Is flood damage covered?' }), assistantReplySchema, 200);
    expect(fallback.content).toMatch(/offline/);
    expect(fallback.choices).toEqual(['Talk to a person']);

    const handed = await readJson(await t.call('POST', `${sessions}/${run.workflow_run_id}/messages`, { content: 'Talk to a person' }), assistantReplySchema, 200);
    expect(handed).toMatchObject({ content: 'Let me connect you with a colleague.', session_status: 'transferred' });
  });
});
