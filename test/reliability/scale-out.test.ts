import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTempPostgresDatabase } from '../helpers/postgres-database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { readSse } from '../helpers/sse.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const postgres = testDatabases().some((d) => d.dialect === 'postgres') ? process.env.PARLEY_TEST_POSTGRES_URL : undefined;

describe.runIf(postgres)('two server processes on one Postgres', () => {
  let database: Awaited<ReturnType<typeof createTempPostgresDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTempPostgresDatabase(postgres ?? '');
    a = await startServerProcess({ DATABASE_URL: database.url });
    b = await startServerProcess({ DATABASE_URL: database.url, PARLEY_API_KEY: a.key });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('drives one widget conversation through both alternately, its events stream held by the other', async () => {
    const headers = { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' };
    const agent = await (await fetch(`${a.url}/v1/agents`, { method: 'POST', headers, body: JSON.stringify(loopAgentBody) })).json();
    const path = `/workflow/${agent.id}/text-chat/sessions`;
    // A visitor's browser on the shop's site, as the widget calls the API.
    const browser = { origin: 'https://shop.example', 'content-type': 'application/json' };
    const run = await (await fetch(`${a.url}${path}`, { method: 'POST', headers: browser, body: '{}' })).json();
    const visitor = { ...browser, 'x-session-token': run.session_token };

    const stream = readSse(await fetch(`${b.url}${path}/${run.workflow_run_id}/events`, { headers: visitor }));
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? a : b;
      const reply = await (await fetch(`${server.url}${path}/${run.workflow_run_id}/messages`, { method: 'POST', headers: visitor, body: JSON.stringify({ content: `turn ${i}` }) })).json();
      expect(reply).toMatchObject({ content: `You said: turn ${i}\n\nSay something.`, index: 2 * i + 2, revision: i + 2 });
    }
    const view = await (await fetch(`${b.url}${path}/${run.workflow_run_id}`, { headers: visitor })).json();
    expect(view.messages).toHaveLength(13);

    // Pushed through A, heard on the stream B holds (LISTEN/NOTIFY): a gather prompt,
    // a hand-off to a human, an operator's reply, the end.
    const call = `${a.url}/v1/calls/${run.call_id}`;
    expect((await fetch(`${call}/gather`, { method: 'POST', headers, body: JSON.stringify({ prompt: 'Your PIN, then #', max_digits: 4 }) })).status).toBe(202);
    expect((await stream.next()).value).toMatchObject({ event: 'gather' });
    await fetch(`${a.url}${path}/${run.workflow_run_id}/gather`, { method: 'POST', headers: visitor, body: JSON.stringify({ input: '1234#' }) });
    expect((await stream.next()).value).toMatchObject({ event: 'gather_end' });
    expect((await fetch(`${call}/transfer`, { method: 'POST', headers, body: JSON.stringify({ destination: 'human' }) })).status).toBe(200);
    expect((await stream.next()).value).toMatchObject({ event: 'transferred' });
    expect((await fetch(`${call}/operator-messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'Hi, this is Sam.' }) })).status).toBe(201);
    const operator = (await stream.next()).value;
    expect(operator).toMatchObject({ event: 'message' });
    expect(JSON.parse(operator?.data ?? '{}').message).toMatchObject({ author: 'operator', content: 'Hi, this is Sam.' });
    await fetch(`${call}/end`, { method: 'POST', headers });
    const ended = (await stream.next()).value;
    expect(ended).toMatchObject({ event: 'ended' });
    expect(JSON.parse(ended?.data ?? '{}')).toEqual({ type: 'ended', reason: 'api' });
    // Ended through A, the stream B holds closes: no stream outlives its session.
    expect((await stream.next()).done).toBe(true);
  });

  it('refuses a turn that raced another process to the same revision', async () => {
    const headers = { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' };
    const agent = await (await fetch(`${a.url}/v1/agents`, { method: 'POST', headers, body: JSON.stringify(loopAgentBody) })).json();
    const path = `/workflow/${agent.id}/text-chat/sessions`;
    const run = (await (await fetch(`${a.url}${path}`, { method: 'POST', headers, body: '{}' })).json()).workflow_run_id;
    const send = (server: ServerProcess, i: number) =>
      fetch(`${server.url}${path}/${run}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: `race ${i}`, expected_revision: 1 }) });
    const answers = await Promise.all([send(a, 0), send(b, 1), send(a, 2), send(b, 3)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const view = await (await fetch(`${a.url}${path}/${run}`, { headers })).json();
    expect(view.messages).toHaveLength(3);
    expect(view.revision).toBe(2);
  });
});
