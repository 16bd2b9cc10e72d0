import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Call, CallListQuery, ParleyClient } from '../../client/index.ts';
import { readError } from '../helpers/api-reads.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('calls list and summary on $dialect', (target) => {
  const clock = manualClock('2026-03-01T09:00:00.000Z');
  let t: TestApp;
  let parley: ParleyClient;
  let tools: ToolServer;
  let claims: Agent;
  let loop: Agent;

  /** With `browser` headers, as the widget does: no key, an allowed origin. */
  const start = (agent: string, browser?: Record<string, string>) =>
    (browser ? inProcessClient(t, { apiKey: undefined, headers: browser }) : parley).textChat.start(agent);
  const say = (agent: string, run: number, content: string, browser?: Record<string, string>) => {
    if (!browser) return parley.textChat.send(agent, run, { content });
    const { 'x-session-token': sessionToken, ...headers } = browser;
    return inProcessClient(t, { apiKey: undefined, headers }).textChat.send(agent, run, { content }, { sessionToken });
  };
  /** Every call the filter matches, page by page through the client, no page over `limit`. */
  async function allPages(query: CallListQuery, limit: number): Promise<Call[]> {
    const seen: Call[] = [];
    for await (const page of parley.calls.list({ ...query, limit }).pages()) {
      expect(page.length).toBeLessThanOrEqual(limit);
      seen.push(...page);
    }
    return seen;
  }

  beforeAll(async () => {
    tools = await startToolServer();
    t = await createTestApp(target, { clock });
    parley = inProcessClient(t);
    claims = await parley.agents.create(claimAgentBody(tools.url));
    loop = await parley.agents.create(loopAgentBody);

    // Day 1: a completed claim (a tool call, two user messages) and a call still going on.
    const done = await start(claims.id);
    await say(claims.id, done.workflow_run_id, 'no idea');
    clock.advance(30_000);
    await say(claims.id, done.workflow_run_id, '123456');
    await start(loop.id);
    // Day 2: a call handed to a human, one that failed, and a widget call.
    clock.set('2026-03-02T12:00:00.000Z');
    const human = await start(claims.id);
    for (const text of ['a', 'b', 'c']) await say(claims.id, human.workflow_run_id, text);
    const failed = await start(loop.id);
    await t.app.runtime.sessions.end(failed.workflow_run_id, 'error');
    const browser = { origin: 'https://shop.example' };
    const widget = await start(loop.id, browser);
    await say(loop.id, widget.workflow_run_id, 'hello', { ...browser, 'x-session-token': widget.session_token ?? '' });
    // Day 3: two calls ended by the API.
    clock.set('2026-03-03T23:59:59.999Z');
    for (let i = 0; i < 2; i++) {
      const ended = await start(loop.id);
      clock.advance(1000);
      await parley.calls.end(ended.call_id);
    }
    clock.set('2026-03-04T08:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
  });

  it('pages through every call newest first, with no gaps or repeats', async () => {
    const rows = await t.database.db.selectFrom('sessions').select('id').orderBy('id', 'desc').execute();
    for (const limit of [1, 2, 3, 100]) {
      const calls = await allPages({}, limit);
      expect(calls.map((c) => c.workflow_run_id)).toEqual(rows.map((r) => r.id));
    }
  });

  it('shows each call with its status, figures and public ids', async () => {
    const calls = await allPages({}, 100);
    expect(calls.map((c) => c.status).sort()).toEqual(['completed', 'completed', 'completed', 'failed', 'in-progress', 'in-progress', 'transferred']);
    const claim = calls.find((c) => c.agent_id === claims.id && c.status === 'completed');
    expect(claim).toMatchObject({ channel: 'api', turn_count: 2, tool_call_count: 1, tools_called: ['get_policy'], duration_seconds: 30, ended_at: expect.any(String) });
    expect(claim?.call_id).toMatch(/^call_\d{8}$/);
    const live = calls.find((c) => c.agent_id === loop.id && c.started_at.startsWith('2026-03-01'));
    // Still going on (since 09:00:30): its duration runs to the clock's now.
    expect(live).toMatchObject({ status: 'in-progress', ended_at: null, duration_seconds: 3 * 86400 - 3600 - 30 });
  });

  it('filters by agent in either id form, by status and by channel', async () => {
    const byPublic = await allPages({ agent_id: claims.id }, 2);
    const byNumber = await allPages({ agent_id: String(claims.numeric_id) }, 2);
    expect(byPublic.map((c) => c.call_id)).toEqual(byNumber.map((c) => c.call_id));
    expect(byPublic.length).toBe(2);
    expect(byPublic.every((c) => c.agent_id === claims.id)).toBe(true);
    expect((await allPages({ status: 'transferred' }, 2)).map((c) => c.agent_id)).toEqual([claims.id]);
    expect((await allPages({ status: 'failed' }, 2)).length).toBe(1);
    expect((await allPages({ status: 'in-progress' }, 1)).length).toBe(2);
    expect((await allPages({ status: 'completed', agent_id: loop.id }, 1)).length).toBe(2);
    const widget = await allPages({ channel: 'widget' }, 2);
    expect(widget.map((c) => c.channel)).toEqual(['widget']);
  });

  it('answers 404 "Agent not found" to a list or summary filtered by an agent the workspace does not have', async () => {
    for (const path of ['/v1/calls?agent_id=agent_00000000', '/v1/calls/summary?agent_id=agent_00000000', '/v1/calls/summary?agent_id=999999']) {
      expect(await readError(await t.call('GET', path), 404), path).toEqual({ code: 'not_found', message: 'Agent not found' });
    }
  });

  it('filters by date, to_date inclusive: a bare date covers its whole day', async () => {
    const day2 = await allPages({ from_date: '2026-03-02', to_date: '2026-03-02' }, 2);
    expect(day2.length).toBe(3);
    expect(day2.every((c) => c.started_at.startsWith('2026-03-02'))).toBe(true);
    const lastInstant = await allPages({ from_date: '2026-03-03T23:59:59.999Z', to_date: '2026-03-03T23:59:59.999Z' }, 5);
    expect(lastInstant.length).toBe(1);
    expect((await allPages({ to_date: '2026-03-01' }, 5)).length).toBe(2);
    expect((await allPages({ from_date: '2026-03-03T00:00:00+02:00' }, 5)).length).toBe(2);
  });

  it('sums up in the summary exactly what the list shows, for any filter', async () => {
    const filters: CallListQuery[] = [{}, { agent_id: loop.id }, { status: 'completed' }, { channel: 'api', from_date: '2026-03-02' }, { to_date: '2026-03-01' }];
    for (const filter of filters) {
      const query = JSON.stringify(filter);
      const calls = await allPages(filter, 3);
      const summary = await parley.calls.summary(filter);
      const count = (status: string) => calls.filter((c) => c.status === status).length;
      expect(summary, query).toMatchObject({
        total_calls: calls.length,
        completed_calls: count('completed'),
        failed_calls: count('failed'),
        transferred_calls: count('transferred'),
        in_progress_calls: count('in-progress'),
        total_duration_seconds: calls.reduce((n, c) => n + c.duration_seconds, 0),
        total_turns: calls.reduce((n, c) => n + c.turn_count, 0),
        total_tokens: calls.reduce((n, c) => n + c.total_tokens, 0),
      });
      expect(summary.total_cost).toBeCloseTo(calls.reduce((n, c) => n + c.total_cost, 0), 6);
    }
    const filtered = await parley.calls.summary({ status: 'failed', channel: 'api' });
    expect(filtered.filters).toEqual({ agent_id: null, status: 'failed', channel: 'api', from_date: null, to_date: null, ended_reason: null, feedback: null, q: null, visitor_id: null });
  });

  it('refuses bad filters with a 400 naming the field, and answers nothing for another workspace', async () => {
    for (const query of ['status=done', 'channel=phone', 'limit=0', 'limit=101', 'from_date=2026-02-31', 'to_date=yesterday', 'after=42', 'after=call_99999999999', 'from_date=2026-03-02&to_date=2026-03-01']) {
      const res = await t.call('GET', `/v1/calls?${query}`);
      expect(res.status, query).toBe(400);
      expect((await readError(res)).message, query).toMatch(/status|channel|limit|from_date|to_date|after/);
    }
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const outsider = inProcessClient(t, { apiKey: otherKey });
    expect(await outsider.calls.page()).toEqual({ calls: [], next_cursor: null });
    expect((await outsider.calls.summary()).total_calls).toBe(0);
  });
});
