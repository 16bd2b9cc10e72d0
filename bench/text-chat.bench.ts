/**
 * Text-chat turns measured from outside, next to two baselines from the same run:
 *
 * - a bare Hono JSON echo, to show the load generator drives a server far faster than
 *   Parley (otherwise the "baseline" is the generator's own ceiling);
 * - the turn floor of the same database engine: Hono plus the bare driver doing exactly a
 *   turn's reads and writes on Parley's schema (bench/lib/floor-*.ts).
 *
 * Closed loop (saturation): wrk, one connection per thread, 50 connections over 100
 * sessions of the ask → say loop agent. Paced: 70 % of Parley's saturation rate from two
 * open-loop pacer processes (bench/lib/pacer.ts), every server at that same rate. Then the
 * SSE first delta after the fake LLM's first chunk, one stream at a time.
 *
 *   npx tsx bench/text-chat.bench.ts [--seconds 10] [--warmup 2] [--database sqlite|postgres]
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateApiKey } from '../server/auth/api-key.ts';
import { buildServer } from '../scripts/build-server.ts';
import { MAX_STORED_HISTORY } from '../server/runtime/history-window.ts';
import { openDatabase } from '../server/storage/database.ts';
import { startFakeLlm } from '../test/fake-llm/fake-llm.ts';
import { llmAgentBody, loopAgentBody } from '../test/fixtures/loop-agent.ts';
import { readSse } from '../test/helpers/sse.ts';
import { createBenchDatabases, type BenchDatabase } from './lib/bench-databases.ts';
import { startChild } from './lib/child-server.ts';
import { compileBenchScript } from './lib/compile-bench-script.ts';
import type { LoadFigures } from './lib/load-figures.ts';
import { runPaced, type PacedFigures } from './lib/pacer.ts';
import { processCpuMs } from './lib/process-cpu.ts';
import { percentile } from './lib/stats.ts';
import { textChatTable } from './lib/text-chat-table.ts';
import { readTurnTemplate } from './lib/turn-template.ts';
import { runWrk } from './lib/wrk.ts';
import type { WrkTarget } from './lib/wrk-targets.ts';

const ECHO = new URL('./lib/echo-server.ts', import.meta.url).pathname;
const FLOOR = new URL('./lib/floor-server.ts', import.meta.url).pathname;
const BODY = JSON.stringify({ content: 'hello' });
const PACED_FRACTION = 0.7;
const floorReady = z.object({ url: z.url(), sessions: z.array(z.number().int()) });
const withId = z.looseObject({ id: z.string() });
const withRun = z.looseObject({ workflow_run_id: z.number().int() });

export interface TextChatBenchOptions {
  database: BenchDatabase;
  seconds: number;
  /** Closed-loop seconds before each measured run, not counted (JIT, sockets, caches). */
  warmupSeconds: number;
  connections: number;
  /** wrk threads; default one per connection (see bench/lib/wrk.ts). */
  wrkThreads?: number;
  sessions: number;
}

export type Servers<T> = { echo: T; floor: T; parley: T };

/** A closed-loop run, with the server process's CPU time per answered request (load-steady; see lib/process-cpu.ts). */
export interface ClosedFigures extends LoadFigures {
  cpuMsPerRequest: number;
}

export interface TextChatBenchResult {
  options: TextChatBenchOptions;
  /** The snapshot Parley stored for the loop agent at its history bound; the floor writes it twice a turn. */
  snapshotBytes: number;
  /** 1-minute load average before and after the run: the machine's other work. */
  load: { before: number; after: number };
  closed: Servers<ClosedFigures>;
  paced: Servers<PacedFigures> & { rate: number };
  firstDelta: { p50: number; p99: number; samples: number };
}

