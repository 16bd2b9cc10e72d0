/**
 * `Idempotency-Key` on appends: a client unsure whether its message arrived (a dropped
 * connection, a server restart) sends it again with the same key, and the message is
 * never stored or answered twice — the retry gets the answer the first try got.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { readJson } from '../helpers/read-json.ts';
import { collectSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('idempotent appends on $dialect', (target) => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    agent = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(() => t.close());

  const sessions = `/workflow/{agent}/text-chat/sessions`;
  const path = (run?: number) => sessions.replace('{agent}', agent) + (run === undefined ? '' : `/${run}`);
  const start = async () => readJson(await t.call('POST', path(), {}), runSchema, 201);
  const append = (run: number, content: string, key?: string, headers: Record<string, string> = {}) =>
    t.call('POST', `${path(run)}/messages`, { content }, { ...(key ? { 'idempotency-key': key } : {}), ...headers });
  const transcript = async (run: number) => (await readJson(await t.call('GET', path(run)), runSchema, 200)).messages.map((m) => m.content);
  const storedMessages = async (run: number) =>
    Number((await t.database.db.selectFrom('messages').where('session_id', '=', run).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers a retried append with the first answer, storing the message once', async () => {
    const run = (await start()).workflow_run_id;
    const first = await readJson(await append(run, 'hello', 'key-1'), assistantReplySchema, 200);
    const retry = await readJson(await append(run, 'hello', 'key-1'), assistantReplySchema, 200);
    expect(retry).toEqual(first);
    expect(await transcript(run)).toEqual(['Say something.', 'hello', 'You said: hello\n\nSay something.']);
    expect(await storedMessages(run)).toBe(3);
  });

  it('still answers the first answer after the conversation moved on, whatever the retry says or expects', async () => {
    const run = (await start()).workflow_run_id;
    const first = await readJson(await append(run, 'one', 'k-one'), assistantReplySchema, 200);
    await readJson(await append(run, 'two', 'k-two'), assistantReplySchema, 200);
    const late = await readJson(await t.call('POST', `${path(run)}/messages`, { content: 'one', expected_revision: 1 }, { 'idempotency-key': 'k-one' }), assistantReplySchema, 200);
    expect(late).toEqual(first);
    expect(await transcript(run)).toEqual(['Say something.', 'one', 'You said: one\n\nSay something.', 'two', 'You said: two\n\nSay something.']);
  });

  it('answers a streamed retry like every turn that streamed nothing: its text as one delta, then the first answer', async () => {
    const run = (await start()).workflow_run_id;
    const first = await readJson(await append(run, 'stream me', 'k-sse'), assistantReplySchema, 200);
    const events = await collectSse(await append(run, 'stream me', 'k-sse', { accept: 'text/event-stream' }));
    expect(events.map((e) => e.event)).toEqual(['delta', 'message']);
    expect(JSON.parse(events[0]?.data ?? '')).toEqual({ text: first.content });
    expect(JSON.parse(events[1]?.data ?? '')).toEqual(first);
    expect(await storedMessages(run)).toBe(3);
  });

  it('runs one turn for two sends of one key at the same time', async () => {
    const run = (await start()).workflow_run_id;
    const [a, b] = await Promise.all([append(run, 'twice', 'k-race'), append(run, 'twice', 'k-race')]);
    const [ra, rb] = [await readJson(a, assistantReplySchema, 200), await readJson(b, assistantReplySchema, 200)];
    expect(ra).toEqual(rb);
    expect(await transcript(run)).toEqual(['Say something.', 'twice', 'You said: twice\n\nSay something.']);
  });

  it('keeps keys per session, and runs a new turn for a new key or none', async () => {
    const [one, two] = [(await start()).workflow_run_id, (await start()).workflow_run_id];
    await append(one, 'same', 'shared-key');
    const other = await readJson(await append(two, 'same', 'shared-key'), assistantReplySchema, 200);
    expect(other.index).toBe(2);
    await append(one, 'same', 'another-key');
    await append(one, 'same');
    await append(one, 'same');
    expect(await storedMessages(one)).toBe(9);
    expect(await storedMessages(two)).toBe(3);
  });

  it('stores a message relayed to a human once', async () => {
    const run = await start();
    await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' });
    const first = await readJson(await append(run.workflow_run_id, 'anyone there?', 'k-human'), assistantReplySchema, 200);
    expect(first).toMatchObject({ relayed: true, index: 1 });
    expect(await readJson(await append(run.workflow_run_id, 'anyone there?', 'k-human'), assistantReplySchema, 200)).toEqual(first);
    expect(await transcript(run.workflow_run_id)).toEqual(['Say something.', 'anyone there?']);
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters, storing nothing', async () => {
    const run = (await start()).workflow_run_id;
    for (const key of ['with space', 'x'.repeat(256), 'clé']) {
      const res = await t.app.request(`${path(run)}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ content: 'hi' }),
      });
      expect(res.status, key).toBe(400);
      expect((await readError(res)).message).toMatch(/Idempotency-Key/);
    }
    expect(await storedMessages(run)).toBe(1);
  });

  it('documents the header in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, { post?: { parameters?: { name: string; in: string }[]; description?: string } }> };
    const appendOp = doc.paths['/workflow/{id}/text-chat/sessions/{run_id}/messages']?.post;
    expect(appendOp?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]));
    expect(appendOp?.description).toMatch(/Idempotency-Key/);
  });
});
