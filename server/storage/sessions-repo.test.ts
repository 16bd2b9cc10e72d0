import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSqliteForSuite, testDatabases } from '../../test/helpers/test-databases.ts';
import { manualClock } from '../../test/helpers/manual-clock.ts';
import { DomainError } from '../errors.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { createRepositories, type Repositories } from './repositories.ts';
import { INSERTED_COLUMN_TYPES } from './session-commit.ts';
import type { SessionChange } from './sessions-repo.ts';
import type { SessionRecord } from './session-records.ts';

const agentConfig = { name: 'A', system_prompt: '', language: 'en', llm: {}, tools: [], widget: { enabled: false, allowed_origins: [], theme: {} }, knowledge_base_ids: [], knowledge: [] };

/** Any change the aggregate can hand the repository, fork aside (a fork needs an existing message). */
const changeArbitrary = (agentId: number): fc.Arbitrary<SessionChange> =>
  fc.record(
    {
      messages: fc.array(
        fc.record({
          role: fc.constantFrom('assistant' as const, 'user' as const),
          author: fc.constantFrom('agent' as const, 'user' as const, 'operator' as const),
          content: fc.string({ maxLength: 20 }),
          choices: fc.option(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), { nil: undefined }),
          snapshot: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      snapshot: fc.jsonValue({ maxDepth: 2 }),
      node: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      variables: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer())),
      status: fc.constantFrom('active' as const, 'ended' as const, 'transferred' as const),
      endedReason: fc.constantFrom(null, 'api' as const, 'agent-hangup' as const),
      transferDestination: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
      endedAt: fc.option(fc.constant('2026-07-01T00:00:05.000Z'), { nil: null }),
      usage: fc.record({ promptTokens: fc.nat(1000), completionTokens: fc.nat(1000), toolCalls: fc.nat(10) }),
      expiresAt: fc.option(fc.constant('2026-07-01T01:00:00.000Z'), { nil: null }),
      agent: fc.constant({ id: agentId, version: 2 }),
    },
    { requiredKeys: [] },
  );

