/**
 * Erasure (issue #19 item 3): a call erased, or every call of a verified visitor or of a
 * metadata match, leaves no trace — not in the calls API, its search, its exports or
 * branches, and not in any row of any table (read raw) — and the audit log records the
 * erasure by call id without what the call said.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, ParleyClient } from '../../client/index.ts';
import { visitorSecretSchema } from '../../shared/api/agents-api.ts';
import { erasureResultSchema } from '../../shared/api/erasure-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { startSessionResponseSchema } from '../../shared/api/sessions-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { readError } from '../helpers/api-reads.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { signVisitor } from '../helpers/visitor-signing.ts';

const ORIGIN = 'https://shop.example';

describe.each(testDatabases())('erasing conversations on $dialect', (target) => {
  let t: TestApp;
  let parley: ParleyClient;
  let echo: Agent;
  let secret: string;

  /** Every row of every table of the database, as text: what a raw scan would find. */
  async function everyRow(): Promise<string> {
    const tables = await t.database.db.introspection.getTables();
    const mine = tables.filter((table) => (t.location.schema ? table.schema === t.location.schema : true));
    expect(mine.map((table) => table.name)).toEqual(expect.arrayContaining(['messages', 'sessions', 'session_events', 'webhook_outbox', 'audit_log']));
    const dumps: string[] = [];
    for (const table of mine) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(t.database.db);
      dumps.push(JSON.stringify(rows));
    }
    return dumps.join('\n');
  }

  /** A conversation that says `word` twice, rewound once (two branches), with a debug link. */
  async function conversation(word: string): Promise<string> {
    const run = await parley.textChat.start(echo.id);
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: `first ${word}` });
    await parley.textChat.rewind(echo.id, run.workflow_run_id, { message_index: 0 });
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: `second ${word}` });
    await parley.calls.debugLink(run.call_id);
    return run.call_id;
  }

  /** A widget conversation of a verified visitor saying `word`. */
  async function visitorConversation(visitorId: string, word: string): Promise<string> {
    const res = await t.app.request(`/workflow/${echo.id}/text-chat/sessions`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: signVisitor(secret, { id: visitorId, name: `Name of ${visitorId}` }) }),
    });
    const run = await readJson(res, runSchema, 201);
    expect(run.visitor?.id).toBe(visitorId);
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: word });
    // Ended, so the visitor's next conversation is a new call rather than this one resumed.
    await parley.calls.end(run.call_id);
    return run.call_id;
  }

  /** A sessions-API conversation with metadata, saying `word`. */
  async function metadataConversation(metadata: Record<string, unknown>, word: string): Promise<string> {
    const res = await t.call('POST', '/api/v1/sessions', { agent_id: echo.id, session_type: 'agent_chat', metadata });
    const { session } = await readJson(res, startSessionResponseSchema, 201);
    expect((await t.call('POST', `/api/v1/sessions/${session.session_id}/messages`, { content: word })).status).toBe(200);
    return session.session_id;
  }

  const callIds = async () => (await parley.calls.page({ limit: 100 })).calls.map((c) => c.call_id).sort();

  beforeAll(async () => {
    t = await createTestApp(target);
    parley = inProcessClient(t);
    echo = await parley.agents.create(loopAgentBody);
    secret = (await readJson(await t.call('POST', `/v1/agents/${echo.id}/visitor-secret`), visitorSecretSchema, 201)).secret;
    // Every turn writes webhook outbox rows about the call.
    await parley.webhooks.create({ url: 'https://hooks.example/parley', events: ['*'] });
  });
  afterAll(() => t?.close());

  it('erases one call: gone from the API, its search, exports and branches, and from every row of every table', async () => {
    const erased = await conversation('ZEBRAQUARTZ');
    const kept = await conversation('KEEPSAKE');
    expect(await everyRow()).toContain('ZEBRAQUARTZ');

    expect((await t.call('DELETE', `/v1/calls/${erased}`)).status).toBe(204);

    for (const path of [`/v1/calls/${erased}`, `/v1/calls/${erased}/export?format=json`, `/v1/calls/${erased}/export?format=csv`, `/v1/calls/${erased}/branches`]) {
      expect((await readError(await t.call('GET', path), 404)).code, path).toBe('not_found');
    }
    expect((await parley.calls.page({ q: 'ZEBRAQUARTZ' })).calls).toEqual([]);
    expect(await everyRow()).not.toContain('ZEBRAQUARTZ');
    // Only that call: the other keeps every word.
    expect((await parley.calls.page({ q: 'KEEPSAKE' })).calls.map((c) => c.call_id)).toEqual([kept]);
    expect((await parley.calls.branches(kept)).branches.length).toBe(2);
    // A second erasure of the same call finds nothing.
    expect((await readError(await t.call('DELETE', `/v1/calls/${erased}`), 404)).code).toBe('not_found');

    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', erased).execute();
    expect(audit.map((row) => [row.action, row.actor_kind, row.object_type, JSON.parse(row.detail)])).toEqual([['call.erased', 'api_key', 'call', { reason: 'request' }]]);
  });

  it('erases every call of a verified visitor, after a dry run that changes nothing', async () => {
    const ada = [await visitorConversation('visitor-ada', 'ADASECRET one'), await visitorConversation('visitor-ada', 'ADASECRET two')].sort();
    const bob = await visitorConversation('visitor-bob', 'BOBSECRET');

    const dry = await readJson(await t.call('POST', '/v1/erasures', { visitor_id: 'visitor-ada', dry_run: true }), erasureResultSchema, 200);
    expect(dry).toEqual({ dry_run: true, matched: 2, erased: 0, call_ids: ada });
    expect(await callIds()).toEqual(expect.arrayContaining([...ada, bob]));

    const done = await parley.dataProtection.erase({ visitor_id: 'visitor-ada' });
    expect(done).toEqual({ dry_run: false, matched: 2, erased: 2, call_ids: ada });
    const rows = await everyRow();
    for (const gone of ['ADASECRET', 'visitor-ada', 'Name of visitor-ada']) expect(rows).not.toContain(gone);
    expect(rows).toContain('BOBSECRET');
    expect(await callIds()).toEqual(expect.arrayContaining([bob]));
    expect(await callIds()).not.toEqual(expect.arrayContaining([ada[0]]));
    const audit = await t.database.db.selectFrom('audit_log').select(['object_id', 'detail']).where('action', '=', 'call.erased').where('object_id', 'in', ada).execute();
    expect(audit.map((row) => [row.object_id, JSON.parse(row.detail)]).sort()).toEqual(ada.map((id) => [id, { reason: 'visitor' }]).sort());
  });

  it('erases every call whose metadata matches every given key exactly, and no other', async () => {
    const pro = await metadataConversation({ crm_id: 'C-1', plan: 'pro' }, 'CRMONE a');
    const matching = [pro, await metadataConversation({ crm_id: 'C-1' }, 'CRMONE b')].sort();
    const others = [
      await metadataConversation({ crm_id: 'C-10' }, 'CRMTEN'),
      await metadataConversation({ crm_id: 1 }, 'CRMNUMBER'),
      await metadataConversation({ other: 'C-1' }, 'OTHERKEY'),
    ];

    const dry = await parley.dataProtection.erase({ metadata: { crm_id: 'C-1' }, dry_run: true });
    expect([dry.matched, dry.erased, dry.call_ids]).toEqual([2, 0, matching]);
    const both = await parley.dataProtection.erase({ metadata: { crm_id: 'C-1', plan: 'pro' }, dry_run: true });
    expect([both.matched, both.call_ids]).toEqual([1, [pro]]);

    const done = await parley.dataProtection.erase({ metadata: { crm_id: 'C-1' } });
    expect([done.matched, done.erased]).toEqual([2, 2]);
    const rows = await everyRow();
    expect(rows).not.toContain('CRMONE');
    for (const word of ['CRMTEN', 'CRMNUMBER', 'OTHERKEY']) expect(rows).toContain(word);
    expect(await callIds()).toEqual(expect.arrayContaining(others));
    const audit = await t.database.db.selectFrom('audit_log').select('detail').where('object_id', 'in', matching).execute();
    expect(audit.map((row) => JSON.parse(row.detail))).toEqual([
      { reason: 'metadata', metadata_keys: ['crm_id'] },
      { reason: 'metadata', metadata_keys: ['crm_id'] },
    ]);
    expect(JSON.stringify(audit)).not.toContain('C-1');
  });

  it('refuses a request naming both or neither of visitor_id and metadata, or an empty match, with a 400 that erases nothing', async () => {
    const before = await everyRow();
    for (const body of [{}, { visitor_id: 'visitor-bob', metadata: { crm_id: 'C-10' } }, { metadata: {} }, { metadata: { a: { nested: 1 } } }, { visitor_id: '' }, { visitor_id: 'visitor-bob', extra: 1 }]) {
      expect((await readError(await t.call('POST', '/v1/erasures', body), 400)).code, JSON.stringify(body)).toBe('invalid_request');
    }
    expect((await readError(await t.call('DELETE', '/v1/calls/not-a-call'), 404)).code).toBe('not_found');
    expect((await readError(await t.call('DELETE', '/v1/calls/call_99999999'), 404)).code).toBe('not_found');
    expect(await everyRow()).toBe(before);
  });
});

describe('erasing a conversation from the SQLite file itself', () => {
  const [sqliteTarget] = testDatabases().filter((d) => d.dialect === 'sqlite');
  let t: TestApp;
  afterAll(() => t?.close());

  it('overwrites the erased words in the file (secure_delete) once the WAL is folded in', async () => {
    if (!sqliteTarget) throw new Error('the SQLite target is always there');
    t = await createTestApp(sqliteTarget);
    const parley = inProcessClient(t);
    const echo = await parley.agents.create(loopAgentBody);
    const run = await parley.textChat.start(echo.id);
    await parley.textChat.send(echo.id, run.workflow_run_id, { content: 'FORENSICWORD '.repeat(400) });
    const file = t.location.url.replace(/^sqlite:/, '');
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.database.db);
    // The scan sees the words while the call exists, so its silence afterwards means something.
    expect(readFileSync(file).includes('FORENSICWORD')).toBe(true);

    await parley.calls.erase(run.call_id);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.database.db);
    expect(readFileSync(file).includes('FORENSICWORD')).toBe(false);
  });
});
