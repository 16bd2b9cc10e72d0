import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replayPageSchema, replaySchema, type Replay } from '../../shared/api/replays-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { routeAgentTestLlm } from '../helpers/agent-test-llm.ts';
import { readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';
import { createdWebhookSchema } from '../../shared/api/webhooks-api.ts';
import { runReplayCommand } from '../../server/cli/replay-command.ts';
import { runCli } from '../../server/cli/main.ts';

describe.each(testDatabases())('replays of recorded calls against a version (#18 item 3), on $dialect', (target) => {
  let t: TestApp;
  let fake: FakeLlm;
  let tools: ToolServer;
  let claims: string;
  let support: string;
  /** A claim that ended at `bye` (an active policy), and one asking again after a wrong number. */
  let activeCall: string;
  let retryCall: string;
  /** A support chat with one LLM answer. */
  let chatCall: string;

  const callIdOf = (runId: number) => `call_${String(runId).padStart(8, '0')}`;
  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;

  async function record(agent: string, messages: string[], context: Record<string, unknown> = {}): Promise<string> {
    const run = await readJson(await t.call('POST', sessions(agent), { initial_context: context }), runSchema, 201);
    for (const content of messages) expect((await t.call('POST', `${sessions(agent)}/${run.workflow_run_id}/messages`, { content })).status).toBe(200);
    return callIdOf(run.workflow_run_id);
  }

  /** Save `change(workflow)` as a new draft version and answer its number. */
  async function draft(agent: string, workflow: Record<string, unknown>): Promise<number> {
    const saved = await t.call('PUT', `/v1/agents/${agent}/workflow`, workflow);
    expect(saved.status).toBe(201);
    return ((await saved.json()) as { version: number }).version;
  }

  async function replay(agent: string, body: Record<string, unknown>): Promise<Replay> {
    const queued = await readJson(await t.call('POST', `/v1/agents/${agent}/replays`, body), replaySchema, 202);
    expect(queued.status).toBe('queued');
    await t.app.testing.replayWorker.idle();
    return readJson(await t.call('GET', `/v1/agents/${agent}/replays/${queued.id}`), replaySchema, 200);
  }

  beforeAll(async () => {
    fake = await startFakeLlm();
    routeAgentTestLlm(fake);
    tools = await startToolServer();
    t = await createTestApp(target, { llmUrl: fake.url });
    const client = agentTestClient(t);
    claims = await client.createAgent(claimAgentBody(tools.url));
    support = await client.createAgent(llmAgentBody());
    activeCall = await record(claims, ['123456'], { customer_name: 'Ada' });
    retryCall = await record(claims, ['nope'], { customer_name: 'Bo' });
    chatCall = await record(support, ['Where is my parcel?'], { product: 'parcels' });
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    routeAgentTestLlm(fake);
  });

  it('replays the published version as identical, with the recorded tool results instead of the tools', async () => {
    const toolCalls = tools.calls.length;
    const result = await replay(claims, { version: 1, calls: { call_ids: [activeCall, retryCall] } });
    expect(result).toMatchObject({ status: 'completed', version: 1, error: null });
    expect(result.summary).toEqual({ conversations: 2, identical: 2, text_only: 0, diverged: 0, errors: 0, diverged_by_node: {} });
    expect(result.conversations.map((c) => [c.call_id, c.status, c.turns_replayed, c.first_divergence])).toEqual([
      [activeCall, 'identical', 2, null],
      [retryCall, 'identical', 2, null],
    ]);
    expect(tools.calls.length).toBe(toolCalls);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a draft that changes one branch condition as diverged at exactly that node and turn', async () => {
    const workflow = claimAgentBody(tools.url).workflow;
    const version = await draft(claims, { ...workflow, nodes: { ...workflow.nodes, route: { type: 'branch', cases: [{ if: { var: 'policy.active', eq: false }, to: 'bye' }], else: 'inactive' } } });
    const result = await replay(claims, { version, calls: { call_ids: [activeCall, retryCall] } });
    expect(result.summary).toEqual({ conversations: 2, identical: 1, text_only: 0, diverged: 1, errors: 0, diverged_by_node: { route: 1 } });
    const [diverged, untouched] = result.conversations;
    expect(untouched?.status).toBe('identical');
    expect(diverged).toMatchObject({ call_id: activeCall, status: 'diverged', turns_replayed: 2, error: null });
    expect(diverged?.first_divergence).toEqual({
      turn: 1,
      user_message: '123456',
      recorded: { path: ['lookup', 'route', 'bye'], node: 'bye', transition: 'route → bye', reply: 'Thanks!' },
      replayed: { path: ['lookup', 'route', 'inactive'], node: 'inactive', transition: 'route → inactive', reply: 'That policy is not active.' },
      variables: [],
    });
  });

  it("reports a draft that only changes a say node's text as the same path with other words", async () => {
    const workflow = claimAgentBody(tools.url).workflow;
    const version = await draft(claims, { ...workflow, nodes: { ...workflow.nodes, greet: { type: 'say', text: 'Welcome, {{customer_name}}!', next: 'policy' } } });
    const result = await replay(claims, { version, calls: { last: 2 } });
    expect(result.summary).toMatchObject({ conversations: 2, identical: 0, text_only: 2, diverged: 0, errors: 0 });
    const active = result.conversations.find((c) => c.call_id === activeCall);
    expect(active).toMatchObject({ status: 'text_only', turns_replayed: 2 });
    expect(active?.first_divergence).toMatchObject({
      turn: 0,
      user_message: null,
      recorded: { path: ['greet', 'policy'], node: 'policy', transition: null, reply: 'Hi Ada!\n\nWhat is your policy number?' },
      replayed: { path: ['greet', 'policy'], node: 'policy', transition: null, reply: 'Welcome, Ada!\n\nWhat is your policy number?' },
      variables: [],
    });
  });

  it('reuses the recorded LLM answer when the request is unchanged, and asks the LLM when the prompt changed', async () => {
    const unchanged = await replay(support, { version: 1, calls: { call_ids: [chatCall] } });
    expect(unchanged.conversations[0]).toMatchObject({ status: 'identical', llm: { reused: 1, requested: 0 } });
    expect(fake.requests).toHaveLength(0);

    const workflow = llmAgentBody().workflow;
    const version = await draft(support, { ...workflow, nodes: { ...workflow.nodes, chat: { ...workflow.nodes.chat, prompt: 'Answer questions about {{product}} briefly.' } } });
    const changed = await replay(support, { version, calls: { call_ids: [chatCall] } });
    expect(fake.requests).toHaveLength(1);
    expect(changed.conversations[0]?.llm).toEqual({ reused: 0, requested: 1 });
    // The fake LLM answers alike whatever the prompt: the path and the words are the same.
    expect(changed.conversations[0]?.status).toBe('identical');
  });

  it('announces a finished replay as replay.completed with its summary, to a webhook subscribed to it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await readJson(await t.call('POST', '/v1/webhooks', { url: receiver.url, events: ['replay.completed'] }), createdWebhookSchema, 201);
      const result = await replay(claims, { version: 1, calls: { call_ids: [activeCall] } });
      // The earlier tests' replays were announced too, once there was a webhook to tell.
      await t.app.calls.webhooks.worker.runDue();
      expect(new Set(receiver.received.map((d) => d.json.event))).toEqual(new Set(['replay.completed']));
      const { conversations: _results, ...listed } = result;
      const ours = receiver.received.filter((d) => (d.json.data.replay as { id?: string } | undefined)?.id === result.id);
      expect(ours.map((d) => d.json.data)).toEqual([{ replay: listed }]);
    } finally {
      await receiver.close();
    }
  });

  it('refuses an unknown version, agent or call with a 4xx and queues nothing', async () => {
    const list = async () => readJson(await t.call('GET', `/v1/agents/${claims}/replays?limit=100`), replayPageSchema, 200);
    const before = await list();
    const cases: [string, unknown, number, string][] = [
      [claims, { version: 99, calls: { last: 5 } }, 404, 'has no version 99'],
      ['agent_00000000', { version: 1, calls: { last: 5 } }, 404, 'Agent not found'],
      [claims, { version: 1, calls: { call_ids: [activeCall, 'call_09999999'] } }, 404, 'Call call_09999999 not found'],
      [claims, { version: 1, calls: { call_ids: ['nope'] } }, 400, 'body.calls'],
      [claims, { version: 1, calls: { last: 0 } }, 400, 'body.calls'],
      [claims, { version: 1, calls: { last: 5 }, extra: true }, 400, 'extra'],
      [claims, { version: 1, calls: { filters: { channel: 'simulation' } } }, 400, 'No call matches'],
    ];
    for (const [agent, body, status, message] of cases) {
      const error = await readError(await t.call('POST', `/v1/agents/${agent}/replays`, body), status);
      expect(error.message, message).toContain(message);
    }
    expect(await list()).toEqual(before);
    expect(before.replays.length).toBeGreaterThan(0);
    expect((await readError(await t.call('GET', `/v1/agents/${support}/replays/${before.replays[0]?.id}`), 404)).message).toBe('Replay not found');
  });

  it('gates CI with parley replay: 0 when nothing diverges beyond --allow-node, 1 otherwise, 2 on usage mistakes; JUnit one case per call', async () => {
    const workflow = claimAgentBody(tools.url).workflow;
    const version = await draft(claims, { ...workflow, nodes: { ...workflow.nodes, route: { type: 'branch', cases: [{ if: { var: 'policy.active', eq: false }, to: 'bye' }], else: 'inactive' } } });
    const out: string[] = [];
    const written = new Map<string, string>();
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text), env: { PARLEY_API_KEY: t.key } };
    const deps = {
      // The CLI talks to the in-process app; polling waits for the replay worker instead of sleeping.
      fetch: (url: string, init: RequestInit) => Promise.resolve(t.app.request(new URL(url).pathname + new URL(url).search, init)),
      sleep: () => t.app.testing.replayWorker.idle(),
      writeFile: async (path: string, text: string) => void written.set(path, text),
    };
    const run = (...args: string[]) => runReplayCommand(args, io, deps);
    expect(await run(claims, '--version', '1', '--last', '2', '--server', 'http://parley.test')).toBe(0);
    expect(await run(claims, '--version', String(version), '--last', '2', '--server', 'http://parley.test', '--junit', 'replay.xml')).toBe(1);
    expect(out.join('\n')).toContain(`DIVERGED ${activeCall}: turn 1: recorded route → bye, replayed route → inactive`);
    const junit = written.get('replay.xml') ?? '';
    expect(junit).toContain('tests="2" failures="1" errors="0"');
    expect(junit).toContain(`<testcase classname="${claims}.replay" name="${activeCall}" time="0.000">`);
    expect(await run(claims, '--version', String(version), '--last', '2', '--server', 'http://parley.test', '--allow-node', 'route')).toBe(0);
    const silent = { out: () => undefined, err: () => undefined, env: { PARLEY_API_KEY: t.key } };
    expect(await runCli(['replay', claims], silent)).toBe(2);
    expect(await runCli(['replay', claims, '--version', 'two'], silent)).toBe(2);
    expect(await runCli(['replay', claims, '--version', '1', '--frobnicate'], silent)).toBe(2);
    expect(await runReplayCommand([claims, '--version', '99', '--server', 'http://parley.test'], silent, deps)).toBe(2);
  });

  it('finishes a replay whose process died: another claims it once the lease ran out and replays what is still pending', async () => {
    await t.app.testing.replayWorker.stop();
    const queued = await readJson(await t.call('POST', `/v1/agents/${claims}/replays`, { version: 1, calls: { call_ids: [activeCall, retryCall] } }), replaySchema, 202);
    // A process claims it with a lease that has already run out, records one conversation, and dies.
    const claimed = await t.repos.replays.claimNext(-1);
    expect(claimed?.publicId).toBe(queued.id);
    const [first] = (await t.repos.replays.conversations([claimed?.id ?? 0])).get(claimed?.id ?? 0) ?? [];
    await t.repos.replays.recordConversation(first?.id ?? 0, 'error', { turns_replayed: 0, first_divergence: null, error: 'left by the dead process', llm: { reused: 0, requested: 0 } });
    t.app.testing.replayWorker.start();
    t.app.testing.replayWorker.wake();
    await t.app.testing.replayWorker.idle();
    const done = await readJson(await t.call('GET', `/v1/agents/${claims}/replays/${queued.id}`), replaySchema, 200);
    expect(done.status).toBe('completed');
    expect(done.conversations.map((c) => [c.status, c.error])).toEqual([
      ['error', 'left by the dead process'],
      ['identical', null],
    ]);
  });
});
