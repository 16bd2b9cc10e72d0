/**
 * The turn floor as its own process, like Parley's server: seeds a fresh database with
 * Parley's migrations (setup), then serves turns through the bare driver on 127.0.0.1.
 * Prints `floor ready {"url":…,"sessions":[…]}` once listening.
 *
 *   FLOOR_DATABASE_URL=sqlite:/tmp/f.db FLOOR_TEMPLATE_FILE=t.json FLOOR_API_KEY=pk_live_… FLOOR_SESSIONS=100 \
 *     node --import tsx bench/lib/floor-server.ts
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { openDatabase, parseDatabaseUrl } from '../../server/storage/database.ts';
import { createFloorApp } from './floor-app.ts';
import { createPgFloorStore, openFloorPool } from './floor-pg-store.ts';
import { createSqliteFloorStore, openFloorSqlite } from './floor-sqlite-store.ts';
import { seedFloor } from './floor-seed.ts';
import { turnTemplateSchema } from './turn-template.ts';

const env = z
  .object({
    FLOOR_DATABASE_URL: z.string(),
    FLOOR_TEMPLATE_FILE: z.string(),
    FLOOR_API_KEY: z.string().min(1),
    FLOOR_SESSIONS: z.coerce.number().int().min(1).max(100_000),
  })
  .parse(process.env);

const template = turnTemplateSchema.parse(JSON.parse(readFileSync(env.FLOOR_TEMPLATE_FILE, 'utf8')));
const setup = await openDatabase({ url: env.FLOOR_DATABASE_URL });
const sessions = await seedFloor(setup.db, { apiKey: env.FLOOR_API_KEY, sessions: env.FLOOR_SESSIONS, template, at: new Date().toISOString() });
await setup.close();

const { dialect, target } = parseDatabaseUrl(env.FLOOR_DATABASE_URL);
const store = dialect === 'sqlite' ? createSqliteFloorStore(openFloorSqlite(target), template) : createPgFloorStore(openFloorPool(target), template);
const server = serve({ fetch: createFloorApp({ store, template }).fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`floor ready ${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, sessions })}\n`);
});
process.once('SIGTERM', () => server.close(() => void store.close().finally(() => process.exit(0))));
