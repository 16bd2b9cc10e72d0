import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { startServerProcess, tempSqliteUrl, type ServerProcess } from '../helpers/server-process.ts';
import { collectSse, collectUntilClosed } from '../helpers/sse.ts';

const REPLY = 'Thanks for waiting: here is the whole answer, every word of it.';

describe('SIGTERM while turns are in flight', () => {
  let llm: FakeLlm;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? s.stop() : undefined)));
    await llm.close();
  });

  async function serve(env: Record<string, string>) {
    const server = await startServerProcess({ OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'test', ...env });
    servers.push(server);
    const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
    const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
    return { server, headers, post };
  }

  it('answers the turns in progress (JSON and streamed), stores them, ends event streams at once and exits 0 within the grace', async () => {
    llm.reset();
    llm.setHandler(() => ({ content: REPLY, delayMs: 2500, chunkDelayMs: 20 }));
    const env = { DATABASE_URL: tempSqliteUrl(), PARLEY_SHUTDOWN_GRACE_MS: '10000' };
    const { server, headers, post } = await serve(env);
    const agent = await (await post('/v1/agents', llmAgentBody())).json();
    const sessions = `/workflow/${agent.id}/text-chat/sessions`;
    const [a, b] = await Promise.all([post(sessions, {}), post(sessions, {})].map(async (res) => (await (await res).json()).workflow_run_id as number));
    const events = await fetch(`${server.url}${sessions}/${a}/events`, { headers });
    expect(events.status).toBe(200);

    const replied = post(`${sessions}/${a}/messages`, { content: 'Plain JSON, please' }).then(async (res) => ({ status: res.status, body: await res.json(), at: performance.now() }));
    const streamed = post(`${sessions}/${b}/messages`, { content: 'Stream it, please' }, { accept: 'text/event-stream' }).then(collectSse);
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBe(2);

    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const eventsClosedAt = await collectUntilClosed(events, 5000).then(() => performance.now());
    const late = await fetch(`${server.url}/health`).then((res) => res.status, () => 'refused');
    expect([503, 'refused']).toContain(late);

    const json = await replied;
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ role: 'assistant', content: REPLY, index: 2 });
    // The events stream did not wait for the turn: it ended when the drain began.
    expect(eventsClosedAt).toBeLessThan(json.at);
    const sse = await streamed;
    expect(sse.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text).join('')).toBe(REPLY);
    expect(JSON.parse(sse.find((e) => e.event === 'message')?.data ?? '{}')).toMatchObject({ content: REPLY, index: 2 });

    expect(await server.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(10_000);

    const { server: again } = await serve({ ...env, PARLEY_API_KEY: server.key });
    for (const [run, text] of [[a, 'Plain JSON, please'], [b, 'Stream it, please']] as const) {
      const view = await (await fetch(`${again.url}${sessions}/${run}`, { headers })).json();
      expect(view.messages.map((m: { content: string }) => m.content)).toEqual(['Hello! How can I help?', text, REPLY]);
    }
    expect(await again.stop()).toBe(0);
  }, 60_000);

  it('cuts off a turn longer than the grace period and still exits soon after the deadline', async () => {
    llm.reset();
    llm.setHandler(() => ({ content: REPLY, delayMs: 30_000 }));
    const env = { DATABASE_URL: tempSqliteUrl(), PARLEY_SHUTDOWN_GRACE_MS: '1000' };
    const { server, headers, post } = await serve(env);
    const agent = await (await post('/v1/agents', llmAgentBody())).json();
    const sessions = `/workflow/${agent.id}/text-chat/sessions`;
    const run = (await (await post(sessions, {})).json()).workflow_run_id;
    const turn = post(`${sessions}/${run}/messages`, { content: 'Take your time' }).then((res) => res.status, () => 'cut off');
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBe(1);

    const signalled = performance.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const took = performance.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(6000);
    expect(await turn).toBe('cut off');

    // The cut-off turn kept the user's message and says it was interrupted.
    const { server: again } = await serve({ ...env, PARLEY_API_KEY: server.key });
    const view = await (await fetch(`${again.url}${sessions}/${run}`, { headers })).json();
    expect(view.messages.map((m: { content: string }) => m.content)).toEqual(['Hello! How can I help?', 'Take your time', 'The reply was interrupted before it finished.']);
    expect(await again.stop()).toBe(0);
  }, 60_000);
});
