import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { startServerProcess, tempSqliteUrl, type ServerProcess } from '../helpers/server-process.ts';

describe('kill -9 while 20 conversations are mid-turn', () => {
  let llm: FakeLlm;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await server?.stop();
    await llm.close();
  });

  it('keeps every acknowledged message exactly once, and every conversation continues after restart', async () => {
    const env = { DATABASE_URL: tempSqliteUrl(), OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'test' };
    const first = await startServerProcess(env);
    const headers = { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' };
    const post = (base: string, path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

    const agent = await (await post(first.url, '/v1/agents', llmAgentBody({ max_turns: 50 }))).json();
    const sessions = `/workflow/${agent.id}/text-chat/sessions`;
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) runs.push((await (await post(first.url, sessions, {})).json()).workflow_run_id);

    const acknowledged = new Map<number, string[]>();
    for (const run of runs) {
      for (const text of [`${run}-a`, `${run}-b`]) {
        const res = await post(first.url, `${sessions}/${run}/messages`, { content: text });
        expect(res.status).toBe(200);
        acknowledged.set(run, [...(acknowledged.get(run) ?? []), text]);
      }
    }

    // 20 turns in flight, each waiting on a slow LLM; then the process dies without warning.
    llm.setHandler(() => ({ content: 'too late', delayMs: 10_000 }));
    const inflight = runs.map((run) => post(first.url, `${sessions}/${run}/messages`, { content: `${run}-lost` }).catch(() => undefined));
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(20);
    await first.kill();
    await Promise.all(inflight);

    llm.reset();
    server = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    for (const run of runs) {
      const view = await (await fetch(`${server.url}${sessions}/${run}`, { headers })).json();
      const users = view.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: string }) => m.content);
      expect(users).toEqual(acknowledged.get(run));
      expect(view.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
      const next = await post(server.url, `${sessions}/${run}/messages`, { content: `${run}-c` });
      expect(next.status).toBe(200);
      expect((await next.json()).index).toBe(6);
    }
  }, 120_000);
});
