/**
 * Agent test runs, and the queue they form: `status = 'queued'` rows are the queue. A run
 * is claimed with an UPDATE that only succeeds while it is still queued, so several
 * workers (or processes) never run the same run twice.
 */
import { sql, type Kysely } from 'kysely';
import type { RunResult, RunStatus } from '../../shared/api/agent-test-runs-api.ts';
import { isPostgres } from './dialect-of.ts';
import { isoNow, type Clock } from '../clock.ts';
import { toTestRun, type NewRunDefinition, type TestRunRecord } from './agent-test-records.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';
import { appendOutbox, type OutboxEvent } from './webhook-outbox-repo.ts';

export interface NewRun {
  workspaceId: number;
  testId: number;
  agentId: number;
  definition: NewRunDefinition;
}

export interface RunOutcome {
  status: Extract<RunStatus, 'passed' | 'failed' | 'error'>;
  passed: boolean;
  rationale: string | null;
  error: string | null;
  result: RunResult | null;
  agentVersion: number | null;
  durationMs: number;
}

/** One group of finished runs for the stats: a day, a status and a test type. */
export interface RunStatsRow {
  day: string;
  status: string;
  type: string;
  runs: number;
  totalMs: number;
}

export type AgentTestRunsRepo = ReturnType<typeof createAgentTestRunsRepo>;

