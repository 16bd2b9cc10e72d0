import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RunDefinition, TestRunRecord } from '../../server/storage/agent-test-records.ts';
import type { RunOutcome } from '../../server/storage/agent-test-runs-repo.ts';
import { openDatabase } from '../../server/storage/database.ts';
import { createRepositories, type Repositories } from '../../server/storage/repositories.ts';
import { createTestRunQueue } from '../../server/testing/test-run-queue.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { dropSchema, testDatabases } from '../helpers/test-databases.ts';

const passed: RunOutcome = { status: 'passed', passed: true, rationale: 'ok', error: null, result: null, agentVersion: 1, durationMs: 5 };
const definition: RunDefinition = { test_id: 'test_x', name: 'T', type: 'reply', config: {}, variables: {}, tool_mock_config: null, repeat: 1, start_state: null, pass_threshold: 1, version: null };

/** A workspace with one agent and one test, ready to queue runs of it. */
async function workspaceWithTest(repos: Repositories, name: string) {
  const workspace = await repos.workspaces.create(name);
  const agent = await repos.agents.create(workspace.id, { name, system_prompt: '', language: 'en', llm: {}, tools: [], widget: { enabled: false, allowed_origins: [], theme: {} }, knowledge_base_ids: [], knowledge: [] });
  const test = await repos.agentTests.create({
    workspaceId: workspace.id,
    agentId: agent.id,
    name: 'T',
    description: '',
    definition: { type: 'reply', config: { context: 'hi', success_criteria: 'ok', success_examples: [], failure_examples: [] } },
    variables: {},
    folderId: null,
    toolMockConfig: null,
    repeat: 1,
  });
  return (n: number) => repos.agentTestRuns.enqueue(Array.from({ length: n }, () => ({ workspaceId: workspace.id, testId: test.id, agentId: agent.id, definition })));
}

/** Runs that only finish when the test says so, oldest-started first; records the order they started in. */
function handFinishedRuns() {
  const started: TestRunRecord[] = [];
  const pending: (() => void)[] = [];
  let onStart: () => void = () => undefined;
  return {
    started,
    execute: (run: TestRunRecord) =>
      new Promise<RunOutcome>((resolve) => {
        started.push(run);
        pending.push(() => resolve(passed));
        onStart();
      }),
    /** Resolves once `count` runs have started in all. */
    startedAtLeast: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (started.length >= count ? resolve() : (onStart = check));
        check();
      }),
    finishOldest: () => pending.shift()?.(),
    finishAll: () => pending.splice(0).forEach((finish) => finish()),
  };
}

describe.each(testDatabases())('the agent test run queue shares itself between workspaces on $dialect', (target) => {
  it.each([1, 2])('starts a small workspace\'s runs among the first few even behind 20 of another workspace (concurrency %i)', async (concurrency) => {
    const fresh = target.fresh();
    const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    try {
      // A frozen clock: every run is queued and claimed in the same millisecond, so fairness cannot lean on timestamps.
      const repos = createRepositories(database.db, manualClock('2026-07-01T00:00:00.000Z'));
      const queueForA = await workspaceWithTest(repos, 'A');
      const queueForB = await workspaceWithTest(repos, 'B');
      const a = await queueForA(20);
      const b = await queueForB(2);
      const runs = handFinishedRuns();
      const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: runs.execute, logger: pino({ level: 'silent' }), concurrency });
      await queue.start();
      for (let n = concurrency; n < 22; n++) {
        await runs.startedAtLeast(n);
        runs.finishOldest();
      }
      await runs.startedAtLeast(22);
      runs.finishAll();
      await queue.idle();
      await queue.stop();

      const order = runs.started.map((run) => run.publicId);
      const positions = b.map((run) => order.indexOf(run.publicId));
      // Round-robin: B's two runs are the 2nd and 4th claims, not the 21st and 22nd.
      expect(positions).toEqual([1, 3]);
      // Each workspace's own runs still start oldest first, and every run ran exactly once.
      expect(order.filter((id) => a.some((run) => run.publicId === id))).toEqual(a.map((run) => run.publicId));
      expect(new Set(order).size).toBe(22);
    } finally {
      await database.close();
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });
});
