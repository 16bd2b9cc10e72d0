import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../helpers/read-json.ts';
import { testStatsSchema } from '../../shared/api/agent-test-runs-api.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const DAY = 86_400_000;

describe.each(testDatabases())('agent test stats on $dialect', (target) => {
  let t: TestApp;
  let client: ReturnType<typeof agentTestClient>;
  const clock = manualClock('2026-03-10T12:00:00Z');

  beforeAll(async () => {
    // No LLM: tool tests of the claims agent pass or fail on their own; reply tests error.
    t = await createTestApp(target, { clock });
    client = agentTestClient(t);
    const claims = await client.createAgent(claimAgentBody());
    const passing = await client.create(claims, { name: 'Lookup', type: 'tool', config: { context: '123456', expected_tool: 'get_policy' } });
    const failing = await client.create(claims, { name: 'Ticket', type: 'tool', config: { context: '123456', expected_tool: 'create_ticket' } });
    const erroring = await client.create(claims, { name: 'Judged', type: 'reply', config: { context: '123456', success_criteria: 'Polite.' } });

    clock.set('2026-03-02T12:00:00Z'); // outside a 7-day window
    await client.run(passing.id);
    clock.advance(6 * DAY); // 2026-03-08
    await client.run(passing.id);
    await client.run(failing.id);
    clock.advance(2 * DAY); // 2026-03-10, today
    await client.run(passing.id);
    await client.run(erroring.id);
  });
  afterAll(() => t.close());

  const stats = async (query = '') => readJson(await t.call('GET', `/v1/agents/tests/stats${query}`), testStatsSchema, 200);

  it('counts finished runs per UTC day of the window, empty days included, and per type', async () => {
    const week = await stats();
    expect(week.window_days).toBe(7);
    expect(week.buckets.map((b) => b.day)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    expect(week.buckets[4]).toEqual({ day: '2026-03-08', passed: 1, failed: 1, errored: 0 });
    expect(week.buckets[6]).toEqual({ day: '2026-03-10', passed: 1, failed: 0, errored: 1 });
    expect(week).toMatchObject({ total_runs: 4, passed_runs: 2, avg_duration_ms: 0 });
    expect(week.by_type).toEqual({
      reply: { total_runs: 1, passed: 0, failed: 0, errored: 1 },
      tool: { total_runs: 3, passed: 2, failed: 1, errored: 0 },
      simulation: { total_runs: 0, passed: 0, failed: 0, errored: 0 },
    });
  });

  it('narrows to window_days, and refuses a window out of range', async () => {
    const today = await stats('?window_days=1');
    expect(today.buckets).toEqual([{ day: '2026-03-10', passed: 1, failed: 0, errored: 1 }]);
    expect(today.total_runs).toBe(2);
    expect((await stats('?window_days=30')).total_runs).toBe(5);
    expect((await t.call('GET', '/v1/agents/tests/stats?window_days=0')).status).toBe(400);
  });

  it('is routed before /v1/agents/{id}, which would otherwise take "tests"', async () => {
    const res = await t.call('GET', '/v1/agents/tests');
    expect(res.status).toBe(200);
    expect((await res.json()).tests).toHaveLength(3);
  });
});