export async function benchTextChat(options: TextChatBenchOptions): Promise<TextChatBenchResult> {
  const before = loadavg()[0] ?? Number.NaN;
  const databases = await createBenchDatabases(options.database);
  const llm = await startFakeLlm();
  const key = generateApiKey();
  const stops: (() => Promise<void>)[] = [async () => llm.close(), () => databases.drop()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    // What `npm start` runs: the compiled server, built from the sources as they are now.
    const { entry } = await buildServer();
    const echo = await startChild([await compileBenchScript(ECHO)], {}, /listening at (http:\S+)/);
    stops.push(echo.stop);
    const parley = await startChild(
      ['--enable-source-maps', entry, 'serve'],
      { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databases.parleyUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench', LOG_LEVEL: 'warn' },
      /running at (http:\S+)/,
    );
    stops.push(parley.stop);
    const auth = { authorization: `Bearer ${key}` };
    const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
      const res = await fetch(`${parley.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
      return res;
    };
    const agent = withId.parse(await (await post('/v1/agents', loopAgentBody)).json());
    const base = `/workflow/${agent.id}/text-chat/sessions`;
    const runs: number[] = [];
    for (let i = 0; i < options.sessions; i++) runs.push(withRun.parse(await (await post(base, {})).json()).workflow_run_id);

    // The floor writes what Parley writes: a snapshot of a conversation at its history bound.
    const sample = withRun.parse(await (await post(base, {})).json()).workflow_run_id;
    for (let i = 0; i <= MAX_STORED_HISTORY / 2; i++) await (await post(`${base}/${sample}/messages`, { content: 'hello' })).arrayBuffer();
    const reader = await openDatabase({ url: databases.parleyUrl });
    const template = await readTurnTemplate(reader.db, sample).finally(() => reader.close());
    const templateFile = join(tmpdir(), `parley-floor-${process.pid}-${Date.now()}.json`);
    writeFileSync(templateFile, JSON.stringify(template));
    stops.push(async () => rmSync(templateFile, { force: true }));

    const floor = await startChild(
      [await compileBenchScript(FLOOR)],
      { FLOOR_DATABASE_URL: databases.floorUrl, FLOOR_TEMPLATE_FILE: templateFile, FLOOR_API_KEY: key, FLOOR_SESSIONS: String(options.sessions) },
      /floor ready (\{.*\})\n/,
    );
    stops.push(floor.stop);
    const floorInfo = floorReady.parse(JSON.parse(floor.url));

    const targets: Servers<{ origin: string; targets: WrkTarget[] }> = {
      echo: { origin: echo.url, targets: runs.map(() => ({ path: '/echo' })) },
      floor: { origin: floorInfo.url, targets: floorInfo.sessions.map((id) => ({ path: `/sessions/${id}/messages`, headers: auth })) },
      parley: { origin: parley.url, targets: runs.map((run) => ({ path: `${base}/${run}/messages`, headers: auth })) },
    };
    const pids: Servers<number | undefined> = { echo: echo.child.pid, floor: floor.child.pid, parley: parley.child.pid };
    const closedRun = async (server: keyof Servers<unknown>): Promise<ClosedFigures> => {
      const load = { ...targets[server], body: BODY, connections: options.connections, ...(options.wrkThreads ? { threads: options.wrkThreads } : {}) };
      if (options.warmupSeconds > 0) await runWrk({ ...load, seconds: options.warmupSeconds });
      const cpuBefore = processCpuMs(pids[server]);
      const { figures } = await runWrk({ ...load, seconds: options.seconds });
      return { ...figures, cpuMsPerRequest: (processCpuMs(pids[server]) - cpuBefore) / Math.max(1, figures.ok + figures.non2xx) };
    };
    const closed = { echo: await closedRun('echo'), floor: await closedRun('floor'), parley: await closedRun('parley') };

    const rate = Math.max(10, Math.round(closed.parley.perSecond * PACED_FRACTION));
    const pacedRun = (server: keyof Servers<unknown>) => runPaced({ ...targets[server], body: BODY, ratePerSecond: rate, seconds: options.seconds });
    const paced = { rate, echo: await pacedRun('echo'), floor: await pacedRun('floor'), parley: await pacedRun('parley') };

    const firstDelta = await measureFirstDelta(llm, post);
    return {
      options,
      snapshotBytes: Buffer.byteLength(template.snapshot),
      load: { before, after: loadavg()[0] ?? Number.NaN },
      closed,
      paced,
      firstDelta,
    };
  } finally {
    await stopAll();
  }
}

type Post = (path: string, body: unknown, extra?: Record<string, string>) => Promise<Response>;

/** SSE: one streamed turn at a time, so the gap measures Parley, not queueing. */
async function measureFirstDelta(llm: Awaited<ReturnType<typeof startFakeLlm>>, post: Post): Promise<TextChatBenchResult['firstDelta']> {
  const llmAgent = withId.parse(await (await post('/v1/agents', llmAgentBody())).json());
  const llmBase = `/workflow/${llmAgent.id}/text-chat/sessions`;
  const gaps: number[] = [];
  let run = 0;
  for (let i = 0; i < 200; i++) {
    // A fresh session every 10 turns keeps the llm node below its max_turns.
    if (i % 10 === 0) run = withRun.parse(await (await post(llmBase, {})).json()).workflow_run_id;
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
  return { p50: percentile(gaps, 50), p99: percentile(gaps, 99), samples: gaps.length };
}

export { textChatTable };

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, database: { type: 'string', default: 'sqlite' }, 'wrk-threads': { type: 'string' } },
  });
  const adminUrl = process.env.PARLEY_BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
  if (values.database === 'postgres' && !adminUrl) throw new Error('--database postgres needs PARLEY_BENCH_POSTGRES_URL or PARLEY_TEST_POSTGRES_URL');
  const database: BenchDatabase = values.database === 'postgres' && adminUrl ? { engine: 'postgres', adminUrl } : { engine: 'sqlite' };
  const result = await benchTextChat({ database, seconds: Number(values.seconds), warmupSeconds: Number(values.warmup), connections: 50, sessions: 100, ...(values['wrk-threads'] ? { wrkThreads: Number(values['wrk-threads']) } : {}) });
  console.log(textChatTable(result).join('\n'));
}
