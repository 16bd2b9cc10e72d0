/**
 * Retention (issue #19 item 3): a workspace keeps ended conversations for its retention
 * period, then a background sweep deletes them — with all that hangs off them — and
 * records how many it deleted. Conversations still going are never swept. Several
 * processes on one database share the sweep through a lease. Time is a manual clock.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, ParleyClient } from '../../client/index.ts';
import { createRetentionSweeper, type RetentionSweeper } from '../../server/calls/retention-sweeper.ts';
import { retentionSchema } from '../../shared/api/erasure-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { readError } from '../helpers/api-reads.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const DAY = 86_400_000;

describe.each(testDatabases())('the retention period and its sweep on $dialect', (target) => {
  const clock = manualClock('2026-01-01T00:00:00.000Z');
  let t: TestApp;
  let second: TestApp;
  let parley: ParleyClient;
  let echo: Agent;
  const sweepers: RetentionSweeper[] = [];

  function sweeperOf(app: TestApp, holder: string): RetentionSweeper {
    const sweeper = createRetentionSweeper({ retention: app.repos.retention, erasure: app.repos.erasure, clock, logger: pino({ level: 'silent' }), holder, leaseMs: 60_000 });
    sweepers.push(sweeper);
    return sweeper;
  }

  async function callSaying(word: string, end: boolean): Promise<string> {
    const run = await parley.textChat.start(echo.id);
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: word });
    if (end) await parley.calls.end(run.call_id);
    return run.call_id;
  }
  const exists = async (callId: string) => (await t.call('GET', `/v1/calls/${callId}`)).status === 200;
  const messagesSaying = async (word: string) =>
    (await t.database.db.selectFrom('messages').select('id').where('content', 'like', `%${word}%`).execute()).length;

  beforeAll(async () => {
    t = await createTestApp(target, { clock });
    second = await createTestApp(target, { clock, sameDatabaseAs: t });
    parley = inProcessClient(t);
    echo = await parley.agents.create(loopAgentBody);
  });
  afterAll(async () => {
    for (const sweeper of sweepers) await sweeper.stop();
    await second?.close();
    await t?.close();
  });

  it('keeps conversations until a period is set, and refuses a period that is not a whole number of days from 1 with a 400 that changes nothing', async () => {
    expect(await readJson(await t.call('GET', '/v1/workspace/retention'), retentionSchema, 200)).toEqual({ retention_days: null });
    for (const body of [{ retention_days: 0 }, { retention_days: -3 }, { retention_days: 1.5 }, { retention_days: '30' }, {}, { retention_days: 30, extra: true }, { retention_days: 40_000 }]) {
      expect((await readError(await t.call('PUT', '/v1/workspace/retention', body), 400)).code, JSON.stringify(body)).toBe('invalid_request');
    }
    expect(await readJson(await t.call('GET', '/v1/workspace/retention'), retentionSchema, 200)).toEqual({ retention_days: null });
  });

  it('deletes ended conversations once the period has passed since they ended, never one still going', async () => {
    const sweeper = sweeperOf(t, 'first');
    const early = await callSaying('EARLYWORD', true);
    const live = await callSaying('LIVEWORD', false);
    clock.advance(20 * DAY);
    const later = await callSaying('LATERWORD', true);
    // No period yet: nothing is due however old.
    clock.advance(20 * DAY);
    expect(await sweeper.sweep()).toBe(0);
    expect(await exists(early)).toBe(true);

    expect(await parley.dataProtection.setRetention({ retention_days: 30 })).toEqual({ retention_days: 30 });
    // Day 40: `early` ended 40 days ago, `later` 20.
    expect(await sweeper.sweep()).toBe(1);
    expect([await exists(early), await exists(later), await exists(live)]).toEqual([false, true, true]);
    expect(await messagesSaying('EARLYWORD')).toBe(0);

    clock.advance(11 * DAY);
    expect(await sweeper.sweep()).toBe(1);
    expect([await exists(later), await exists(live)]).toEqual([false, true]);
    expect(await messagesSaying('LATERWORD')).toBe(0);
    // The visitor's message and the echo of it.
    expect(await messagesSaying('LIVEWORD')).toBe(2);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_kind', 'actor_id', 'detail']).orderBy('id').execute();
    expect(audit.filter((row) => row.action === 'retention.swept').map((row) => [row.actor_kind, row.actor_id, JSON.parse(row.detail)])).toEqual([
      ['system', 'system', { retention_days: 30, calls: 1, call_ids: [early] }],
      ['system', 'system', { retention_days: 30, calls: 1, call_ids: [later] }],
    ]);
    expect(audit.filter((row) => row.action === 'workspace.retention_changed').map((row) => [row.actor_kind, JSON.parse(row.detail)])).toEqual([
      ['api_key', { from: null, to: 30 }],
    ]);
  });

  it('lets one process sweep at a time: another waits until the lease lapses or is given up', async () => {
    const a = sweeperOf(t, 'process-a');
    const b = sweeperOf(second, 'process-b');
    const first = await callSaying('LEASEONE', true);
    clock.advance(91_000);
    const next = await callSaying('LEASETWO', true);
    clock.advance(30 * DAY - 81_000);
    // `first` is due, `next` not for another 81 s. A third process is mid-sweep:
    await t.repos.retention.takeLease('retention-sweep', 'process-z', new Date(clock.now() + 60_000).toISOString());
    expect(await b.sweep()).toBe(0);
    expect(await exists(first)).toBe(true);

    // Its lease lapses (it died): b takes over.
    clock.advance(61_000);
    expect(await b.sweep()).toBe(1);
    expect([await exists(first), await exists(next)]).toEqual([false, true]);

    // `next` is due now, but b holds the lease for 20 s more: a's pass does nothing.
    clock.advance(40_000);
    expect(await a.sweep()).toBe(0);
    expect(await exists(next)).toBe(true);
    // b gives the lease up when it stops: a may sweep at once.
    await b.stop();
    expect(await a.sweep()).toBe(1);
    expect(await exists(next)).toBe(false);
  });

  it('keeps everything again once the period is set back to null', async () => {
    const sweeper = sweeperOf(t, 'process-c');
    expect(await parley.dataProtection.setRetention({ retention_days: null })).toEqual({ retention_days: null });
    const kept = await callSaying('KEPTWORD', true);
    clock.advance(400 * DAY);
    expect(await sweeper.sweep()).toBe(0);
    expect(await exists(kept)).toBe(true);
  });
});
