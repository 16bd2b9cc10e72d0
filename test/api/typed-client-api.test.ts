/**
 * `parley/client` against the real app: what an integrator gets from it — typed answers
 * (each checked against the route's OpenAPI schema by the helper), lists that follow the
 * cursor, failures as `ParleyError`, streamed turns and followed events.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError, type ParleyClient } from '../../client/index.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody, loopAgentBody } from '../fixtures/loop-agent.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** The ParleyError a call fails with. */
async function refusal(promise: Promise<unknown>): Promise<ParleyError> {
  const error: unknown = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(error)}`);
  return error;
}

describe.each(testDatabases())('parley/client against the app on $dialect', (target) => {
  let llm: FakeLlm;
  let t: TestApp;
  let parley: ParleyClient;

  beforeAll(async () => {
    llm = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: llm.url, startTestRuns: false });
    parley = inProcessClient(t);
  });
  beforeEach(() => llm.reset());
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  it('creates agents and lists them all, newest first, a page at a time', async () => {
    const created = [];
    for (const name of ['First', 'Second', 'Third']) created.push(await parley.agents.create({ ...loopAgentBody, name }));
    const listed = [];
    for await (const agent of parley.agents.list({ limit: 1 })) listed.push(agent.id);
    expect(listed.slice(0, 3)).toEqual(created.map((agent) => agent.id).reverse());
    const pages = [];
    for await (const page of parley.agents.list({ limit: 2 }).pages()) pages.push(page.length);
    expect(pages.every((size) => size <= 2)).toBe(true);
    expect(pages.reduce((sum, size) => sum + size, 0)).toBe(listed.length);
  });

  it('saves a draft, publishes it and lists the versions', async () => {
    const agent = await parley.agents.create(loopAgentBody);
    const draft = await parley.agents.saveWorkflow(agent.id, { start: 'bye', nodes: { bye: { type: 'end', text: 'Bye!' } } });
    expect(draft).toMatchObject({ version: 2, status: 'draft' });
    expect(await parley.agents.publish(agent.id)).toMatchObject({ published_version: 2 });
    expect((await parley.agents.versions(agent.numeric_id)).versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    await parley.agents.delete(agent.id);
    expect(await refusal(parley.agents.get(agent.id))).toMatchObject({ status: 404, code: 'not_found', operation: 'GET /v1/agents/{id}' });
  });

  it('fails with a ParleyError carrying the status, the code and every problem of a refused request', async () => {
    const error = await refusal(parley.agents.create({ name: '', language: 'e' }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(error.details.map((problem) => problem.path).sort()).toEqual(['body.language', 'body.name']);
    expect(error.message).toContain('name');
    // The types refuse what the schemas refuse: a misspelt key does not compile.
    // @ts-expect-error `contents` is not a field of an agent
    expect(await refusal(parley.agents.create({ name: 'Typo', contents: 'x' }))).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('streams a turn: the text as the LLM writes it, then the one assistant message', async () => {
    const agent = await parley.agents.create(llmAgentBody());
    const run = await parley.textChat.start(agent.id, { initial_context: { product: 'home insurance' } });
    llm.enqueue({ content: 'One two three four', chunkDelayMs: 5 });
    const deltas: string[] = [];
    let last;
    for await (const event of parley.textChat.stream(agent.id, run.workflow_run_id, { content: 'Count please' })) {
      if (event.type === 'delta') deltas.push(event.text);
      else last = event.message;
    }
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four');
    expect(last).toMatchObject({ role: 'assistant', content: 'One two three four', index: 2, revision: 2, session_status: 'active' });
  });

  it('fails a streamed turn on a state the caller did not see with 409 revision_conflict, and sends it no further', async () => {
    const agent = await parley.agents.create(loopAgentBody);
    const run = await parley.textChat.start(agent.id);
    await parley.textChat.send(agent.id, run.workflow_run_id, { content: 'first' });
    const error = await refusal((async () => {
      for await (const event of parley.textChat.stream(agent.id, run.workflow_run_id, { content: 'second', expected_revision: 1 })) void event;
    })());
    expect(error).toMatchObject({ status: 409, code: 'revision_conflict' });
    expect((await parley.textChat.get(agent.id, run.workflow_run_id)).messages.map((m) => m.content)).toEqual(['Say something.', 'first', 'You said: first\n\nSay something.']);
  });

  it('follows a conversation’s events through a hand-off to a person until it ends', async () => {
    const agent = await parley.agents.create(loopAgentBody);
    const run = await parley.textChat.start(agent.id);
    const events = (async () => {
      const seen = [];
      for await (const event of parley.textChat.events(agent.id, run.workflow_run_id)) seen.push(event);
      return seen;
    })();
    await parley.calls.transfer(run.call_id, { destination: 'human' });
    await parley.calls.sendOperatorMessage(run.call_id, { content: 'Hi, this is Sam.' });
    await parley.calls.end(run.call_id);
    const seen = await events;
    expect(seen.map((event) => event.type)).toEqual(['transferred', 'message', 'ended']);
    expect(seen[1]).toMatchObject({ message: { author: 'operator', content: 'Hi, this is Sam.' } });
    expect(seen.every((event) => event.id !== undefined)).toBe(true);
    expect(await parley.calls.status(run.call_id)).toMatchObject({ call_id: run.call_id, status: 'transferred' });
  });

  it('lists calls across pages, and shares a debug log anyone with the link can read', async () => {
    const agent = await parley.agents.create(loopAgentBody);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await parley.textChat.start(agent.id));
    const calls = [];
    for await (const call of parley.calls.list({ agent_id: agent.id, limit: 2 })) calls.push(call.call_id);
    expect(calls).toEqual(runs.map((run) => run.call_id).reverse());
    expect(await parley.calls.summary({ agent_id: agent.id })).toMatchObject({ total_calls: 3, in_progress_calls: 3 });

    const link = await parley.calls.debugLink(runs[0]?.call_id ?? '');
    const anyone = inProcessClient(t, { apiKey: undefined });
    expect(await anyone.calls.debugLog(link.debug_token)).toMatchObject({ call_id: runs[0]?.call_id, turns: [{ index: 0, content: 'Say something.' }] });
    await parley.calls.revokeDebugLink(runs[0]?.call_id ?? '');
    expect(await refusal(anyone.calls.debugLog(link.debug_token))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('runs a test session and manages webhooks', async () => {
    const agent = await parley.agents.create(loopAgentBody);
    const session = await parley.testSessions.start({ agent_id: agent.id });
    expect(session.greeting).toBe('Say something.');
    expect(await parley.testSessions.send(session.session_id, 'ping')).toEqual({ response: 'You said: ping\n\nSay something.', session_ended: false });
    expect(await parley.testSessions.end(session.session_id)).toEqual({ message: 'Test session ended' });

    const hook = await parley.webhooks.create({ url: 'https://hooks.example/parley', events: ['call.*'] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(await parley.webhooks.update(hook.id, { enabled: false })).toMatchObject({ id: hook.id, enabled: false });
    expect((await parley.webhooks.list()).webhooks.map((w) => w.id)).toContain(hook.id);
    await parley.webhooks.delete(hook.id);
    expect(await refusal(parley.webhooks.get(hook.id))).toMatchObject({ status: 404 });
  });
});
