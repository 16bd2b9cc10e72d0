import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { startServerProcess, tempSqliteUrl, type ServerProcess } from '../helpers/server-process.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

/** The fake LLM as judge (JSON asked) or as the agent (anything else). */
function agentOrJudge(body: { response_format?: unknown }, agentDelayMs: number) {
  if (body.response_format) return { content: JSON.stringify({ passed: true, rationale: 'Polite and on topic.', confidence: 0.9 }) };
  return { content: 'Happy to help with that.', delayMs: agentDelayMs };
}

describe('kill -9 while 20 conversations are mid-turn', () => {
  let llm: FakeLlm;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await server?.stop();
    await llm.close();
  });

  it('keeps every acknowledged message exactly once; conversations, test runs and webhook deliveries all complete after restart', async () => {
    let receiverUp = false;
    const receiver = await startWebhookReceiver(() => (receiverUp ? 200 : 503));
    const env = {
      DATABASE_URL: tempSqliteUrl(),
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'test',
      PARLEY_ALLOW_PRIVATE_WEBHOOKS: '1',
      PARLEY_TEST_RUN_LEASE_MS: '2000',
    };
    const first = await startServerProcess(env);
    const headers = { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' };
    const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

    const agent = await (await post(first.url, '/v1/agents', llmAgentBody({ max_turns: 50 }))).json();
    const sessions = `/workflow/${agent.id}/text-chat/sessions`;
    // Every call.started / call.ended goes to a receiver that is down until after the crash.
    expect((await post(first.url, '/v1/webhooks', { url: receiver.url, events: ['call.started'] })).status).toBe(201);
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) runs.push((await (await post(first.url, sessions, {})).json()).workflow_run_id);

    const acknowledged = new Map<number, string[]>();
    for (const run of runs) {
      for (const text of [`${run}-a`, `${run}-b`]) {
        const res = await post(first.url, `${sessions}/${run}/messages`, { content: text });
        expect(res.status).toBe(200);
        acknowledged.set(run, [...(acknowledged.get(run) ?? []), text]);
      }
    }

    // Six test runs: four running (their LLM is slow), two still queued.
    const test = await (await post(first.url, `/v1/agents/${agent.id}/tests`, { name: 'Helps', type: 'reply', config: { context: 'Can you help?', success_criteria: 'The agent offers help.' } })).json();
    llm.setHandler((body) => agentOrJudge(body, 10_000));
    const queued: string[] = [];
    for (let i = 0; i < 6; i++) queued.push((await (await post(first.url, `/v1/agents/tests/${test.id}/runs`, {})).json()).id);

    // 20 turns in flight, each waiting on the slow LLM; then the process dies without warning.
    const inflight = runs.map((run) => post(first.url, `${sessions}/${run}/messages`, { content: `${run}-lost` }).catch(() => undefined));
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(24);
    await first.kill();
    await Promise.all(inflight);
    const attemptsBeforeCrash = receiver.received.length;

    llm.reset();
    llm.setHandler((body) => agentOrJudge(body, 0));
    receiverUp = true;
    server = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    for (const run of runs) {
      const view = await (await fetch(`${server.url}${sessions}/${run}`, { headers })).json();
      const users = view.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: string }) => m.content);
      expect(users).toEqual(acknowledged.get(run));
      expect(view.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
      const next = await post(server.url, `${sessions}/${run}/messages`, { content: `${run}-c` });
      expect(next.status).toBe(200);
      expect((await next.json()).index).toBe(6);
    }

    // Every run reaches a terminal status: the queued ones are judged, the interrupted ones say why.
    const live = server;
    await expect
      .poll(async () => {
        const statuses = await Promise.all(queued.map(async (id) => (await (await fetch(`${live.url}/v1/agents/tests/runs/${id}`, { headers })).json()).status as string));
        return statuses.every((status) => ['passed', 'failed', 'error'].includes(status));
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);

    // Every call.started event (20 calls) reaches the receiver once it is back, each event id delivered.
    const deliveredAfterCrash = () => new Set(receiver.received.slice(attemptsBeforeCrash).map((r) => r.json.event_id)).size;
    await expect.poll(deliveredAfterCrash, { timeout: 30_000, interval: 500 }).toBe(20);
    await receiver.close();
  }, 180_000);
});
