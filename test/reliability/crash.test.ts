import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { serverClient } from '../helpers/server-client.ts';
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
    // Every answer is checked against its route's documented success (status and shape).
    const before = await serverClient(first);

    const agent = await before.agents.create(llmAgentBody({ max_turns: 50 }));
    // Every call.started / call.ended goes to a receiver that is down until after the crash.
    await before.webhooks.create({ url: receiver.url, events: ['call.started'] });
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) runs.push((await before.textChat.start(agent.id)).workflow_run_id);

    const acknowledged = new Map<number, string[]>();
    for (const run of runs) {
      for (const text of [`${run}-a`, `${run}-b`]) {
        await before.textChat.send(agent.id, run, { content: text });
        acknowledged.set(run, [...(acknowledged.get(run) ?? []), text]);
      }
    }

    // Six test runs: four running (their LLM is slow), two still queued.
    const test = await before.tests.create(agent.id, { name: 'Helps', type: 'reply', config: { context: 'Can you help?', success_criteria: 'The agent offers help.' } });
    llm.setHandler((body) => agentOrJudge(body, 10_000));
    const queued: string[] = [];
    for (let i = 0; i < 6; i++) queued.push((await before.testRuns.start(test.id, {})).id);

    // 20 turns in flight, each waiting on the slow LLM; then the process dies without warning.
    const inflight = runs.map((run) => before.textChat.send(agent.id, run, { content: `${run}-lost` }).catch(() => undefined));
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(24);
    await first.kill();
    await Promise.all(inflight);
    const attemptsBeforeCrash = receiver.received.length;

    llm.reset();
    llm.setHandler((body) => agentOrJudge(body, 0));
    receiverUp = true;
    server = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    const after = await serverClient(server);
    for (const run of runs) {
      const view = await after.textChat.get(agent.id, run);
      const users = view.messages.filter((m) => m.role === 'user').map((m) => m.content);
      expect(users).toEqual(acknowledged.get(run));
      expect(view.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
      expect((await after.textChat.send(agent.id, run, { content: `${run}-c` })).index).toBe(6);
    }

    // Every run reaches a terminal status: the queued ones are judged, the interrupted ones say why.
    await expect
      .poll(async () => {
        const statuses = await Promise.all(queued.map(async (id) => (await after.testRuns.get(id)).status));
        return statuses.every((status) => ['passed', 'failed', 'error'].includes(status));
      }, { timeout: 30_000, interval: 500 })
      .toBe(true);

    // Every call.started event (20 calls) reaches the receiver once it is back, each event id delivered.
    const deliveredAfterCrash = () => new Set(receiver.received.slice(attemptsBeforeCrash).map((r) => r.json.event_id)).size;
    await expect.poll(deliveredAfterCrash, { timeout: 30_000, interval: 500 }).toBe(20);
    await receiver.close();
  }, 180_000);
});
