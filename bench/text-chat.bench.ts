/**
 * Text-chat turns measured from outside, next to two baselines from the same run:
 *
 * - a bare Hono JSON echo, to show the load generator drives a server far faster than
 *   Parley (otherwise the "baseline" is the generator's own ceiling);
 * - the turn floor of the same database engine: Hono plus the bare driver doing exactly a
 *   turn's reads and writes on Parley's schema (bench/lib/floor-*.ts).
 *
 * Parley runs as `npm start` runs it (the compiled server, built first); the echo and the
 * floor run as plain JavaScript too. Closed loop (saturation): wrk, one connection per
 * thread, 50 connections over 100 sessions of the ask → say loop agent. Paced: 70 % of
 * Parley's saturation rate from two open-loop pacer processes (bench/lib/pacer.ts), every
 * server at that same rate. Then SSE first deltas (one stream at a time, and 50 at once)
 * and what an `llm` turn adds to the LLM's own time. On Postgres, how turns scale with
 * concurrent sessions, pool size and a second server process (bench/lib/pg-scaling.ts).
 *
 *   npx tsx bench/text-chat.bench.ts [--seconds 10] [--warmup 2] [--database sqlite|postgres] [--wrk-threads N] [--no-scaling]
 *   npx tsx bench/text-chat.bench.ts --only sse     (the SSE first deltas alone, on SQLite)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { buildServer } from '../scripts/build-server.ts';
import { generateApiKey } from '../server/auth/api-key.ts';
import { MAX_STORED_HISTORY } from '../server/runtime/history-window.ts';
import { openDatabase } from '../server/storage/database.ts';
import { startFakeLlm, type FakeLlm } from '../test/fake-llm/fake-llm.ts';
import { llmAgentBody } from '../test/fixtures/loop-agent.ts';
import { createBenchDatabases, type BenchDatabase } from './lib/bench-databases.ts';
import { startChild, type ChildServer } from './lib/child-server.ts';
import { closedRun, type ClosedFigures } from './lib/closed-run.ts';
import { compileBenchScript } from './lib/compile-bench-script.ts';
import { measureFirstDeltas, type FirstDeltaFigures, type LlmTiming } from './lib/first-delta.ts';
import { measureLlmTurnCost, type LlmTurnCost } from './lib/llm-turn-cost.ts';
import { runPaced, type PacedFigures } from './lib/pacer.ts';
import { createLoopSessions, poster, startParley } from './lib/parley-child.ts';
import { createPgProbe, type PgProbe } from './lib/pg-probe.ts';
import { benchPgScaling, type PgScaling } from './lib/pg-scaling.ts';
import { firstDeltaTable, textChatTable } from './lib/text-chat-table.ts';
import { fmt } from './lib/stats.ts';
import { recordedServerMs } from './lib/recorded-server-ms.ts';
import { readTurnTemplate } from './lib/turn-template.ts';
import type { WrkTarget } from './lib/wrk-targets.ts';

const ECHO = new URL('./lib/echo-server.ts', import.meta.url).pathname;
const FLOOR = new URL('./lib/floor-server.ts', import.meta.url).pathname;
const BODY = JSON.stringify({ content: 'hello' });
const PACED_FRACTION = 0.7;
/** Sessions grown to the history bound at once before the runs. */
const GROW_AT_ONCE = 10;
/** 50 conversations as a model would stream them: first token after 100–400 ms, a chunk every 20 ms, starts spread over a second. */
const SPREAD_STREAMS = { firstByteMs: { min: 100, max: 400 }, chunkDelayMs: 20, startSpreadMs: 1000 };
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
  /** Postgres only: the scaling runs (concurrency, pool size, two processes). */
  scaling?: boolean;
}

export type Servers<T> = { echo: T; floor: T; parley: T };

export interface TextChatBenchResult {
  options: TextChatBenchOptions;
  /** The snapshot Parley stored for the loop agent at its history bound; the floor writes it twice a turn. */
  snapshotBytes: number;
  /** 1-minute load average before and after the run: the machine's other work. */
  load: { before: number; after: number };
  closed: Servers<ClosedFigures>;
  paced: Servers<PacedFigures> & { rate: number };
  /** One stream at a time; 50 at once, spread out as a model streams; 50 in lockstep. */
  firstDelta: FirstDeltaRows;
  llmTurn: LlmTurnCost;
  scaling?: PgScaling;
}

export type { ClosedFigures };