export function createAgentTestRunsRepo(db: Kysely<Database>, clock: Clock) {
  return {
    /** Queue runs in one statement, in order. */
    async enqueue(runs: NewRun[]): Promise<TestRunRecord[]> {
      if (runs.length === 0) return [];
      const now = isoNow(clock);
      const rows = await db
        .insertInto('agent_test_runs')
        .values(
          runs.map((run) => ({
            public_id: `run_${newUlid()}`,
            workspace_id: run.workspaceId,
            test_id: run.testId,
            agent_id: run.agentId,
            agent_version: null,
            status: 'queued',
            passed: null,
            rationale: null,
            error: null,
            result: null,
            definition: JSON.stringify(run.definition),
            duration_ms: null,
            created_at: now,
            started_at: null,
            completed_at: null,
          })),
        )
        .returningAll()
        .execute();
      // RETURNING promises no order; ids follow the order of the VALUES rows.
      return rows.sort((a, b) => a.id - b.id).map(toTestRun);
    },

    async find(workspaceId: number, publicId: string): Promise<TestRunRecord | undefined> {
      const row = await db.selectFrom('agent_test_runs').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toTestRun(row) : undefined;
    },

    /** A test's runs, newest first, `after` being the id the previous page ended with. */
    async listForTest(testId: number, page: { limit: number; after?: number | undefined }): Promise<TestRunRecord[]> {
      let query = db.selectFrom('agent_test_runs').selectAll().where('test_id', '=', testId);
      if (page.after !== undefined) query = query.where('id', '<', page.after);
      return (await query.orderBy('id', 'desc').limit(page.limit).execute()).map(toTestRun);
    },

    /** The latest finished run of each of these tests against this agent (test coverage reads them). */
    async latestFinished(agentId: number, testIds: readonly number[]): Promise<TestRunRecord[]> {
      if (testIds.length === 0) return [];
      const latest = db
        .selectFrom('agent_test_runs')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('agent_id', '=', agentId)
        .where('test_id', 'in', [...testIds])
        .where('status', 'in', ['passed', 'failed', 'error'])
        .groupBy('test_id');
      const rows = await db.selectFrom('agent_test_runs').selectAll().where('id', 'in', latest).orderBy('id').execute();
      return rows.map(toTestRun);
    },

    async get(id: number): Promise<TestRunRecord | undefined> {
      const row = await db.selectFrom('agent_test_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toTestRun(row) : undefined;
    },

    /** Whether any run is waiting. */
    async anyQueued(): Promise<boolean> {
      return (await db.selectFrom('agent_test_runs').select('id').where('status', '=', 'queued').limit(1).executeTakeFirst()) !== undefined;
    },

    /**
     * Take the next queued run in one statement, with a lease, sharing the queue fairly
     * between workspaces: the workspace with the fewest runs running goes first, then the
     * one served least recently (its latest `claim_order`), and within it the oldest run.
     * So a workspace that queues a thousand runs takes turns with one that queues two
     * instead of starving it. The UPDATE only changes a row still queued, so of several
     * workers (or processes) racing for it exactly one gets it; on Postgres `FOR UPDATE
     * SKIP LOCKED` also lets racers pick different rows at once.
     */
    async claimNext(leaseMs: number): Promise<TestRunRecord | undefined> {
      const now = clock.now();
      let next = db
        .selectFrom('agent_test_runs as q')
        .select('q.id')
        .where('q.status', '=', 'queued')
        .orderBy((eb) =>
          eb.selectFrom('agent_test_runs as r').select(eb.fn.countAll().as('running')).whereRef('r.workspace_id', '=', 'q.workspace_id').where('r.status', '=', 'running'),
        )
        .orderBy((eb) =>
          eb
            .selectFrom('agent_test_runs as r')
            .select((inner) => inner.fn.coalesce(inner.fn.max('r.claim_order'), inner.lit(0)).as('served'))
            .whereRef('r.workspace_id', '=', 'q.workspace_id'),
        )
        .orderBy('q.id')
        .limit(1);
      if (isPostgres(db)) next = next.forUpdate().skipLocked();
      const row = await db
        .updateTable('agent_test_runs')
        .set((eb) => ({
          status: 'running',
          started_at: new Date(now).toISOString(),
          lease_until: new Date(now + leaseMs).toISOString(),
          // Processes racing on Postgres may stamp the same number: a tie, which only means both were served at once.
          claim_order: eb.selectFrom('agent_test_runs').select((inner) => sql<number>`${inner.fn.coalesce(inner.fn.max('claim_order'), inner.lit(0))} + 1`.as('next')),
        }))
        .where('id', '=', next)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      return row ? toTestRun(row) : undefined;
    },

    /** The heartbeat of a process: it still runs these. */
    async renewLeases(ids: number[], leaseMs: number): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('agent_test_runs')
        .set({ lease_until: new Date(clock.now() + leaseMs).toISOString() })
        .where('id', 'in', ids)
        .where('status', '=', 'running')
        .execute();
    },

    /**
     * Record a running run's outcome, with the events its end fires in the same
     * transaction, and answer the finished run; a run no longer running (interrupted) is
     * left alone and answers undefined.
     */
    async finish(id: number, outcome: RunOutcome, events: (finished: TestRunRecord) => OutboxEvent[] = () => []): Promise<TestRunRecord | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('agent_test_runs')
          .set({
            status: outcome.status,
            passed: outcome.passed ? 1 : 0,
            rationale: outcome.rationale,
            error: outcome.error,
            result: outcome.result === null ? null : JSON.stringify(outcome.result),
            agent_version: outcome.agentVersion,
            duration_ms: Math.max(0, Math.round(outcome.durationMs)),
            completed_at: isoNow(clock),
          })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        const finished = toTestRun(row);
        await appendOutbox(trx, clock, events(finished));
        return finished;
      });
    },

    /** Running runs whose lease ran out: the process that claimed them is gone. */
    async listAbandoned(): Promise<TestRunRecord[]> {
      const now = new Date(clock.now()).toISOString();
      const rows = await db
        .selectFrom('agent_test_runs')
        .selectAll()
        .where('status', '=', 'running')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('id')
        .execute();
      return rows.map(toTestRun);
    },

    /** Finished runs of a workspace since `since`, grouped by day, status and test type. */
    async stats(workspaceId: number, since: string): Promise<RunStatsRow[]> {
      const rows = await db
        .selectFrom('agent_test_runs as r')
        .innerJoin('agent_tests as t', 't.id', 'r.test_id')
        .select((eb) => [
          eb.fn<string>('substr', ['r.completed_at', eb.val(1), eb.val(10)]).as('day'),
          'r.status',
          't.type',
          eb.fn.countAll().as('runs'),
          eb.fn.sum<number | string | null>('r.duration_ms').as('total_ms'),
        ])
        .where('r.workspace_id', '=', workspaceId)
        .where('r.completed_at', '>=', since)
        .where('r.status', 'in', ['passed', 'failed', 'error'])
        .groupBy(['day', 'r.status', 't.type'])
        .execute();
      return rows.map((row) => ({ day: row.day, status: row.status, type: row.type, runs: Number(row.runs), totalMs: Number(row.total_ms ?? 0) }));
    },
  };
}
