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

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Liveness and dependencies',
  responses: { 200: jsonContent(healthSchema, 'Server health'), 503: jsonContent(healthSchema, 'The database is unreachable') },
});

export function createHealthRoutes(deps: { db: Kysely<Database>; llmConfigured: boolean; version: string }) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const db = await sql`select 1`.execute(deps.db).then(() => 'ok' as const, () => 'error' as const);
    const body = { status: db === 'ok' ? ('ok' as const) : ('degraded' as const), db, llm: deps.llmConfigured ? ('configured' as const) : ('not configured' as const), version: deps.version };
    return db === 'ok' ? c.json(body, 200) : c.json(body, 503);
  });
  return app;
}
