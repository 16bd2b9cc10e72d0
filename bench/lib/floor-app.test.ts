import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, parseDatabaseUrl, type DatabaseHandle } from '../../server/storage/database.ts';
import { dropSchema, testDatabases } from '../../test/helpers/test-databases.ts';
import { createFloorApp } from './floor-app.ts';
import { createPgFloorStore, openFloorPool } from './floor-pg-store.ts';
import { createSqliteFloorStore, FLOOR_CHECKPOINT_PRAGMAS, FLOOR_SQLITE_PRAGMAS, openFloorSqlite } from './floor-sqlite-store.ts';
import { seedFloor } from './floor-seed.ts';
import type { FloorStore } from './floor-store.ts';
import type { TurnTemplate } from './turn-template.ts';

const KEY = 'pk_live_0123456789abcdefghijABCDEFGHIJ';
const template: TurnTemplate = {
  snapshot: JSON.stringify({ status: 'active', value: { ask: 'waiting' }, context: { variables: { said: 'hello' }, history: [] } }),
  variables: '{"said":"hello"}',
  node: 'ask',
  reply: 'You said: hello\n\nSay something.',
  turn: '{"node":"ask","llm":"not_used"}',
};
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(testDatabases())('the turn floor on $dialect', (target) => {
  async function floor() {
    const fresh = target.fresh();
    const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    cleanups.push(async () => {
      await database.close();
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    });
    const [session] = await seedFloor(database.db, { apiKey: KEY, sessions: 2, template, at: '2026-01-01T00:00:00.000Z' });
    const { dialect, target: path } = parseDatabaseUrl(fresh.url);
    const store: FloorStore = dialect === 'sqlite' ? createSqliteFloorStore(openFloorSqlite(path), template) : createPgFloorStore(openFloorPool(fresh.url, fresh.schema), template);
    cleanups.push(() => store.close());
    const app = createFloorApp({ store, template, now: () => new Date('2026-01-02T00:00:00.000Z') });
    const post = (id: number | undefined, body: unknown, key = KEY) =>
      app.request(`/sessions/${id}/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { db: database.db, session: session ?? 0, post };
  }

  test('a turn stores the user and assistant messages and moves the session one revision on', async () => {
    const { db, session, post } = await floor();

    const first = await post(session, { content: 'hello' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      role: 'assistant',
      content: template.reply,
      timestamp: '2026-01-02T00:00:00.000Z',
      index: 2,
      revision: 2,
      session_status: 'active',
      recent_messages: 3,
    });
    expect(await (await post(session, { content: 'again' })).json()).toMatchObject({ index: 4, revision: 3, recent_messages: 5 });

    const messages = await db.selectFrom('messages').select(['idx', 'role', 'content', 'snapshot']).where('session_id', '=', session).orderBy('idx').execute();
    expect(messages.map((m) => [m.idx, m.role, m.content])).toEqual([
      [0, 'assistant', template.reply],
      [1, 'user', 'hello'],
      [2, 'assistant', template.reply],
      [3, 'user', 'again'],
      [4, 'assistant', template.reply],
    ]);
    expect(messages[4]?.snapshot).toBe(template.snapshot);
    const row = await db.selectFrom('sessions').select(['revision', 'message_count', 'snapshot', 'expires_at']).where('id', '=', session).executeTakeFirstOrThrow();
    expect(row).toEqual({ revision: 3, message_count: 5, snapshot: template.snapshot, expires_at: '2026-01-02T00:30:00.000Z' });
  });

  test('a wrong key, an unknown session or a bad body is refused and changes nothing', async () => {
    const { db, session, post } = await floor();

    expect((await post(session, { content: 'hello' }, 'pk_live_wrongwrongwrongwrongwrongwrong12')).status).toBe(401);
    expect((await post(999, { content: 'hello' })).status).toBe(404);
    expect((await post(session, { text: 'hello' })).status).toBe(400);

    const count = await db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});

test("the SQLite floor's connection has the pragmas of Parley's", async () => {
  const fresh = testDatabases({})[0]?.fresh();
  if (!fresh) throw new Error('no SQLite test database');
  const parley: DatabaseHandle = await openDatabase({ url: fresh.url });
  const floorDb = openFloorSqlite(parseDatabaseUrl(fresh.url).target);
  try {
    for (const name of [...FLOOR_SQLITE_PRAGMAS.map((pragma) => pragma.split('=')[0]?.trim() ?? ''), ...FLOOR_CHECKPOINT_PRAGMAS]) {
      const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(parley.db);
      expect(floorDb.sqlite.pragma(name, { simple: true }), name).toEqual(Object.values(rows[0] ?? {})[0]);
    }
  } finally {
    await floorDb.close();
    await parley.close();
  }
});
