import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('text no request boundary checked, on $dialect', (target) => {
  let t: TestApp;
  let tools: ToolServer;

  beforeAll(async () => {
    tools = await startToolServer({ '/who': () => ({ body: { name: 'Ada\u0000Lovelace' } }) });
    t = await createTestApp(target);
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
  });

  it("stores a tool answer holding U+0000 that a say node shows, the same way on both databases", async () => {
    const agent = {
      name: 'Greeter',
      tools: [{ name: 'who', description: 'Who is calling', parameters: { type: 'object', properties: {} }, server_url: `${tools.url}/who`, method: 'POST' }],
      workflow: {
        start: 'lookup',
        nodes: {
          lookup: { type: 'tool', tool: 'who', args: {}, save_as: 'caller', next: 'hello', on_error: 'hello' },
          hello: { type: 'ask', text: 'Hello {{caller.name}}! Anything else?', save_as: 'more', next: 'hello' },
        },
      },
    };
    const created = await t.call('POST', '/v1/agents', agent);
    expect(created.status).toBe(201);
    const id = (await created.json()).id;
    const res = await t.call('POST', `/workflow/${id}/text-chat/sessions`, {});
    expect(res.status).toBe(201);
    const run = await res.json();
    expect(run.messages[0].content).toBe('Hello Ada\uFFFDLovelace! Anything else?');
    const read = await (await t.call('GET', `/workflow/${id}/text-chat/sessions/${run.workflow_run_id}`)).json();
    expect(read.messages[0].content).toBe('Hello Ada\uFFFDLovelace! Anything else?');
  });
});
