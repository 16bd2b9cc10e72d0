import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Call, CallListQuery, ParleyClient } from '../../client/index.ts';
import { readError } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('calls by ended reason, feedback and text, and their export, on $dialect', (target) => {
  const clock = manualClock('2026-04-01T09:00:00.000Z');
  let t: TestApp;
  let parley: ParleyClient;
  let echo: Agent;
  const ids: Record<string, string> = {};

  const ids$ = (calls: Call[]) => calls.map((c) => c.call_id).sort();
  async function all(query: CallListQuery): Promise<Call[]> {
    const seen: Call[] = [];
    for await (const page of parley.calls.list({ ...query, limit: 1 }).pages()) seen.push(...page);
    return seen;
  }

  /** A call that says each text; its answer (index 2) rated when `rating` is given. */
  async function conversation(name: string, texts: string[], rating?: 'up' | 'down') {
    const run = await parley.textChat.start(echo.id);
    for (const content of texts) await parley.textChat.send(echo.id, run.workflow_run_id, { content });
    if (rating) await parley.textChat.feedback(echo.id, run.workflow_run_id, 2, { rating, comment: 'said "so", really' });
    ids[name] = run.call_id;
    return run;
  }

  beforeAll(async () => {
    t = await createTestApp(target, { clock });
    parley = inProcessClient(t);
    echo = await parley.agents.create(loopAgentBody);
    await conversation('refund', ['I want a REFUND, please'], 'down');
    await conversation('thanks', ['thanks, all good'], 'up');
    await conversation('percent', ['100% sure_not a pattern']);
    await parley.calls.end(ids.thanks ?? '');
    const left = await conversation('left', ['=1+1, "quoted"\nnext line']);
    await t.app.runtime.sessions.end(left.workflow_run_id, 'visitor-left');
  });
  afterAll(() => t?.close());

  it('filters by ended reason', async () => {
    expect(ids$(await all({ ended_reason: 'api' }))).toEqual([ids.thanks]);
    expect(ids$(await all({ ended_reason: 'visitor-left' }))).toEqual([ids.left]);
    expect(await all({ ended_reason: 'timeout' })).toEqual([]);
  });

  it('filters by visitor feedback: up, down, any rating, or none', async () => {
    expect(ids$(await all({ feedback: 'up' }))).toEqual([ids.thanks]);
    expect(ids$(await all({ feedback: 'down' }))).toEqual([ids.refund]);
    expect(ids$(await all({ feedback: 'any' }))).toEqual([ids.refund, ids.thanks].sort());
    expect(ids$(await all({ feedback: 'none' }))).toEqual([ids.left, ids.percent].sort());
  });

  it('finds calls by the text of any message, ignoring case, with % and _ taken literally', async () => {
    expect(ids$(await all({ q: 'refund' }))).toEqual([ids.refund]);
    expect(ids$(await all({ q: 'You said: thanks' }))).toEqual([ids.thanks]);
    expect(ids$(await all({ q: '100%' }))).toEqual([ids.percent]);
    expect(ids$(await all({ q: 'r_fund' }))).toEqual([]);
    expect(ids$(await all({ q: 'sure_not' }))).toEqual([ids.percent]);
    expect(await all({ q: '%' })).toHaveLength(1);
    expect(ids$(await all({ q: 'say something', feedback: 'none' }))).toEqual([ids.left, ids.percent].sort());
    expect((await parley.calls.summary({ q: 'refund' })).total_calls).toBe(1);
  });

  it('refuses an unknown ended reason or feedback value and an empty search with a 400 naming the field', async () => {
    for (const [query, field] of [['ended_reason=bored', 'ended_reason'], ['feedback=meh', 'feedback'], ['q=', 'q'], [`q=${'x'.repeat(201)}`, 'q']] as const) {
      const res = await t.call('GET', `/v1/calls?${query}`);
      expect((await readError(res, 400)).message, query).toContain(field);
    }
  });

  it('exports a call as JSON, the same as its detail, as an attachment', async () => {
    const res = await t.call('GET', `/v1/calls/${ids.refund}/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ids.refund}.json"`);
    expect(await res.json()).toEqual(await parley.calls.get(ids.refund ?? ''));
    expect(await parley.calls.exportJson(ids.refund ?? '')).toEqual(await parley.calls.get(ids.refund ?? ''));
  });

  it('exports a call as CSV with quotes doubled, line breaks kept inside quotes and formulas defused', async () => {
    const res = await t.call('GET', `/v1/calls/${ids.left}/export?format=csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ids.left}.csv"`);
    const csv = await parley.calls.exportCsv(ids.left ?? '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('call_id,entry,type,message_index,role,author,content,feedback,tool_name,arguments,result,error,duration_ms,llm_ttfb_ms,llm_total_ms,tool_ms,server_ms,timestamp');
    expect(lines[1]).toMatch(new RegExp(`^${ids.left},0,message,0,assistant,agent,Say something\\.,,`));
    expect(lines[2]).toMatch(new RegExp(`^${ids.left},1,message,1,user,user,"'=1\\+1, ""quoted""\nnext line",,`));
    expect(csv.endsWith('\r\n')).toBe(true);
    const rated = await parley.calls.exportCsv(ids.refund ?? '');
    expect(rated.split("\r\n")[3]).toMatch(/,message,2,assistant,agent,"You said: I want a REFUND, please\n\nSay something\.",down,/);
  });

  it('shows every branch of a rewound call with its own transcript, the current one marked', async () => {
    const run = await parley.textChat.start(echo.id);
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: 'first try' });
    await parley.textChat.rewind(echo.id, run.workflow_run_id, { message_index: 0 });
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: 'second try' });
    const { branches } = await parley.calls.branches(run.call_id);
    const said = (b: (typeof branches)[number]) => b.transcript.flatMap((e) => (e.type === 'message' && e.role === 'user' ? [e.content] : []));
    expect(branches.map(said)).toEqual([['first try'], ['second try']]);
    expect(branches.map((b) => b.current)).toEqual([false, true]);
    expect(branches[1]).toMatchObject({ parent_id: branches[0]?.id, fork_index: 0 });
    expect(branches[1]?.transcript).toEqual((await parley.calls.get(run.call_id)).transcript);
    expect(ids$(await all({ q: 'first try' }))).toEqual([run.call_id]);
  });

  it('refuses an unknown export format, and another workspace’s call is not found', async () => {
    expect((await readError(await t.call('GET', `/v1/calls/${ids.left}/export?format=xml`), 400)).message).toContain('format');
    const other = await t.repos.workspaces.create('Other');
    const outsider = inProcessClient(t, { apiKey: await t.repos.apiKeys.create(other.id) });
    await expect(outsider.calls.exportCsv(ids.left ?? '')).rejects.toMatchObject({ status: 404 });
  });
});
