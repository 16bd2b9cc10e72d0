import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError, type InboxEntry, type ParleyClient } from '../../client/index.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { serverClient } from '../helpers/server-client.ts';
import { createTempPostgresDatabase } from '../helpers/postgres-database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { readSse } from '../helpers/sse.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const postgres = testDatabases().some((d) => d.dialect === 'postgres') ? process.env.PARLEY_TEST_POSTGRES_URL : undefined;

describe.runIf(postgres)('two server processes on one Postgres', () => {
  let database: Awaited<ReturnType<typeof createTempPostgresDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  /** Clients of A and B with the workspace's key. */
  let apiA: ParleyClient;
  let apiB: ParleyClient;

  beforeAll(async () => {
    database = await createTempPostgresDatabase(postgres ?? '');
    a = await startServerProcess({ DATABASE_URL: database.url });
    b = await startServerProcess({ DATABASE_URL: database.url, PARLEY_API_KEY: a.key });
    [apiA, apiB] = [await serverClient(a), await serverClient(b)];
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('drives one widget conversation through both alternately, its events stream held by the other', async () => {
    const agent = await apiA.agents.create(loopAgentBody);
    // A visitor's browser on the shop's site, as the widget calls the API: no key, its origin.
    const browser = (server: ServerProcess) => serverClient(server, { apiKey: undefined, headers: { origin: 'https://shop.example' } });
    const [visitorA, visitorB] = [await browser(a), await browser(b)];
    const run = await visitorA.textChat.start(agent.id);
    const visitor = { sessionToken: run.session_token };

    const stream = visitorB.textChat.events(agent.id, run.workflow_run_id, visitor);
    // Asked for now, so the stream is open on B before anything is pushed through A.
    const gather = stream.next();
    for (let i = 0; i < 6; i++) {
      const server = i % 2 === 0 ? visitorA : visitorB;
      const reply = await server.textChat.send(agent.id, run.workflow_run_id, { content: `turn ${i}` }, visitor);
      expect(reply).toMatchObject({ content: `You said: turn ${i}\n\nSay something.`, index: 2 * i + 2, revision: i + 2 });
    }
    const view = await visitorB.textChat.get(agent.id, run.workflow_run_id, {}, visitor);
    expect(view.messages).toHaveLength(13);

    // Pushed through A, heard on the stream B holds (LISTEN/NOTIFY): a gather prompt,
    // a hand-off to a human, an operator's reply, the end. Each call's answer is checked
    // against its documented success (202, 200, 201) by the client's OpenAPI check.
    await apiA.calls.gather(run.call_id, { prompt: 'Your PIN, then #', max_digits: 4 });
    expect((await gather).value).toMatchObject({ type: 'gather' });
    await visitorA.textChat.gather(agent.id, run.workflow_run_id, { input: '1234#' }, visitor);
    expect((await stream.next()).value).toMatchObject({ type: 'gather_end' });
    await apiA.calls.transfer(run.call_id, { destination: 'human' });
    expect((await stream.next()).value).toMatchObject({ type: 'transferred' });
    await apiA.calls.sendOperatorMessage(run.call_id, { content: 'Hi, this is Sam.' });
    const operator = (await stream.next()).value;
    expect(operator).toMatchObject({ type: 'message', message: { author: 'operator', content: 'Hi, this is Sam.' } });
    await apiA.calls.end(run.call_id);
    const ended = (await stream.next()).value;
    expect(ended).toMatchObject({ type: 'ended', reason: 'api' });
    // Ended through A, the stream B holds closes: no stream outlives its session.
    expect((await stream.next()).done).toBe(true);
  });

  it('refuses a turn that raced another process to the same revision', async () => {
    const agent = await apiA.agents.create(loopAgentBody);
    const run = (await apiA.textChat.start(agent.id)).workflow_run_id;
    const send = (api: ParleyClient, i: number) => api.textChat.send(agent.id, run, { content: `race ${i}`, expected_revision: 1 });
    const answers = await Promise.allSettled([send(apiA, 0), send(apiB, 1), send(apiA, 2), send(apiB, 3)]);
    const statuses = answers.map((r) => (r.status === 'fulfilled' ? 200 : r.reason instanceof ParleyError ? r.reason.status : String(r.reason))).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const view = await apiA.textChat.get(agent.id, run);
    expect(view.messages).toHaveLength(3);
    expect(view.revision).toBe(2);
  });

  it('pushes the operator inbox across processes: a hand-off, a claim and a visitor message through A reach the inbox stream B holds', async () => {
    const agent = await apiA.agents.create(loopAgentBody);
    const run = await apiA.textChat.start(agent.id);
    const controller = new AbortController();
    const inbox = apiB.inbox.events({ signal: controller.signal });
    const first = await inbox.next();
    expect(first.value?.conversations.map((c: InboxEntry) => c.call_id)).not.toContain(run.call_id);
    /** The next queue B pushes in which the conversation matches (a burst of changes may be read as one). */
    const until = async (matches: (entry: InboxEntry | undefined) => boolean) => {
      for (;;) {
        const step = await inbox.next();
        if (step.done === true) throw new Error('the inbox stream closed');
        const entry = step.value.conversations.find((c: InboxEntry) => c.call_id === run.call_id);
        if (matches(entry)) return entry;
      }
    };

    await apiA.calls.transfer(run.call_id, { destination: 'human' });
    expect(await until((e) => e !== undefined)).toMatchObject({ claim: null, unread_count: 0 });
    await apiA.inbox.claim(run.call_id, { display_name: 'Sam' });
    expect(await until((e) => e?.claim !== null)).toMatchObject({ claim: { display_name: 'Sam' } });
    await apiA.textChat.send(agent.id, run.workflow_run_id, { content: 'Anyone there?' });
    expect(await until((e) => e?.unread_count === 1)).toMatchObject({ last_message: { author: 'user', content: 'Anyone there?' } });
    await apiA.inbox.handBack(run.call_id, { node: 'ask' });
    expect(await until((e) => e === undefined)).toBeUndefined();
    controller.abort();
  });

  it("carries the operator's typing through A to the visitor's widget stream B holds, with the operator's name", async () => {
    const agent = await apiA.agents.create(loopAgentBody);
    const visitor = await serverClient(a, { apiKey: undefined, headers: { origin: 'https://shop.example' } });
    const run = await visitor.textChat.start(agent.id);
    await apiA.calls.transfer(run.call_id, { destination: 'human' });
    await apiA.inbox.claim(run.call_id, { display_name: 'Sam Okafor' });

    // The widget's own request: its session token, its origin, an event stream.
    const controller = new AbortController();
    const response = await fetch(`${b.url}/workflow/${agent.id}/text-chat/sessions/${run.workflow_run_id}/events`, {
      headers: { accept: 'text/event-stream', origin: 'https://shop.example', 'x-session-token': run.session_token ?? '' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const events = readSse(response);
    // A typing signal is stored nowhere: one sent before B listens is lost, so A repeats it (as the console does while the operator writes) until B's stream has it.
    let heard = false;
    const typing = (async () => {
      while (!heard) {
        await apiA.inbox.typing(run.call_id);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    for await (const event of events) {
      if (event.event !== 'typing') continue;
      heard = true;
      expect(event.id).toBeUndefined();
      expect(JSON.parse(event.data)).toEqual({ type: 'typing', author: 'operator', author_name: 'Sam Okafor' });
      break;
    }
    await typing;
    controller.abort();
    expect(heard).toBe(true);
  });
});
