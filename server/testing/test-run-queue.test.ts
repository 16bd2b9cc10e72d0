import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { systemClock } from '../clock.ts';
import type { RunDefinition, TestRunRecord } from '../storage/agent-test-records.ts';
import type { RunOutcome } from '../storage/agent-test-runs-repo.ts';
import { openDatabase, type DatabaseHandle } from '../storage/database.ts';
import { createRepositories, type Repositories } from '../storage/repositories.ts';
import { createTestRunQueue, INTERRUPTED_BY_RESTART, INTERRUPTED_BY_STOP } from './test-run-queue.ts';

const logger = pino({ level: 'silent' });
const passed: RunOutcome = { status: 'passed', passed: true, rationale: 'ok', error: null, result: null, agentVersion: 1, durationMs: 5 };

/** A run executor the test finishes by hand: it records which runs are in progress. */
function manualExecutor() {
  const pending = new Map<string, { finish(outcome?: RunOutcome): void; signal: AbortSignal }>();
  const started: string[] = [];
  let changed: () => void = () => undefined;
  return {
    started,
    pending,
    /** Resolves once `count` runs are in progress. */
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (pending.size >= count ? resolve() : (changed = check));
        check();
      }),
    execute: (run: TestRunRecord, signal: AbortSignal) =>
      new Promise<RunOutcome>((resolve, reject) => {
        started.push(run.publicId);
        pending.set(run.publicId, {
          signal,
          finish: (outcome = passed) => {
            pending.delete(run.publicId);
            resolve(outcome);
          },
        });
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        changed();
      }),
  };
}

