import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { heapUsedAfterGc } from '../helpers/memory-report.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const SECONDS = Number(process.env.PARLEY_LOAD_SECONDS ?? 60);
const CONVERSATIONS = 200;

const heapMb = async (server: ServerProcess) => (await heapUsedAfterGc(server)) / 2 ** 20;

describe(`${CONVERSATIONS} concurrent widget conversations for ${SECONDS} s`, () => {
  let llm: FakeLlm;
  let server: ServerProcess;
  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(() => ({ content: 'A short streamed answer from the fake model.', chunkDelayMs: 2 }));
    server = await startServerProcess({
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'test',
      // Every simulated visitor comes from 127.0.0.1: lift the per-IP limit for this test.
      PARLEY_RATE_LIMIT_IP_PER_MINUTE: '1000000',
      PARLEY_RATE_LIMIT_SESSION_PER_MINUTE: '1000000',
      NODE_OPTIONS: '--expose-gc',
    });
  });
  afterAll(async () => {
    await server.stop();
    await llm.close();
  });

  it('answers no 5xx, loses no message, and holds memory flat', async () => {
    const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
    const agent = await (await fetch(`${server.url}/v1/agents`, { method: 'POST', headers, body: JSON.stringify({ ...llmAgentBody({ max_turns: 200 }), widget: { enabled: true } }) })).json();
    const path = `${server.url}/workflow/${agent.id}/text-chat/sessions`;
    const browser = { origin: server.url, 'content-type': 'application/json' };

    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const acknowledged = new Map<number, number>();
    const tokens = new Map<number, string>();
    const deadline = Date.now() + SECONDS * 1000;
    let warmHeap = 0;
    const warm = setTimeout(() => void heapMb(server).then((mb) => (warmHeap = mb)), Math.min(10_000, SECONDS * 250));

    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, visitor) => {
        while (Date.now() < deadline) {
          const start = await fetch(path, { method: 'POST', headers: browser, body: '{}' });
          count(start.status);
          if (!start.ok) continue;
          const run = await start.json();
          tokens.set(run.workflow_run_id, run.session_token);
          for (let turn = 0; turn < 10 && Date.now() < deadline; turn++) {
            const res = await fetch(`${path}/${run.workflow_run_id}/messages`, {
              method: 'POST',
              headers: { ...browser, 'x-session-token': run.session_token, ...(turn % 2 ? { accept: 'text/event-stream' } : {}) },
              body: JSON.stringify({ content: `visitor ${visitor} turn ${turn}` }),
            });
            await res.text();
            count(res.status);
            if (res.ok) acknowledged.set(run.workflow_run_id, (acknowledged.get(run.workflow_run_id) ?? 0) + 1);
          }
        }
      }),
    );
    clearTimeout(warm);

    const serverErrors = [...statuses].filter(([status]) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(CONVERSATIONS);

    // Every acknowledged user message is in its transcript, exactly once.
    for (const [run, turns] of acknowledged) {
      const view = await (await fetch(`${path}/${run}`, { headers: { origin: server.url, 'x-session-token': tokens.get(run) ?? '' } })).json();
      expect(view.messages.filter((m: { role: string }) => m.role === 'user')).toHaveLength(turns);
    }

    // Memory: sessions live in the database, so after a full GC the heap is back near its
    // size early in the run, however many conversations came and went.
    const after = await heapMb(server);
    const turns = [...acknowledged.values()].reduce((a, b) => a + b, 0);
    console.info(`load: ${acknowledged.size} conversations, ${turns} turns in ${SECONDS} s; heap after GC ${warmHeap.toFixed(1)} MB warm → ${after.toFixed(1)} MB after`);
    expect(after, `heap warm ${warmHeap.toFixed(1)} MB, after ${after.toFixed(1)} MB`).toBeLessThan(warmHeap + 16);
  }, (SECONDS + 120) * 1000);
});
