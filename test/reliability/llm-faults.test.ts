import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../server/llm/create-llm-client.ts';
import { startFakeLlm, type FakeLlm, type FakeResponse } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const MAX_RETRIES = 2;

describe.each(testDatabases())('LLM faults on $dialect', (target) => {
  let llm: FakeLlm;
  let t: TestApp;
  let path: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    // The production retry policy, with a short timeout so hanging requests fail fast.
    const client = createLlmClient({ baseURL: llm.url, apiKey: 'test', model: 'fake', timeoutMs: 400, maxRetries: MAX_RETRIES });
    t = await createTestApp(target, { llm: client });
    const agent = (await (await t.call('POST', '/v1/agents', llmAgentBody({ max_turns: 100 }))).json()).id;
    path = `/workflow/${agent}/text-chat/sessions`;
  });
  beforeEach(() => llm.reset());
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  const retryAfterZero = { 'retry-after-ms': '0' };
  const faults: [string, FakeResponse][] = [
    ['429 rate limits', { status: 429, headers: retryAfterZero }],
    ['500 errors', { status: 500, headers: retryAfterZero }],
    ['timeouts', { hang: true }],
    ['malformed streams', { malformed: true }],
  ];

  it.each(faults)('%s end the turn cleanly after bounded retries, and the session works afterwards', async (_name, fault) => {
    const run = (await (await t.call('POST', path, {})).json()).workflow_run_id;
    llm.setHandler(() => fault);
    const res = await t.call('POST', `${path}/${run}/messages`, { content: 'hello' });
    expect(res.status).toBe(200);
    expect((await res.json()).session_status).toBe('active');
    expect(llm.requests.length).toBeLessThanOrEqual(MAX_RETRIES + 1);

    llm.reset();
    llm.enqueue({ content: 'Recovered.' });
    const next = await (await t.call('POST', `${path}/${run}/messages`, { content: 'still there?' })).json();
    expect(next.content).toBe('Recovered.');
    const view = await (await t.call('GET', `${path}/${run}`)).json();
    expect(view.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('rides out a single 500 through a retry, invisibly to the visitor', async () => {
    const run = (await (await t.call('POST', path, {})).json()).workflow_run_id;
    llm.enqueue({ status: 500, headers: retryAfterZero }, { content: 'Fine after one retry.' });
    const reply = await (await t.call('POST', `${path}/${run}/messages`, { content: 'hello' })).json();
    expect(reply.content).toBe('Fine after one retry.');
    expect(llm.requests).toHaveLength(2);
  });
});
