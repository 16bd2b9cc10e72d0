/**
 * Text-chat turns/s and latency on a deterministic node (SQLite, 50 concurrent
 * sessions) next to a bare Hono JSON echo measured in the same run; and how long after
 * the fake LLM's first chunk the first SSE `delta` reaches the client.
 *
 *   npx tsx bench/text-chat.bench.ts [--seconds 10] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import { generateApiKey } from '../server/auth/api-key.ts';
import { startFakeLlm } from '../test/fake-llm/fake-llm.ts';
import { loopAgentBody, llmAgentBody } from '../test/fixtures/loop-agent.ts';
import { readSse } from '../test/helpers/sse.ts';
import { tempSqliteUrl } from '../test/helpers/server-process.ts';
import { startChild } from './lib/child-server.ts';
import { fmt, percentile, runLoad, type LoadResult } from './lib/load.ts';

const BIN = new URL('../bin/parley.js', import.meta.url).pathname;
const ECHO = new URL('./lib/echo-server.ts', import.meta.url).pathname;

export interface TextChatBenchResult {
  database: string;
  echo: LoadResult;
  turns: LoadResult;
  paced: LoadResult;
  ratio: number;
  firstDelta: { p50: number; p99: number; samples: number };
}

export interface TextChatBenchOptions {
  seconds: number;
  concurrency: number;
  databaseUrl: string;
}

export async function benchTextChat({ seconds, concurrency, databaseUrl }: TextChatBenchOptions): Promise<TextChatBenchResult> {
  const llm = await startFakeLlm();
  const key = generateApiKey();
  const echo = await startChild(ECHO, [], {}, /listening at (http:\S+)/);
  const parley = await startChild(BIN, ['serve'], { PORT: '0', DATABASE_URL: databaseUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench', LOG_LEVEL: 'warn' }, /running at (http:\S+)/);
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = (url: string, body: unknown, extra: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });

  try {
    const echoResult = await runLoad({
      concurrency,
      durationMs: seconds * 1000,
      request: async () => (await post(`${echo.url}/echo`, { content: 'hi' }).then(async (r) => (await r.arrayBuffer(), r.ok))),
    });

    const agent = await (await post(`${parley.url}/v1/agents`, loopAgentBody)).json();
    const base = `${parley.url}/workflow/${agent.id}/text-chat/sessions`;
    const runs: number[] = [];
    for (let i = 0; i < concurrency; i++) runs.push((await (await post(base, {})).json()).workflow_run_id);
    const turns = await runLoad({
      concurrency,
      durationMs: seconds * 1000,
      request: async (worker) => {
        const res = await post(`${base}/${runs[worker]}/messages`, { content: 'hello' });
        await res.arrayBuffer();
        return res.ok;
      },
    });

    // The same sessions at a paced rate of half the saturation throughput: latency without queueing.
    const paced = await runLoad({
      concurrency,
      durationMs: seconds * 1000,
      ratePerSecond: Math.max(10, Math.floor(turns.perSecond / 2)),
      request: async (worker) => {
        const res = await post(`${base}/${runs[worker]}/messages`, { content: 'hello' });
        await res.arrayBuffer();
        return res.ok;
      },
    });

    // SSE: one streamed turn at a time, so the gap measures Parley, not queueing.
    const llmAgent = await (await post(`${parley.url}/v1/agents`, llmAgentBody())).json();
    const llmBase = `${parley.url}/workflow/${llmAgent.id}/text-chat/sessions`;
    const gaps: number[] = [];
    let run = 0;
    for (let i = 0; i < 200; i++) {
      // A fresh session every 10 turns keeps the llm node below its max_turns.
      if (i % 10 === 0) run = (await (await post(llmBase, {})).json()).workflow_run_id;
      llm.reset();
      llm.enqueue({ content: 'streamed words arrive one by one', chunkDelayMs: 1 });
      const res = await post(`${llmBase}/${run}/messages`, { content: `q${i}` }, { accept: 'text/event-stream' });
      for await (const event of readSse(res)) {
        if (event.event === 'delta' && gaps.length === i) {
          const firstChunkAt = llm.timings[0]?.firstChunkAt;
          if (firstChunkAt !== undefined) gaps.push(performance.now() - firstChunkAt);
        }
      }
    }
    gaps.sort((a, b) => a - b);
    return {
      database: databaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite',
      echo: echoResult,
      turns,
      paced,
      ratio: turns.perSecond / echoResult.perSecond,
      firstDelta: { p50: percentile(gaps, 50), p99: percentile(gaps, 99), samples: gaps.length },
    };
  } finally {
    await parley.stop();
    await echo.stop();
    await llm.close();
  }
}

export function textChatTable(r: TextChatBenchResult, { seconds, concurrency }: Pick<TextChatBenchOptions, 'seconds' | 'concurrency'>): string[] {
  return [
    `| measure (${r.database}, ${concurrency} concurrent sessions, ${seconds} s each) | value |`,
    '|---|---|',
    `| bare Hono JSON echo (baseline, same run) | ${fmt(r.echo.perSecond, 0)} req/s, p50 ${fmt(r.echo.p50)} ms, p99 ${fmt(r.echo.p99)} ms |`,
    `| text-chat append on a deterministic node, closed loop | ${fmt(r.turns.perSecond, 0)} turns/s, p50 ${fmt(r.turns.p50)} ms, p99 ${fmt(r.turns.p99)} ms, errors ${r.turns.errors} |`,
    `| turns/s ÷ echo req/s | ${fmt(r.ratio * 100)} % (target ≥ 25 %) |`,
    `| text-chat append paced at ${fmt(r.paced.perSecond, 0)} turns/s | p50 ${fmt(r.paced.p50)} ms, p99 ${fmt(r.paced.p99)} ms (target p99 ≤ 25 ms) |`,
    `| SSE first delta after the LLM's first chunk | p50 ${fmt(r.firstDelta.p50, 2)} ms, p99 ${fmt(r.firstDelta.p99, 2)} ms over ${r.firstDelta.samples} turns (target ≤ 2 ms) |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, 'database-url': { type: 'string' }, concurrency: { type: 'string', default: '50' } } });
  const options = { seconds: Number(values.seconds), concurrency: Number(values.concurrency), databaseUrl: values['database-url'] ?? tempSqliteUrl() };
  console.log(textChatTable(await benchTextChat(options), options).join('\n'));
}