describe('the test run queue', () => {
  let database: DatabaseHandle;
  let repos: Repositories;
  let testId: number;
  let agentId: number;

  beforeEach(async () => {
    database = await openDatabase({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-queue-')), 'q.db')}` });
    repos = createRepositories(database.db, systemClock);
    const workspace = await repos.workspaces.create('W');
    const agent = await repos.agents.create(workspace.id, { name: 'A', system_prompt: '', language: 'en', llm: {}, tools: [], widget: { enabled: false, allowed_origins: [], theme: {} }, knowledge_base_ids: [], knowledge: [] });
    agentId = agent.id;
    const test = await repos.agentTests.create({
      workspaceId: workspace.id,
      agentId,
      name: 'T',
      description: '',
      definition: { type: 'reply', config: { context: 'hi', success_criteria: 'ok', success_examples: [], failure_examples: [] } },
      variables: {},
      folderId: null,
      toolMockConfig: null,
      repeat: 1,
    });
    testId = test.id;
  });
  afterEach(() => database.close());

  const definition: RunDefinition = { test_id: 'test_x', name: 'T', type: 'reply', config: {}, variables: {}, tool_mock_config: null, repeat: 1, start_state: null, pass_threshold: 1, version: null };
  const enqueue = (n: number) => repos.agentTestRuns.enqueue(Array.from({ length: n }, () => ({ workspaceId: 1, testId, agentId, definition })));
  const statuses = async () => (await database.db.selectFrom('agent_test_runs').select('status').orderBy('id').execute()).map((r) => r.status);

  it('runs at most `concurrency` runs at once, oldest first, marking them running', async () => {
    const executor = manualExecutor();
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: executor.execute, logger, concurrency: 2 });
    const runs = await enqueue(5);
    await queue.start();
    await executor.until(2);
    expect(executor.started).toEqual([runs[0]?.publicId, runs[1]?.publicId]);
    expect(await statuses()).toEqual(['running', 'running', 'queued', 'queued', 'queued']);

    executor.pending.get(runs[0]?.publicId ?? '')?.finish();
    await executor.until(2);
    expect(executor.started).toHaveLength(3);
    for (const entry of [...executor.pending.values()]) entry.finish();
    await executor.until(2);
    for (const entry of [...executor.pending.values()]) entry.finish();
    await queue.idle();
    expect(await statuses()).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
    expect(queue.load()).toEqual({ active: 0, peak: 2, concurrency: 2 });
    await queue.stop();
  });

  it('claims each run once even with two queues on one database', async () => {
    const seen: string[] = [];
    const execute = async (run: TestRunRecord) => {
      seen.push(run.publicId);
      return passed;
    };
    const a = createTestRunQueue({ runs: repos.agentTestRuns, execute, logger, concurrency: 3 });
    const b = createTestRunQueue({ runs: repos.agentTestRuns, execute, logger, concurrency: 3 });
    await enqueue(12);
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.idle(), b.idle()]);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('tells onRunCompleted about each finished run, and survives it throwing', async () => {
    const completed: string[] = [];
    const queue = createTestRunQueue({
      runs: repos.agentTestRuns,
      execute: async () => passed,
      logger,
      onRunCompleted: (run) => {
        completed.push(`${run.publicId}:${run.status}`);
        throw new Error('webhook down');
      },
    });
    const runs = await enqueue(2);
    await queue.start();
    await queue.idle();
    expect(completed.sort()).toEqual(runs.map((r) => `${r.publicId}:passed`).sort());
    await queue.stop();
  });

  it('turns an executor crash into an error run instead of stopping', async () => {
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: () => Promise.reject(new Error('boom')), logger });
    const [run] = await enqueue(1);
    await queue.start();
    await queue.idle();
    expect(await repos.agentTestRuns.get(run?.id ?? 0)).toMatchObject({ status: 'error', error: 'The run failed unexpectedly: boom', passed: false });
    await queue.stop();
  });

  it('on stop, aborts runs in progress and records them as interrupted', async () => {
    const executor = manualExecutor();
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: executor.execute, logger, concurrency: 1 });
    await enqueue(2);
    await queue.start();
    await executor.until(1);
    await queue.stop();
    expect(await statuses()).toEqual(['error', 'queued']);
    expect((await database.db.selectFrom('agent_test_runs').select('error').orderBy('id').executeTakeFirstOrThrow()).error).toBe(INTERRUPTED_BY_STOP);
  });

  it('on stop with a grace period, lets the run in progress finish and claims no queued run', async () => {
    const executor = manualExecutor();
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: executor.execute, logger, concurrency: 1 });
    await enqueue(2);
    await queue.start();
    await executor.until(1);
    const stopped = queue.stop({ graceMs: 60_000 });
    executor.pending.values().next().value?.finish();
    await stopped;
    expect(await statuses()).toEqual(['passed', 'queued']);
    expect(executor.started).toHaveLength(1);
  });

  it('on start, marks runs whose process died (lease ran out) as interrupted, then resumes the queued ones', async () => {
    const runs = await enqueue(2);
    // A lease already in the past: the process that claimed it is gone.
    expect((await repos.agentTestRuns.claimNext(-1000))?.id).toBe(runs[0]?.id);
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: async () => passed, logger });
    await queue.start();
    await queue.idle();
    expect(await repos.agentTestRuns.get(runs[0]?.id ?? 0)).toMatchObject({ status: 'error', error: INTERRUPTED_BY_RESTART, result: { passed: false } });
    expect(await repos.agentTestRuns.get(runs[1]?.id ?? 0)).toMatchObject({ status: 'passed' });
    await queue.stop();
  });

  it("leaves alone a run another live process holds a lease on", async () => {
    const runs = await enqueue(1);
    expect((await repos.agentTestRuns.claimNext(60_000))?.id).toBe(runs[0]?.id);
    const queue = createTestRunQueue({ runs: repos.agentTestRuns, execute: async () => passed, logger });
    await queue.start();
    await queue.idle();
    expect(await repos.agentTestRuns.get(runs[0]?.id ?? 0)).toMatchObject({ status: 'running' });
    await queue.stop();
  });

  it('logs a claim that failed and tries again after a backoff, then runs the queued run', async () => {
    const runs = await enqueue(1);
    const clock = manualClock();
    const lines: { msg: string }[] = [];
    const recording = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    let outages = 1;
    const flaky = { ...repos.agentTestRuns, claimNext: (leaseMs: number) => (outages-- > 0 ? Promise.reject(new Error('database is locked')) : repos.agentTestRuns.claimNext(leaseMs)) };
    const queue = createTestRunQueue({ runs: flaky, execute: async () => passed, logger: recording, timers: clock });
    await queue.start();
    await queue.idle();
    expect(lines.map((l) => l.msg)).toEqual(['claiming test runs failed']);
    expect(await repos.agentTestRuns.get(runs[0]?.id ?? 0)).toMatchObject({ status: 'queued' });

    clock.advance(1999);
    await queue.idle();
    expect(await repos.agentTestRuns.get(runs[0]?.id ?? 0)).toMatchObject({ status: 'queued' });
    clock.advance(1);
    await queue.idle();
    expect(await repos.agentTestRuns.get(runs[0]?.id ?? 0)).toMatchObject({ status: 'passed' });
    await queue.stop();
  });

  it('refuses a concurrency that is not a positive integer', () => {
    expect(() => createTestRunQueue({ runs: repos.agentTestRuns, execute: async () => passed, logger, concurrency: 0 })).toThrow('positive integer');
  });
});