export async function benchTextChat(options: TextChatBenchOptions): Promise<TextChatBenchResult> {
  const before = loadavg()[0] ?? Number.NaN;
  const databases = await createBenchDatabases(options.database);
  const llm = await startFakeLlm();
  const key = generateApiKey();
  const stops: (() => Promise<void>)[] = [async () => llm.close(), () => databases.drop()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  const started = <T extends { stop(): Promise<void> } | { close(): Promise<void> }>(thing: T): T => {
    stops.push(() => ('stop' in thing ? thing.stop() : thing.close()));
    return thing;
  };
  try {
    // What `npm start` runs: the compiled server, built from the sources as they are now.
    const { entry } = await buildServer();
    const echo = started(await startChild([await compileBenchScript(ECHO)], {}, /listening at (http:\S+)/));
    const env = { DATABASE_URL: databases.parleyUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench' };
    const parley = started(await startParley(entry, env));
    const post = poster(parley.url, key);
    const loop = await createLoopSessions(parley.url, key, options.sessions);

    // The floor writes what Parley writes: a snapshot of a conversation at its history bound.
    // So every measured session starts there too: sessions that start empty write smaller
    // snapshots for their first sixty turns, which flattered the closed-loop rate (about
    // half of a 10 s run) and set the paced rate above what Parley sustains at the bound.
    const toHistoryBound = async (run: number) => {
      for (let i = 0; i <= MAX_STORED_HISTORY / 2; i++) await (await post(`${loop.base}/${run}/messages`, { content: 'hello' })).arrayBuffer();
    };
    const sample = withRun.parse(await (await post(loop.base, {})).json()).workflow_run_id;
    await toHistoryBound(sample);
    for (let i = 0; i < loop.runs.length; i += GROW_AT_ONCE) await Promise.all(loop.runs.slice(i, i + GROW_AT_ONCE).map(toHistoryBound));
    const template = await withParleyDatabase(databases.parleyUrl, (db) => readTurnTemplate(db, sample));
    const templateFile = join(tmpdir(), `parley-floor-${process.pid}-${Date.now()}.json`);
    writeFileSync(templateFile, JSON.stringify(template));
    stops.push(async () => rmSync(templateFile, { force: true }));
    const floor = started(
      await startChild(
        [await compileBenchScript(FLOOR)],
        { FLOOR_DATABASE_URL: databases.floorUrl, FLOOR_TEMPLATE_FILE: templateFile, FLOOR_API_KEY: key, FLOOR_SESSIONS: String(options.sessions) },
        /floor ready (\{.*\})\n/,
      ),
    );
    const floorInfo = floorReady.parse(JSON.parse(floor.url));
    const postgres = options.database.engine === 'postgres';
    const probes = postgres ? { floor: started(await createPgProbe(databases.floorUrl)), parley: started(await createPgProbe(databases.parleyUrl)) } : undefined;

    const targets: Servers<{ server: ChildServer; origin: string; targets: WrkTarget[]; probe?: PgProbe | undefined }> = {
      echo: { server: echo, origin: echo.url, targets: loop.runs.map(() => ({ path: '/echo' })) },
      floor: { server: floor, origin: floorInfo.url, targets: floorInfo.sessions.map((id) => ({ path: `/sessions/${id}/messages`, headers: { authorization: `Bearer ${key}` } })), probe: probes?.floor },
      parley: { server: parley, origin: parley.url, targets: loop.targets, probe: probes?.parley },
    };
    const closedOf = (server: keyof Servers<unknown>) => {
      const { origin, targets: list, probe } = targets[server];
      return closedRun({
        loads: [{ origin, targets: list, body: BODY, connections: options.connections, ...(options.wrkThreads ? { threads: options.wrkThreads } : {}) }],
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        pids: [targets[server].server.child.pid],
        probe,
      });
    };
    const closed = { echo: await closedOf('echo'), floor: await closedOf('floor'), parley: await closedOf('parley') };

    const rate = Math.max(10, Math.round(closed.parley.perSecond * PACED_FRACTION));
    const pacedOf = (server: keyof Servers<unknown>) => runPaced({ origin: targets[server].origin, targets: targets[server].targets, body: BODY, ratePerSecond: rate, seconds: options.seconds });
    const paced = { rate, echo: await pacedOf('echo'), floor: await pacedOf('floor'), parley: await pacedOf('parley') };

    const { llmBase, firstDelta } = await allFirstDeltas(llm, parley, key);
    const llmTurn = await measureLlmTurnCost(llm, post, llmBase, 200, (runs) => withParleyDatabase(databases.parleyUrl, (db) => recordedServerMs(db, runs)));

    const scaling =
      postgres && probes && options.scaling !== false
        ? await benchPgScaling({
            entry,
            env,
            parley: { server: parley, origin: parley.url, targets: loop.targets, probe: probes.parley },
            floor: { server: floor, origin: floorInfo.url, targets: targets.floor.targets, probe: probes.floor },
            body: BODY,
            seconds: options.seconds,
            warmupSeconds: options.warmupSeconds,
            connections: [5, 10, 25, 50, 100].filter((c) => c <= options.sessions),
            poolSizes: [5, 10, 20, 40],
            processConnections: options.connections,
          })
        : undefined;
    return {
      options,
      snapshotBytes: Buffer.byteLength(template.snapshot),
      load: { before, after: loadavg()[0] ?? Number.NaN },
      closed,
      paced,
      firstDelta,
      llmTurn,
      ...(scaling ? { scaling } : {}),
    };
  } finally {
    await stopAll();
  }
}

/** The SSE part on its own (`--only sse`): the fake LLM, the compiled `parley serve` on SQLite, the three stream shapes. */
export async function benchFirstDeltas(): Promise<{ load: { before: number; after: number }; firstDelta: FirstDeltaRows }> {
  const before = loadavg()[0] ?? Number.NaN;
  const databases = await createBenchDatabases({ engine: 'sqlite' });
  const llm = await startFakeLlm();
  let parley: ChildServer | undefined;
  try {
    const { entry } = await buildServer();
    const key = generateApiKey();
    parley = await startParley(entry, { DATABASE_URL: databases.parleyUrl, PARLEY_API_KEY: key, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench' });
    const { firstDelta } = await allFirstDeltas(llm, parley, key);
    return { load: { before, after: loadavg()[0] ?? Number.NaN }, firstDelta };
  } finally {
    await parley?.stop();
    await llm.close();
    await databases.drop();
  }
}

type FirstDeltaRows = (FirstDeltaFigures & { timing: LlmTiming })[];

/** An agent with an `llm` node, then first deltas: one stream at a time, 50 spread as a model streams, 50 in lockstep. */
async function allFirstDeltas(llm: FakeLlm, server: ChildServer, apiKey: string): Promise<{ llmBase: string; firstDelta: FirstDeltaRows }> {
  const llmAgent = withId.parse(await (await poster(server.url, apiKey)('/v1/agents', llmAgentBody())).json());
  const llmBase = `/workflow/${llmAgent.id}/text-chat/sessions`;
  const parley = { origin: server.url, apiKey, pid: server.child.pid };
  const firstDelta = [
    await measureFirstDeltas(llm, parley, llmBase, { concurrency: 1, turnsEach: 200 }),
    await measureFirstDeltas(llm, parley, llmBase, { concurrency: 50, turnsEach: 10, timing: SPREAD_STREAMS }),
    await measureFirstDeltas(llm, parley, llmBase, { concurrency: 50, turnsEach: 10 }),
  ];
  return { llmBase, firstDelta };
}

async function withParleyDatabase<T>(url: string, use: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const reader = await openDatabase({ url });
  try {
    return await use(reader.db);
  } finally {
    await reader.close();
  }
}

export { textChatTable };

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      database: { type: 'string', default: 'sqlite' },
      'wrk-threads': { type: 'string' },
      'no-scaling': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  if (values.only !== undefined && values.only !== 'sse') throw new Error(`--only takes "sse", not ${values.only}`);
  if (values.only === 'sse') {
    const { load, firstDelta } = await benchFirstDeltas();
    console.log([`Load average (1 min) ${fmt(load.before, 2)} before, ${fmt(load.after, 2)} after.`, '', ...firstDeltaTable(firstDelta)].join('\n'));
    process.exit(0);
  }
  const adminUrl = process.env.PARLEY_BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
  if (values.database === 'postgres' && !adminUrl) throw new Error('--database postgres needs PARLEY_BENCH_POSTGRES_URL or PARLEY_TEST_POSTGRES_URL');
  const database: BenchDatabase = values.database === 'postgres' && adminUrl ? { engine: 'postgres', adminUrl } : { engine: 'sqlite' };
  const result = await benchTextChat({
    database,
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    connections: 50,
    sessions: 100,
    scaling: !values['no-scaling'],
    ...(values['wrk-threads'] ? { wrkThreads: Number(values['wrk-threads']) } : {}),
  });
  console.log(textChatTable(result).join('\n'));
}