describe.each(testDatabases())('session commits on $dialect', (target) => {
  let database: DatabaseHandle;
  let repos: Repositories;
  let workspaceId: number;
  let agentId: number;
  const clock = manualClock('2026-07-01T00:00:00.000Z');
  const fresh = target.fresh();

  beforeAll(async () => {
    database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    repos = createRepositories(database.db, clock);
    workspaceId = (await repos.workspaces.create('W')).id;
    agentId = (await repos.agents.create(workspaceId, agentConfig)).id;
  });
  afterAll(async () => {
    await database.close();
    if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
  });

  const newSession = () =>
    repos.sessions.create(
      { workspaceId, agentId, agentVersion: 1, channel: 'api', expiresAt: null },
      { messages: [{ role: 'assistant', author: 'agent', content: 'Hello', snapshot: { at: 0 } }], snapshot: { at: 0 }, variables: {} },
    );
  const outboxCount = async () => Number((await database.db.selectFrom('webhook_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('returns the session exactly as a later read finds it, whatever the change', async () => {
    await fc.assert(
      fc.asyncProperty(changeArbitrary(agentId), async (change) => {
        const session = await newSession();
        clock.advance(1000);
        const saved = await repos.sessions.commit(session, change);
        const read = await repos.sessions.get(session.id);
        // JSON columns come back as JSON: compare the record through the same lens.
        expect(JSON.parse(JSON.stringify(saved))).toEqual(JSON.parse(JSON.stringify(read)));
        expect(saved.revision).toBe(session.revision + 1);
        const transcript = await repos.sessions.transcript(session.id, saved.currentBranch);
        expect(transcript.map((m) => m.content)).toEqual(['Hello', ...(change.messages ?? []).map((m) => m.content)]);
      }),
      { numRuns: 25 },
    );
  });

  it('creates a session with its branch, opening messages and outbox rows, read back as returned', async () => {
    await fc.assert(
      fc.asyncProperty(changeArbitrary(agentId), async (change) => {
        const outbox = await outboxCount();
        const opening: SessionChange = {
          ...change,
          events: (created: SessionRecord) => [{ workspaceId, sessionId: created.id, event: 'call.started', payload: { data: { revision: created.revision } } }],
        };
        const created = await repos.sessions.create({ workspaceId, agentId, agentVersion: 1, channel: 'widget', expiresAt: null, metadata: { plan: 'pro' } }, opening);
        expect(JSON.parse(JSON.stringify(created))).toEqual(JSON.parse(JSON.stringify(await repos.sessions.get(created.id))));
        expect(created).toEqual(expect.objectContaining({ revision: 1, currentBranch: 'b1', branchCount: 1, messageCount: change.messages?.length ?? 0, channel: 'widget' }));
        expect((await repos.sessions.branches(created.id)).map((b) => b.id)).toEqual(['b1']);
        expect((await repos.sessions.transcript(created.id, 'b1')).map((m) => [m.index, m.content])).toEqual((change.messages ?? []).map((m, i) => [i, m.content]));
        const rows = await database.db.selectFrom('webhook_outbox').select(['session_id', 'event', 'data']).orderBy('id').execute();
        expect(rows.slice(outbox)).toEqual([{ session_id: created.id, event: 'call.started', data: JSON.stringify({ revision: 1 }) }]);
      }),
      { numRuns: 15 },
    );
  });

  it('leaves nothing of a creation that fails before it is written in full', async () => {
    const count = async (table: 'sessions' | 'messages' | 'session_branches') => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = { sessions: await count('sessions'), messages: await count('messages'), branches: await count('session_branches'), outbox: await outboxCount() };
    const failing = repos.sessions.create(
      { workspaceId, agentId, agentVersion: 1, channel: 'api', expiresAt: null },
      {
        messages: [{ role: 'assistant', author: 'agent', content: 'Hello' }],
        events: () => {
          throw new Error('the events could not be built');
        },
      },
    );
    await expect(failing).rejects.toThrow('the events could not be built');
    expect({ sessions: await count('sessions'), messages: await count('messages'), branches: await count('session_branches'), outbox: await outboxCount() }).toEqual(before);
  });

  it('writes a fork, its messages and the outbox rows of the change with it', async () => {
    const session = await newSession();
    const turned = await repos.sessions.commit(session, { messages: [{ role: 'user', author: 'user', content: 'hi' }, { role: 'assistant', author: 'agent', content: 'yo', snapshot: { at: 2 } }], snapshot: { at: 2 } });
    const before = await outboxCount();
    const forked = await repos.sessions.commit(turned, {
      snapshot: { at: 0 },
      fork: { branchId: 'b2', parentId: 'b1', index: 0 },
      messages: [{ role: 'user', author: 'user', content: 'again' }],
      events: (saved: SessionRecord) => [{ workspaceId, sessionId: saved.id, event: 'call.ended', payload: { data: { revision: saved.revision } } }],
    });
    expect(forked).toEqual(expect.objectContaining({ currentBranch: 'b2', branchCount: 2, messageCount: 2, revision: 3 }));
    expect(JSON.parse(JSON.stringify(forked))).toEqual(JSON.parse(JSON.stringify(await repos.sessions.get(session.id))));
    expect((await repos.sessions.transcript(session.id, 'b2')).map((m) => m.content)).toEqual(['Hello', 'again']);
    expect((await repos.sessions.transcript(session.id, 'b1')).map((m) => m.content)).toEqual(['Hello', 'hi', 'yo']);
    const rows = await database.db.selectFrom('webhook_outbox').select(['session_id', 'data']).orderBy('id').execute();
    expect(rows.slice(before)).toEqual([{ session_id: session.id, data: JSON.stringify({ revision: 3 }) }]);
  });

  it('refuses a change made at a stale revision with 409 and writes nothing of it', async () => {
    const session = await newSession();
    await repos.sessions.commit(session, { messages: [{ role: 'user', author: 'user', content: 'first' }] });
    const outbox = await outboxCount();
    const stale = repos.sessions.commit(session, {
      messages: [{ role: 'user', author: 'user', content: 'second' }],
      fork: { branchId: 'b2', parentId: 'b1', index: 0 },
      events: (saved: SessionRecord) => [{ workspaceId, sessionId: saved.id, event: 'call.ended', payload: { data: {} } }],
    });
    await expect(stale).rejects.toSatisfy((error) => error instanceof DomainError && error.code === 'revision_conflict');
    const read = await repos.sessions.get(session.id);
    expect(read).toEqual(expect.objectContaining({ revision: 2, messageCount: 2, currentBranch: 'b1', branchCount: 1 }));
    expect((await repos.sessions.branches(session.id)).map((b) => b.id)).toEqual(['b1']);
    expect(await outboxCount()).toBe(outbox);
  });

});

describe('a commit or a creation on SQLite, whose connection Kysely shares', () => {
  const sqlite = freshSqliteForSuite();
  it.each(['commit', 'create'] as const)('%s never joins a transaction another caller holds open: it waits, and survives that one rolling back', async (write) => {
    const { database } = sqlite();
    const repos = createRepositories(database.db, manualClock('2026-07-01T00:00:00.000Z'));
    const workspaceId = (await repos.workspaces.create('W')).id;
    const agentId = (await repos.agents.create(workspaceId, agentConfig)).id;
    const session = await repos.sessions.create({ workspaceId, agentId, agentVersion: 1, channel: 'api', expiresAt: null }, { messages: [{ role: 'assistant', author: 'agent', content: 'Hello' }] });
    let committed = false;
    let commit: Promise<SessionRecord> | undefined;
    const other = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values({ name: 'rolled back', settings: '{}', created_at: '2026-07-01T00:00:00.000Z' }).execute();
      const written =
        write === 'commit'
          ? repos.sessions.commit(session, { messages: [{ role: 'user', author: 'user', content: 'kept' }] })
          : repos.sessions.create({ workspaceId, agentId, agentVersion: 1, channel: 'api', expiresAt: null }, { messages: [{ role: 'assistant', author: 'agent', content: 'kept' }] });
      commit = written.then((saved) => {
        committed = true;
        return saved;
      });
      // Give the commit every chance to run inside this transaction.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(committed).toBe(false);
      throw new Error('roll back');
    });
    await expect(other).rejects.toThrow('roll back');
    const saved = await commit;
    expect(committed).toBe(true);
    if (write === 'commit') expect((await repos.sessions.get(session.id))?.messageCount).toBe(2);
    else expect((await repos.sessions.transcript(saved?.id ?? 0, 'b1')).map((m) => m.content)).toEqual(['kept']);
    expect(await database.db.selectFrom('workspaces').select('id').where('name', '=', 'rolled back').execute()).toEqual([]);
  });
});

describe.each(testDatabases().filter((target) => target.dialect === 'postgres'))('the one-statement commit on $dialect', (target) => {
  // Serial ids are the database's to assign, never inserted.
  it('casts every inserted column to the type the migrated table has', async () => {
    const fresh = target.fresh();
    const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    try {
      const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`select table_name, column_name, data_type from information_schema.columns where table_schema = current_schema()`.execute(database.db);
      for (const [table, columns] of Object.entries(INSERTED_COLUMN_TYPES)) {
        const actual = Object.fromEntries(rows.filter((row) => row.table_name === table && !(row.column_name === 'id' && row.data_type === 'integer')).map((row) => [row.column_name, row.data_type]));
        expect(actual).toEqual(columns);
      }
    } finally {
      await database.close();
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });
});
