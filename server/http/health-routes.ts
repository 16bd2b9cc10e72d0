/**
 * Health for people and for orchestrators. `/health` is the overview (database, LLM,
 * version). `/health/live` says the process answers at all — a failing liveness probe
 * restarts it, so it checks nothing that a restart would not fix. `/health/ready` says
 * whether a load balancer should send it traffic: the database answers, this code's
 * migrations have all run, the background workers run, and it is not draining after SIGTERM.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { createRouter, jsonContent } from './openapi-helpers.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'error']),
  llm: z.enum(['configured', 'not configured']),
  version: z.string(),
});

const liveSchema = z.object({ status: z.literal('ok') });

const readySchema = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.object({
    database: z.enum(['ok', 'error']),
    migrations: z.enum(['ok', 'pending', 'error']),
    /** Each background worker by name: running or stopped. */
    workers: z.record(z.string(), z.enum(['running', 'stopped'])),
    draining: z.boolean(),
  }),
});

const tags = ['Health'];
const routes = {
  health: createRoute({
    method: 'get',
    path: '/health',
    tags,
    summary: 'Liveness and dependencies',
    responses: { 200: jsonContent(healthSchema, 'Server health'), 503: jsonContent(healthSchema, 'The database is unreachable') },
  }),
  live: createRoute({
    method: 'get',
    path: '/health/live',
    tags,
    summary: 'Liveness probe: the process answers (also while draining)',
    responses: { 200: jsonContent(liveSchema, 'The process is alive') },
  }),
  ready: createRoute({
    method: 'get',
    path: '/health/ready',
    tags,
    summary: 'Readiness probe: database reachable, migrations done, workers running, not draining',
    responses: { 200: jsonContent(readySchema, 'Ready for traffic'), 503: jsonContent(readySchema, 'Not ready: the checks say why') },
  }),
};

export interface HealthDeps {
  db: Kysely<Database>;
  llmConfigured: boolean;
  version: string;
  /** This code's migrations the database has not run. */
  pendingMigrations: () => Promise<string[]>;
  /** The background workers this process runs (none in an app built without them). */
  workers?: () => Record<string, { readonly running: boolean }>;
  draining?: () => boolean;
}

export function createHealthRoutes(deps: HealthDeps) {
  const app = createRouter();
  const databaseAnswers = () => sql`select 1`.execute(deps.db).then(() => 'ok' as const, () => 'error' as const);
  // Once every migration has run it stays so for this code: later probes skip the query.
  let migrated = false;
  const migrationState = async () => {
    if (migrated) return 'ok' as const;
    const pending = await deps.pendingMigrations().catch(() => undefined);
    if (pending === undefined) return 'error' as const;
    migrated = pending.length === 0;
    return migrated ? ('ok' as const) : ('pending' as const);
  };

  app.openapi(routes.health, async (c) => {
    const db = await databaseAnswers();
    const body = { status: db === 'ok' ? ('ok' as const) : ('degraded' as const), db, llm: deps.llmConfigured ? ('configured' as const) : ('not configured' as const), version: deps.version };
    return db === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
  app.openapi(routes.live, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(routes.ready, async (c) => {
    const [database, migrations] = await Promise.all([databaseAnswers(), migrationState()]);
    const workers = Object.fromEntries(Object.entries(deps.workers?.() ?? {}).map(([name, w]) => [name, w.running ? ('running' as const) : ('stopped' as const)]));
    const draining = deps.draining?.() ?? false;
    const ready = database === 'ok' && migrations === 'ok' && !draining && Object.values(workers).every((w) => w === 'running');
    const body = { status: ready ? ('ready' as const) : ('not ready' as const), checks: { database, migrations, workers, draining } };
    return ready ? c.json(body, 200) : c.json(body, 503);
  });
  return app;
}
