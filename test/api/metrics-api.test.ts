import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyMetrics } from '../../server/metrics/parley-metrics.ts';
import { createMetricsRoutes } from '../../server/http/metrics-routes.ts';
import { TURN_FAILED_TEXT } from '../../server/sessions/turn-runner.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

const TOKEN = 'metrics-token-0123456789';

/** The sum of a metric's samples whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) sum += Number(match[3]);
  }
  return sum;
}

describe('metrics are never public by default', () => {
  it('answers 404 at /metrics when no metrics token is configured', async () => {
    const [target] = testDatabases();
    if (!target) throw new Error('no database');
    const t = await createTestApp(target);
    expect((await t.app.request('/metrics')).status).toBe(404);
    await t.close();
  });

  it('on the separate metrics port, serves without a token only when none is set', async () => {
    const metrics = createParleyMetrics({ processMetrics: false });
    expect((await createMetricsRoutes({ metrics }).request('/metrics')).status).toBe(200);
    const guarded = createMetricsRoutes({ metrics, token: TOKEN });
    expect((await guarded.request('/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});

describe.each(testDatabases())('metrics against the load sent, on $dialect', (target) => {
  let t: TestApp;
  let llm: FakeLlm;
  let tools: ToolServer;
  beforeAll(async () => {
    llm = await startFakeLlm();
    tools = await startToolServer({ '/failing': () => ({ status: 500, body: { error: 'down' } }) });
    t = await createTestApp(target, { llmUrl: llm.url, metrics: createParleyMetrics(), metricsToken: TOKEN });
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
    await tools?.close();
  });

  const scrape = async () => {
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('refuses a scrape without the token or with a wrong one', async () => {
    expect((await t.app.request('/metrics')).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: { authorization: 'Bearer not-the-metrics-token' } })).status).toBe(401);
    // An API key is not the metrics token.
    expect((await t.call('GET', '/metrics')).status).toBe(401);
  });

  it('counts turns, LLM calls, tool calls and errors, sessions started and ended, and open streams as sent', async () => {
    const toolAgent = await (
      await t.call('POST', '/v1/agents', {
        name: 'Tools',
        tools: [{ name: 'get_policy', server_url: `${tools.url}/policy` }, { name: 'broken', server_url: `${tools.url}/failing` }],
        workflow: {
          start: 'ask',
          nodes: {
            ask: { type: 'ask', text: 'Policy?', save_as: 'id', next: 'look' },
            look: { type: 'tool', tool: 'get_policy', args: { id: '{{id}}' }, next: 'broken' },
            broken: { type: 'tool', tool: 'broken', next: 'ask', on_error: 'ask' },
          },
        },
      })
    ).json();
    const llmAgent = await (await t.call('POST', '/v1/agents', llmAgentBody())).json();
    const start = async (agentId: string) => (await t.call('POST', `/workflow/${agentId}/text-chat/sessions`, {})).json();
    const send = (agentId: string, run: number, content: string) => t.call('POST', `/workflow/${agentId}/text-chat/sessions/${run}/messages`, { content });

    const before = await scrape();
    const toolRun = await start(toolAgent.id);
    const llmRun = await start(llmAgent.id);
    for (let i = 0; i < 4; i++) expect((await send(toolAgent.id, toolRun.workflow_run_id, `12${i}`)).status).toBe(200);
    llm.setHandler(() => ({ content: 'Sure.' }));
    for (let i = 0; i < 3; i++) expect((await send(llmAgent.id, llmRun.workflow_run_id, `question ${i}`)).status).toBe(200);
    expect((await t.call('POST', `/workflow/${toolAgent.id}/text-chat/sessions/${toolRun.workflow_run_id}/end`, {})).status).toBe(200);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('parley_sessions_started_total')).toBe(2);
    expect(delta('parley_turn_duration_seconds_count')).toBe(7);
    expect(delta('parley_turn_server_seconds_count')).toBe(7);
    expect(delta('parley_tool_duration_seconds_count', { tool: 'get_policy' })).toBe(4);
    expect(delta('parley_tool_duration_seconds_count', { tool: 'broken' })).toBe(4);
    expect(delta('parley_tool_errors_total', { tool: 'broken' })).toBe(4);
    expect(delta('parley_tool_errors_total', { tool: 'get_policy' })).toBe(0);
    expect(delta('parley_llm_duration_seconds_count')).toBe(llm.requests.length);
    expect(delta('parley_llm_ttfb_seconds_count')).toBe(llm.requests.length);
    expect(llm.requests.length).toBeGreaterThanOrEqual(3);
    expect(delta('parley_sessions_ended_total')).toBe(1);
    // Bounded labels: no session, run or visitor ids.
    const labelNames = new Set([...after.matchAll(/^parley_\w+\{(.*)\}/gm)].flatMap((m) => [...(m[1] ?? '').matchAll(/(\w+)="/g)].map((l) => l[1])));
    expect([...labelNames].filter((name) => !['channel', 'code', 'kind', 'le', 'model', 'queue', 'reason', 'state', 'tool'].includes(name ?? ''))).toEqual([]);

    const stream = await t.call('GET', `/workflow/${llmAgent.id}/text-chat/sessions/${llmRun.workflow_run_id}/events`);
    expect(sample(await scrape(), 'parley_event_streams_open', { kind: 'session' })).toBe(1);
    await stream.body?.cancel();
    await expect.poll(async () => sample(await scrape(), 'parley_event_streams_open', { kind: 'session' })).toBe(0);
  });

  it('counts failed turns by error code', async () => {
    // Two failing tools sending the turn to each other: the turn's tool budget ends it, failed.
    const failing = (name: string) => ({ name, server_url: `${tools.url}/failing`, retries: 1 });
    const agent = await (
      await t.call('POST', '/v1/agents', {
        name: 'Loop',
        tools: [failing('first'), failing('second')],
        workflow: {
          start: 'ask',
          nodes: {
            ask: { type: 'ask', text: 'Go?', save_as: 'go', next: 'first' },
            first: { type: 'tool', tool: 'first', next: 'done', on_error: 'second' },
            second: { type: 'tool', tool: 'second', next: 'done', on_error: 'first' },
            done: { type: 'end', text: 'Done.' },
          },
        },
      })
    ).json();
    const run = await (await t.call('POST', `/workflow/${agent.id}/text-chat/sessions`, {})).json();
    const before = await scrape();
    const reply = await (await t.call('POST', `/workflow/${agent.id}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'go' })).json();
    expect(reply.content).toBe(TURN_FAILED_TEXT);
    const after = await scrape();
    expect(sample(after, 'parley_turn_errors_total') - sample(before, 'parley_turn_errors_total')).toBe(1);
    expect(sample(after, 'parley_turn_duration_seconds_count') - sample(before, 'parley_turn_duration_seconds_count')).toBe(1);
  });

  it('reports queue depths read from the database, and process figures', async () => {
    await t.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['call.started'] });
    await t.call('POST', `/workflow/${(await (await t.call('POST', '/v1/agents', llmAgentBody())).json()).id}/text-chat/sessions`, {});
    const outbox = Number((await t.database.db.selectFrom('webhook_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const deliveries = Number(
      (await t.database.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['pending', 'sending']).executeTakeFirstOrThrow()).n,
    );
    expect(outbox + deliveries).toBeGreaterThan(0);
    const text = await scrape();
    expect(sample(text, 'parley_queue_depth', { queue: 'webhook_outbox' })).toBe(outbox);
    expect(sample(text, 'parley_queue_depth', { queue: 'webhook_deliveries' })).toBe(deliveries);
    expect(sample(text, 'parley_queue_depth', { queue: 'test_runs' })).toBe(0);
    expect(text).toContain('parley_queue_oldest_age_seconds{queue="webhook_outbox"}');
    expect(sample(text, 'parley_queue_depth', { queue: 'knowledge_ingestion' })).toBe(0);
    expect(sample(text, 'parley_queue_depth', { queue: 'replays' })).toBe(0);
    expect(text).toContain('parley_queue_oldest_age_seconds{queue="replays"}');
    expect(text).toContain('process_resident_memory_bytes');
    if (target.dialect === 'postgres') expect(sample(text, 'parley_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('counts knowledge documents waiting for ingestion while no worker takes them', async () => {
    await t.app.knowledge.queue.stop();
    const base = await (await t.call('POST', '/v1/knowledge-bases', { name: 'Help' })).json();
    for (const title of ['Returns', 'Shipping']) expect((await t.call('POST', `/v1/knowledge-bases/${base.id}/documents`, { title, content: `# ${title}\nWhat to know.` })).status).toBe(202);
    const text = await scrape();
    expect(sample(text, 'parley_queue_depth', { queue: 'knowledge_ingestion' })).toBe(2);
    t.app.knowledge.queue.start();
  });
});
