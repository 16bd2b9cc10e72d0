import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createSessionSweeper } from '../../server/sessions/session-sweeper.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { collectUntilClosed, readSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('session event streams on $dialect', (target) => {
  let t: TestApp;
  let loop: string;
  let brief: string;
  const clock = manualClock('2026-03-02T10:00:00Z');
  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;
  const open = (agent: string, run: number, headers: Record<string, string> = {}) =>
    t.app.request(`${sessions(agent)}/${run}/events`, { headers: { authorization: `Bearer ${t.key}`, ...headers } });
  const start = async (agent = loop) => readJson(await t.call('POST', sessions(agent), {}), runSchema, 201);

  beforeAll(async () => {
    t = await createTestApp(target, { clock, startTestRuns: false });
    loop = (await createAgent(t, loopAgentBody)).id;
    const hangUp = { name: 'Brief', workflow: { start: 'ask', nodes: { ask: { type: 'ask', text: 'Anything?', save_as: 'x', next: 'bye' }, bye: { type: 'end', text: 'Goodbye.' } } } };
    brief = (await createAgent(t, hangUp)).id;
  });
  afterAll(() => t.close());

  it('refuses a 6th open stream on one session with 429 and Retry-After, and opens one again once another closes', async () => {
    const run = await start();
    const held = await Promise.all(Array.from({ length: 5 }, () => open(loop, run.workflow_run_id)));
    expect(held.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await open(loop, run.workflow_run_id);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await readError(sixth))).toEqual({ code: 'too_many_streams', message: 'This session already has 5 open event streams: close one before opening another' });

    await held[0]?.body?.cancel();
    await expect.poll(async () => {
      const again = await open(loop, run.workflow_run_id);
      await again.body?.cancel();
      return again.status;
    }).toBe(200);
    await Promise.all(held.slice(1).map((res) => res.body?.cancel()));
  });

  it('refuses a 21st open stream from one client across sessions', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => start()));
    const held = await Promise.all(runs.slice(0, 4).flatMap((run) => Array.from({ length: 5 }, () => open(loop, run.workflow_run_id))));
    expect(held.every((res) => res.status === 200)).toBe(true);
    const over = await open(loop, runs[4]?.workflow_run_id ?? 0);
    expect(over.status).toBe(429);
    expect((await readError(over)).message).toBe('This client already has 20 open event streams: close one before opening another');
    await Promise.all(held.map((res) => res.body?.cancel()));
  });

  it('sends `ended` and closes the stream when the session is ended through the API', async () => {
    const run = await start();
    const stream = await open(loop, run.workflow_run_id);
    expect((await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/end`)).status).toBe(200);
    const events = await collectUntilClosed(stream, 5000);
    expect(events.map((e) => [e.event, JSON.parse(e.data)])).toEqual([['ended', { type: 'ended', reason: 'api' }]]);
  });

  it('closes the stream when the agent hangs up', async () => {
    const run = await start(brief);
    const stream = await open(brief, run.workflow_run_id);
    const reply = await (await t.call('POST', `${sessions(brief)}/${run.workflow_run_id}/messages`, { content: 'no' })).json();
    expect(reply).toMatchObject({ content: 'Goodbye.', session_status: 'ended' });
    const events = await collectUntilClosed(stream, 5000);
    expect(events.map((e) => JSON.parse(e.data))).toEqual([{ type: 'ended', reason: 'agent-hangup' }]);
  });

  it('closes the stream when the sweeper ends an idle session', async () => {
    const run = await start();
    const stream = await open(loop, run.workflow_run_id);
    clock.advance(31 * 60_000);
    const sweeper = createSessionSweeper({ db: t.database.db, sessions: t.app.runtime.sessions, clock, logger: pino({ level: 'silent' }) });
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    const events = await collectUntilClosed(stream, 5000);
    expect(JSON.parse(events.at(-1)?.data ?? '{}')).toEqual({ type: 'ended', reason: 'timeout' });
  });

  it('closes the stream when a call handed to a human is ended', async () => {
    const run = await start();
    const stream = await open(loop, run.workflow_run_id);
    expect((await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' })).status).toBe(200);
    expect((await t.call('POST', `/v1/calls/${run.call_id}/end`)).status).toBe(200);
    const events = await collectUntilClosed(stream, 5000);
    expect(events.map((e) => e.event)).toEqual(['transferred', 'ended']);
  });

  it('answers a stream opened on an ended session with `ended` and closes it, even when resuming past that event', async () => {
    const run = await start();
    await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/end`);
    const replay = await collectUntilClosed(await open(loop, run.workflow_run_id), 5000);
    expect(replay.map((e) => e.event)).toEqual(['ended']);
    const resumed = await collectUntilClosed(await open(loop, run.workflow_run_id, { 'last-event-id': replay[0]?.id ?? '' }), 5000);
    expect(resumed).toEqual([{ event: 'ended', data: JSON.stringify({ type: 'ended', reason: 'api' }) }]);
  });

  it('keeps a stream open while its session is live', async () => {
    const run = await start();
    const events = readSse(await open(loop, run.workflow_run_id));
    await t.app.runtime.events.push(run.workflow_run_id, { type: 'transferred', destination: 'human' });
    expect((await events.next()).value).toMatchObject({ event: 'transferred' });
    await t.app.runtime.events.push(run.workflow_run_id, { type: 'transferred', destination: 'human' });
    expect((await events.next()).done).toBe(false);
    await events.return(undefined);
  });
});
